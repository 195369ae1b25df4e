import type { CaseSettings, Reconciliation, SecretRead } from '../../../shared/model.js';
import type { CaseDb, Params } from '../case/CaseDb.js';

/** A statement and the parameters it binds. */
export type Statement = [sql: string, params?: Params];
import { secretUsesCte } from '../findings/sqlParts.js';
import { isoSql } from '../graph/nodeSql.js';
import { childLogger } from '../log.js';

const log = childLogger('reconciliation');

/** Secret reads listed a row at most; the timeline filtered on the node lists them all. */
export const MAX_SECRET_READS = 100;

interface FigureRow {
  node_id: string;
  subject: 'credential' | 'holder';
  origin: 'issued' | 'outside' | null;
  issued_at: string | null;
  first_used_at: string | null;
  never_used: boolean;
  to_first_use: number | null;
  work: number | null;
  calls: string | null;
}

interface ReadRow {
  node_id: string;
  event_id: string;
  time: string;
  secret: string;
  src_ip: string | null;
  next_event: string | null;
  next_time: string | null;
  next_credential: string | null;
  next_ip: string | null;
  seconds_after: number | null;
}

// Each row's credentials: the node itself where records name it as a credential, and the
// credentials it holds. The node list comes in as one JSON parameter.
const askedNodes = `SELECT DISTINCT unnest($ids::JSON::TEXT[]) AS node_id`;
const credsCtes = (nodes: string) => `
  nodes_in AS (${nodes}),
  creds AS (
    SELECT node_id, node_id AS credential, 'credential' AS subject FROM nodes_in
    UNION
    SELECT h.from_id, h.to_id, 'holder' FROM links h JOIN nodes_in n ON n.node_id = h.from_id
    WHERE h.kind = 'holds')`;

const figuresSql = (nodes: string) => `
  WITH ${credsCtes(nodes)},
  -- Only the rows' credentials are counted: a page asks for a few, the case has millions.
  issued AS (SELECT issued AS credential, min(time) AS issued_at FROM events
    WHERE issued IN (SELECT credential FROM creds) AND time IS NOT NULL GROUP BY issued),
  -- A use dated before the issuance by more than the clock skew is not a use of that issuance
  -- (paths ignore it the same way): it counts as a call, not as the first use.
  used AS (SELECT u.credential,
      min(u.time) FILTER (WHERE i.issued_at IS NULL
        OR u.time >= i.issued_at - to_seconds($skew::BIGINT)) AS first_use,
      max(u.time) AS last_use, count(DISTINCT coalesce(u.call_id, u.event_id)) AS calls
    FROM events u LEFT JOIN issued i ON i.credential = u.credential
    WHERE u.credential IN (SELECT credential FROM creds) AND u.time IS NOT NULL
    GROUP BY u.credential),
  per AS (
    SELECT c.node_id, c.subject, c.credential, i.issued_at, u.first_use, u.last_use, u.calls
    FROM creds c LEFT JOIN issued i ON i.credential = c.credential
      LEFT JOIN used u ON u.credential = c.credential
    WHERE i.issued_at IS NOT NULL OR u.calls IS NOT NULL),
  -- A node that is a credential itself is reconciled as one; otherwise through what it holds.
  chosen AS (SELECT * FROM per QUALIFY rank() OVER (PARTITION BY node_id
    ORDER BY subject = 'credential' DESC) = 1)
  SELECT node_id, any_value(subject) AS subject,
    CASE WHEN bool_or(issued_at IS NULL) THEN 'outside' ELSE 'issued' END AS origin,
    ${isoSql('min(issued_at)')} AS issued_at, ${isoSql('min(first_use)')} AS first_used_at,
    bool_and(calls IS NULL) AS never_used,
    epoch(min(first_use)) - epoch(min(issued_at)) AS to_first_use,
    epoch(max(last_use)) - epoch(coalesce(min(issued_at), min(first_use))) AS work,
    sum(calls) AS calls
  FROM chosen GROUP BY node_id`;

