import type { CaseDb } from '../case/CaseDb.js';
import type { Statement } from './reconciliation.js';
import { childLogger } from '../log.js';

const log = childLogger('inventory');

/**
 * The inventory's counts, kept with the case. Counting what each identity did reads every event
 * through every credential it holds: at 10 M events that took 75 s, for each page. Kept in
 * `inventory_counts` after each rebuild of the graph, a page is a sort of one table. The `meta`
 * key `inventory_counts` records the events and links they were counted over; a case whose
 * graph changed since (or from before they were kept) counts them for each page, as before.
 */

const metaKey = 'inventory_counts';

/**
 * The columns the kept counts hold. Counts kept with other columns (before `search_lower`, for
 * one) are not current, so a case opened after an upgrade counts them again, once.
 */
const keptVersion = 2;

/** What the counts were made over: the events, the links, and the settings' windows. */
interface Stamp {
  version?: number;
  events: number;
  links: number;
  settings: string;
}

async function stampOf(db: CaseDb): Promise<Stamp> {
  const row = await db.one<{ events: string; links: string }>(
    `SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM links) AS links`,
  );
  const settings = JSON.stringify(await db.settings());
  return {
    version: keptVersion,
    events: Number(row?.events ?? 0),
    links: Number(row?.links ?? 0),
    settings,
  };
}

/**
 * Count what every identity did, as `select` gives it, then run `more` (statements keeping more
 * of each identity), in one transaction with the stamp.
 */
export async function rebuildInventoryCounts(
  db: CaseDb,
  select: string,
  more: (rows: number) => Statement[] = () => [],
): Promise<number> {
  const started = Date.now();
  // Each identity is read by its id, never in stored order: keeping the order costs memory.
  await db.run(`SET preserve_insertion_order = false`);
  const rows = await db
    .transaction(async () => {
      await db.run(`DROP TABLE IF EXISTS inventory_counts`);
      await db.run(`CREATE TABLE inventory_counts AS ${select}`);
      const counted = await db.one<{ n: string }>(`SELECT count(*) AS n FROM inventory_counts`);
      for (const [sql, params] of more(Number(counted?.n ?? 0))) await db.run(sql, params);
      await db.run(`INSERT OR REPLACE INTO meta VALUES ('${metaKey}', $v)`, {
        v: JSON.stringify(await stampOf(db)),
      });
      return Number(counted?.n ?? 0);
    })
    .finally(() => db.run('RESET preserve_insertion_order'));
  log.info({ rows, ms: Date.now() - started }, 'kept the inventory counts');
  return rows;
}

/** Whether the kept counts were made over the case's events and links as they are now. */
export async function inventoryCountsCurrent(db: CaseDb): Promise<boolean> {
  const row = await db.one<{ value: string }>(`SELECT value FROM meta WHERE key = '${metaKey}'`);
  if (!row) return false;
  const kept = JSON.parse(row.value) as Stamp;
  const now = await stampOf(db);
  return (
    kept.version === now.version &&
    kept.events === now.events &&
    kept.links === now.links &&
    kept.settings === now.settings
  );
}
