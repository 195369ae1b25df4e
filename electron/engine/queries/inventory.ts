import type { InventorySort, RequestOf } from '../../../shared/contract.js';
import type { InventoryPage, InventoryRow, Reconciliation } from '../../../shared/model.js';
import type { DuckDBValue } from '@duckdb/node-api';
import type { CaseDb } from '../case/CaseDb.js';
import { ipPattern, isoSql } from '../graph/nodeSql.js';
import { reconcile } from './reconciliation.js';

// The event columns the counts need, carried along so that no join back to events is needed.
const actColumns = `e.time, coalesce(e.call_id, e.event_id) AS call, e.outcome, e.credential,
  e.issued, e.target, e.src_ip`;

interface Row {
  node_id: string;
  kind: string;
  label: string;
  first_seen: string | null;
  last_seen: string | null;
  actions: string;
  failures: string;
  credentials_used: string;
  credentials_issued: string;
  targets: string;
  addresses: string;
  total: string;
}

type Query = RequestOf<'inventoryPage'>;

// The ORDER BY keys of each field the aggregate holds (names sort case ignored); the
// reconciliation figures are sorted in the engine after reconcile() (see `figureOf`).
const sqlOrder: Partial<Record<InventorySort, string[]>> = {
  actions: ['actions'],
  failures: ['failures'],
  label: ['lower(label)', 'label'],
  kind: ['kind'],
  firstSeen: ['first_time'],
  lastSeen: ['last_time'],
  credentialsUsed: ['credentials_used'],
  credentialsIssued: ['credentials_issued'],
  targets: ['targets'],
  addresses: ['addresses'],
};

function figureOf(r: Reconciliation | undefined, sort: InventorySort): number | null {
  if (!r) return null;
  if (sort === 'secondsToFirstUse') return r.secondsToFirstUse;
  if (sort === 'workSeconds') return r.workSeconds;
  if (sort === 'actionsPerMinute') return r.actionsPerMinute;
  return r.secretReads.length;
}

function filterSql(
  request: Pick<Query, 'search' | 'kinds' | 'starred'>,
  params: Record<string, DuckDBValue>,
) {
  const clauses: string[] = [];
  if (request.search) {
    params.search = request.search.toLowerCase();
    clauses.push(`(contains(lower(n.node_id), $search) OR contains(lower(n.label), $search))`);
  }
  if (request.kinds && request.kinds.length > 0) {
    // Kinds are bound one parameter each: an empty or all-null list has no type to bind.
    const names = request.kinds.map((kind, i) => {
      params[`k${i}`] = kind;
      return `$k${i}`;
    });
    clauses.push(`n.kind IN (${names.join(', ')})`);
  }
  if (request.starred !== undefined) {
    clauses.push(`n.node_id ${request.starred ? '' : 'NOT '}IN (SELECT target_id FROM annotations
      WHERE target_kind = 'node' AND starred)`);
  }
  return clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
}

const candidatesSql = (where: string) => `
  held AS (SELECT from_id AS node_id, to_id AS credential FROM links WHERE kind = 'holds'),
  candidates AS (
    SELECT n.* FROM nodes n
    SEMI JOIN (SELECT actor AS node_id FROM events UNION SELECT credential FROM events
               UNION SELECT node_id FROM held) c ON c.node_id = n.node_id
    ${where})`;

/**
 * The identity inventory: every node that acted in a record or holds a credential, with what it
 * did and its reconciliation (where its credentials came from, how fast it worked). A node's
 * actions are the records it made itself or through a credential it holds; copies of one call in
 * two trails count once. Rows come in the asked order over all of them, `offset` and `limit`
 * cutting one page out; ties fall back to the node id, so pages never overlap.
 *
 * The three parts of `acts` are disjoint by construction (the node is the actor; the node is the
 * credential and not the actor; the node holds the credential and is not the actor), so they are
 * joined with UNION ALL: deduplicating millions of pairs would cost more than the whole query.
 *
 * Ordering by a reconciliation figure reconciles every row the filters keep, not one page, and
 * so costs about as much as the unpaged inventory; the figures are computed in reconcile(), not
 * in this query. Secret reads sort by those listed, at most MAX_SECRET_READS a row.
 */