// Where what a read gave was used next: the first use, at or after the read, of a credential the
// read issued or the secret holds by a link this read is evidence of (`secret_uses`, shared with
// the secret finding). A credential that merely turned up after the read never answers: on a busy
// bundle one always does. Copies of one read in two trails are one read, so the relation is
// looked up through the read's call.
const readsSql = (nodes: string) => `
  WITH ${credsCtes(nodes)}, ${secretUsesCte},
  reads AS (
    SELECT * FROM (
      SELECT DISTINCT node_id, event_id, call, time, secret, src_ip FROM (
        SELECT c.node_id, e.event_id, coalesce(e.call_id, e.event_id) AS call, e.time,
          e.target AS secret, e.src_ip
        FROM events e JOIN creds c ON e.credential = c.credential
        WHERE e.category = 'secret_read' AND e.time IS NOT NULL AND e.target IS NOT NULL
        UNION ALL
        SELECT n.node_id, e.event_id, coalesce(e.call_id, e.event_id), e.time, e.target, e.src_ip
        FROM events e JOIN nodes_in n ON e.actor = n.node_id
        WHERE e.category = 'secret_read' AND e.time IS NOT NULL AND e.target IS NOT NULL))
    -- Copies of one call in two trails are one read.
    QUALIFY row_number() OVER (PARTITION BY node_id, call ORDER BY event_id) = 1),
  kept AS (SELECT * FROM reads
    QUALIFY row_number() OVER (PARTITION BY node_id ORDER BY time, event_id) <= $maxReads),
  gave AS (
    SELECT DISTINCT k.node_id, k.event_id, k.time, s.credential
    FROM kept k JOIN events c ON coalesce(c.call_id, c.event_id) = k.call
      AND c.category = 'secret_read'
    JOIN secret_uses s ON s.read_event = c.event_id),
  next_uses AS (
    SELECT g.node_id, g.event_id AS read_event,
      arg_min(u.event_id, (u.time, u.event_id)) AS event_id, min(u.time) AS t,
      arg_min(u.credential, (u.time, u.event_id)) AS credential,
      arg_min(u.src_ip, (u.time, u.event_id)) AS src_ip
    FROM gave g JOIN events u ON u.credential = g.credential AND u.time >= g.time
    GROUP BY g.node_id, g.event_id)
  SELECT r.node_id, r.event_id, ${isoSql('r.time')} AS time, r.secret, r.src_ip,
    f.event_id AS next_event, ${isoSql('f.t')} AS next_time, f.credential AS next_credential,
    f.src_ip AS next_ip, epoch(f.t) - epoch(r.time) AS seconds_after
  FROM kept r LEFT JOIN next_uses f ON f.node_id = r.node_id AND f.read_event = r.event_id
  ORDER BY r.node_id, r.time, r.event_id`;

/** The figures of a node no credential stands behind: none. */
export function noReconciliation(): Reconciliation {
  return {
    basis: null,
    origin: null,
    issuedAt: null,
    firstUsedAt: null,
    neverUsed: false,
    secondsToFirstUse: null,
    workSeconds: null,
    actionsPerMinute: null,
    withinReviewWindow: null,
    secretReads: [],
  };
}

const round = (n: number | null, places = 3): number | null =>
  n === null ? null : Math.round(n * 10 ** places) / 10 ** places;

/**
 * Reconciliation of inventory rows: for each node, where its credentials came from (issued in
 * the bundle, or from outside it), how soon after issuance they were first used, how fast the
 * work went and whether it ended within the case's review window, and each secret it read with
 * the first use of what the read gave (a credential it issued, or that the secret holds by the
 * inferred link of that read).
 */
