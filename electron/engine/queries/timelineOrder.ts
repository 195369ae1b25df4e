import type { CaseDb } from '../case/CaseDb.js';
import { childLogger } from '../log.js';

const log = childLogger('timeline');

/**
 * The timeline's order, kept with the case. `timeline_rows` holds every event's timeline columns
 * sorted as the timeline sorts them (time, nulls last, then event id) and numbered by `pos`, with
 * the lower-cased text the text filter searches. A page of the whole case is then a range of `pos`
 * that DuckDB finds from row-group minimums and maximums, instead of a sort of every event, and a
 * filtered page sorts one integer. Ingest rebuilds it; a case whose events changed since (or from
 * before it existed) is read from `events`, sorted, as before.
 */

/** The columns the timeline's text condition searches, in this order. */
export const textFields = [
  'action',
  'actor',
  'actor_display',
  'credential',
  'issued',
  'target',
  'target_display',
  'src_ip',
  'error_code',
] as const;

/** Between the fields of `text_lower`: a control character no one types into a search. */
export const textSeparator = '\u001f';

/** What the kept order covers: the count of events, and how many of them have no time. */
export interface TimelineOrder {
  events: number;
  untimed: number;
}

const metaKey = 'timeline_order';

const buildSql = `CREATE TABLE timeline_rows AS
  SELECT row_number() OVER (ORDER BY time NULLS LAST, event_id) - 1 AS pos, event_id, time,
    source, category, action, outcome, actor, actor_display, credential, issued, target,
    target_display, src_ip, error_code,
    lower(concat_ws(chr(31), ${textFields.join(', ')})) AS text_lower
  FROM events ORDER BY pos`;

/** Write the order of every event of the case, in one transaction with the stamp that vouches for it. */
export async function rebuildTimelineOrder(db: CaseDb): Promise<TimelineOrder> {
  const started = Date.now();
  const order = await db.transaction(async () => {
    await db.run(`DROP TABLE IF EXISTS timeline_rows`);
    await db.run(buildSql);
    const counts = await db.one<{ events: string; untimed: string }>(
      `SELECT count(*) AS events, count(*) FILTER (WHERE time IS NULL) AS untimed FROM timeline_rows`,
    );
    const built = { events: Number(counts?.events ?? 0), untimed: Number(counts?.untimed ?? 0) };
    await db.run(`INSERT OR REPLACE INTO meta VALUES ('${metaKey}', $v)`, {
      v: JSON.stringify(built),
    });
    return built;
  });
  log.info({ ...order, ms: Date.now() - started }, 'kept the timeline order');
  return order;
}

/** The kept order when it covers exactly the case's events, else null. */
export async function currentTimelineOrder(db: CaseDb): Promise<TimelineOrder | null> {
  const row = await db.one<{ stamp: string | null; events: string }>(
    `SELECT (SELECT value FROM meta WHERE key = '${metaKey}') AS stamp,
       (SELECT count(*) FROM events) AS events`,
  );
  if (!row?.stamp) return null;
  const order = JSON.parse(row.stamp) as TimelineOrder;
  return order.events === Number(row.events) ? order : null;
}

/** An inclusive range of `pos`, read in the given direction. */
export interface PosRange {
  from: number;
  to: number;
  descending: boolean;
}

/**
 * The ranges of `pos` that hold rows `offset` to `offset + limit` of the whole case. Oldest first
 * they are one range. Newest first, timed events come in reverse and the untimed ones still last
 * (also in reverse, by event id), so a page can span two ranges.
 */
export function pageRanges(
  order: TimelineOrder,
  offset: number,
  limit: number,
  descending: boolean,
): PosRange[] {
  const end = Math.min(order.events, offset + limit);
  if (offset >= end) return [];
  if (!descending) return [{ from: offset, to: end - 1, descending: false }];

  const timed = order.events - order.untimed;
  const ranges: PosRange[] = [];
  if (offset < timed) {
    // Row i (i < timed) is pos timed - 1 - i.
    ranges.push({ from: timed - Math.min(end, timed), to: timed - 1 - offset, descending: true });
  }
  if (end > timed) {
    // Row i (i >= timed) is pos events - 1 - (i - timed).
    const first = Math.max(offset, timed);
    ranges.push({
      from: order.events - 1 - (end - 1 - timed),
      to: order.events - 1 - (first - timed),
      descending: true,
    });
  }
  return ranges;
}