export async function inventoryPage(
  db: CaseDb,
  request: Query,
  options: { kinds: boolean } = { kinds: true },
): Promise<InventoryPage> {
  const params: Record<string, DuckDBValue> = {};
  const order = sqlOrder[request.sort];
  const direction = request.descending ? 'DESC' : 'ASC';
  let page = '';
  if (order) {
    params.limit = request.limit;
    params.offset = request.offset;
    const keys = order.map((key) => `${key} ${direction} NULLS LAST`);
    page = `ORDER BY ${keys.join(', ')}, node_id LIMIT $limit OFFSET $offset`;
  }

  const rows = await db.all<Row>(
    `WITH ${candidatesSql(filterSql(request, params))},
     acts AS (
       SELECT actor AS node_id, ${actColumns} FROM events e
         WHERE actor IN (SELECT node_id FROM candidates)
       UNION ALL SELECT credential, ${actColumns} FROM events e
         WHERE credential IN (SELECT node_id FROM candidates)
           AND credential IS DISTINCT FROM actor
       UNION ALL SELECT h.node_id, ${actColumns} FROM held h JOIN events e ON e.credential = h.credential
         WHERE h.node_id IN (SELECT node_id FROM candidates) AND e.actor IS DISTINCT FROM h.node_id),
     agg AS (
       SELECT n.node_id, n.kind, n.label,
         coalesce(min(e.time), any_value(n.first_time)) AS first_time,
         coalesce(max(e.time), any_value(n.last_time)) AS last_time,
         count(DISTINCT e.call) AS actions,
         count(DISTINCT e.call) FILTER (WHERE e.outcome = 'failure') AS failures,
         count(DISTINCT e.credential) FILTER (WHERE e.credential <> n.node_id) AS credentials_used,
         count(DISTINCT e.issued) AS credentials_issued,
         count(DISTINCT e.target) AS targets,
         count(DISTINCT e.src_ip) FILTER (WHERE regexp_matches(e.src_ip, '${ipPattern}'))
           AS addresses
       FROM candidates n LEFT JOIN acts e ON e.node_id = n.node_id
       GROUP BY n.node_id, n.kind, n.label)
     SELECT node_id, kind, label, ${isoSql('first_time')} AS first_seen,
       ${isoSql('last_time')} AS last_seen, actions, failures, credentials_used,
       credentials_issued, targets, addresses, count(*) OVER () AS total
     FROM agg ${page}`,
    params,
  );
  const total = rows.length > 0 ? Number(rows[0]!.total) : await countRows(db, request);

  // A page of an SQL order is reconciled alone; a figure's order needs every row's figures.
  const ids = rows.map((r) => r.node_id);
  const reconciled = await reconcile(db, ids, await db.settings());
  const wanted = order ? rows : pageByFigure(rows, reconciled, request);
  const listed = wanted.map((r) => toInventoryRow(r, reconciled));
  const kinds = options.kinds && request.offset === 0 ? await kindsOf(db, request) : [];
  return { rows: listed, total, kinds };
}

/** The inventory's first `limit` rows in the asked order, busiest first by default. */
export async function inventory(
  db: CaseDb,
  request: RequestOf<'inventory'>,
): Promise<InventoryRow[]> {
  const { rows } = await inventoryPage(db, request, { kinds: false });
  return rows;
}

type Figures = Map<string, Reconciliation>;

function pageByFigure(rows: Row[], reconciled: Figures, request: Query): Row[] {
  const sign = request.descending ? -1 : 1;
  const keyed = rows.map((row) => ({
    row,
    value: figureOf(reconciled.get(row.node_id), request.sort),
  }));
  keyed.sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value !== b.value) return a.value === null ? 1 : -1;
    } else if (a.value !== b.value) {
      return sign * (a.value - b.value);
    }
    // Code-unit order, as DuckDB orders the ids in the other sorts.
    return a.row.node_id < b.row.node_id ? -1 : a.row.node_id > b.row.node_id ? 1 : 0;
  });
  return keyed.slice(request.offset, request.offset + request.limit).map((k) => k.row);
}

function toInventoryRow(r: Row, reconciled: Figures): InventoryRow {
  return {
    id: r.node_id,
    kind: r.kind,
    label: r.label,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    actions: Number(r.actions),
    failures: Number(r.failures),
    credentialsUsed: Number(r.credentials_used),
    credentialsIssued: Number(r.credentials_issued),
    targets: Number(r.targets),
    addresses: Number(r.addresses),
    reconciliation: reconciled.get(r.node_id) as Reconciliation,
  };
}

async function countRows(db: CaseDb, request: Query): Promise<number> {
  const params: Record<string, DuckDBValue> = {};
  const row = await db.one<{ n: string }>(
    `WITH ${candidatesSql(filterSql(request, params))} SELECT count(*) AS n FROM candidates`,
    params,
  );
  return Number(row?.n ?? 0);
}

/** The kinds the search keeps, whatever the kind filter: the choices of that filter. */
async function kindsOf(db: CaseDb, request: Query): Promise<string[]> {
  const params: Record<string, DuckDBValue> = {};
  const where = filterSql({ search: request.search, starred: request.starred }, params);
  const rows = await db.all<{ kind: string }>(
    `WITH ${candidatesSql(where)} SELECT DISTINCT kind FROM candidates ORDER BY kind`,
    params,
  );
  return rows.map((r) => r.kind);
}