export async function reconcile(
  db: CaseDb,
  nodeIds: string[],
  settings: CaseSettings,
  options: { kept?: boolean } = {},
): Promise<Map<string, Reconciliation>> {
  const result = new Map<string, Reconciliation>(nodeIds.map((id) => [id, noReconciliation()]));
  if (nodeIds.length === 0) return result;
  const ids = JSON.stringify(nodeIds);
  const started = Date.now();

  // Kept figures are those of every identity, made by the same SQL (see keptReconciliationSql).
  const figures = options.kept
    ? await db.all<FigureRow>(`SELECT * FROM inventory_figures WHERE node_id IN (${askedNodes})`, {
        ids,
      })
    : await db.all<FigureRow>(figuresSql(askedNodes), { ids, skew: settings.clockSkewSeconds });
  for (const r of figures) {
    const work = r.work === null ? null : Math.max(0, r.work);
    const calls = Number(r.calls ?? 0);
    Object.assign(result.get(r.node_id) ?? {}, {
      basis: r.subject === 'credential' ? 'own' : 'held',
      origin: r.origin,
      issuedAt: r.issued_at,
      firstUsedAt: r.first_used_at,
      neverUsed: r.never_used && r.origin === 'issued',
      // A first use inside the skew allowance before the issuance counts as immediate.
      secondsToFirstUse: r.to_first_use === null ? null : round(Math.max(0, r.to_first_use)),
      workSeconds: round(work),
      actionsPerMinute:
        work === null || calls === 0 ? null : round(calls / Math.max(1, work / 60), 2),
      withinReviewWindow:
        work === null || calls === 0 ? null : work <= settings.reviewWindowSeconds,
    } satisfies Partial<Reconciliation>);
  }

  const figured = Date.now();
  const reads = options.kept
    ? await db.all<ReadRow>(
        `SELECT * FROM inventory_reads WHERE node_id IN (${askedNodes})
         ORDER BY node_id, time, event_id`,
        { ids },
      )
    : await db.all<ReadRow>(readsSql(askedNodes), { ids, maxReads: MAX_SECRET_READS });
  log.debug(
    { nodes: nodeIds.length, figuresMs: figured - started, readsMs: Date.now() - figured },
    'reconciled',
  );
  for (const r of reads) {
    const read: SecretRead = {
      eventId: r.event_id,
      time: r.time,
      secret: r.secret,
      srcIp: r.src_ip,
      nextUse:
        r.next_event && r.next_time && r.next_credential
          ? {
              eventId: r.next_event,
              time: r.next_time,
              credential: r.next_credential,
              srcIp: r.next_ip,
              secondsAfterRead: round(r.seconds_after) ?? 0,
            }
          : null,
    };
    result.get(r.node_id)?.secretReads.push(read);
  }
  return result;
}

/**
 * The statements that keep every identity's figures and secret reads with the inventory's
 * counts (`inventory_figures`, `inventory_reads`), for `reconcile` to read with `kept`; the
 * identities are those of `inventory_counts`, made first. They go in `parts` shares by a hash of
 * the id, each counting only its identities' credentials: at 10 M events all at once ran out of
 * 8 GB.
 */
export function keptReconciliationSql(settings: CaseSettings, parts: number): Statement[] {
  const statements: Statement[] = [
    [`DROP TABLE IF EXISTS inventory_figures`],
    [`DROP TABLE IF EXISTS inventory_reads`],
  ];
  for (let part = 0; part < parts; part++) {
    const nodes = `SELECT node_id FROM inventory_counts WHERE hash(node_id) % ${parts} = ${part}`;
    const into = (table: string) =>
      part === 0 ? `CREATE TABLE ${table} AS` : `INSERT INTO ${table}`;
    statements.push(
      [`${into('inventory_figures')} ${figuresSql(nodes)}`, { skew: settings.clockSkewSeconds }],
      [`${into('inventory_reads')} ${readsSql(nodes)}`, { maxReads: MAX_SECRET_READS }],
    );
  }
  return statements;
}
