import type { InventorySort, RequestOf } from '../../../shared/contract.js';
import type { InventoryPage, InventoryRow, Reconciliation } from '../../../shared/model.js';
import type { DuckDBValue } from '@duckdb/node-api';
import type { CaseDb } from '../case/CaseDb.js';
import { ipPattern, isoSql } from '../graph/nodeSql.js';
import { inventoryCountsCurrent, rebuildInventoryCounts } from './inventoryCounts.js';
import { keptReconciliationSql, reconcile } from './reconciliation.js';

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
}

type Query = RequestOf<'inventoryPage'>;

// What the inventory counts for each node, over `acts` joined to it as `e`.
const aggregates = {
  first_time: 'coalesce(min(e.time), any_value(n.first_time))',
  last_time: 'coalesce(max(e.time), any_value(n.last_time))',
  actions: 'count(DISTINCT e.call)',
  failures: `count(DISTINCT e.call) FILTER (WHERE e.outcome = 'failure')`,
  credentials_used: 'count(DISTINCT e.credential) FILTER (WHERE e.credential <> n.node_id)',
  credentials_issued: 'count(DISTINCT e.issued)',
  targets: 'count(DISTINCT e.target)',
  addresses: `count(DISTINCT e.src_ip) FILTER (WHERE regexp_matches(e.src_ip, '${ipPattern}'))`,
};
type Aggregate = keyof typeof aggregates;

// The ORDER BY keys of each field SQL can sort (names case ignored) and the count it needs; the
// reconciliation figures are sorted in the engine after reconcile() (see `figureOf`).
const sqlOrder: Partial<Record<InventorySort, { keys: string[]; needs?: Aggregate }>> = {
  actions: { keys: ['actions'], needs: 'actions' },
  failures: { keys: ['failures'], needs: 'failures' },
  label: { keys: ['lower(label)', 'label'] },
  kind: { keys: ['kind'] },
  firstSeen: { keys: ['first_time'], needs: 'first_time' },
  lastSeen: { keys: ['last_time'], needs: 'last_time' },
  credentialsUsed: { keys: ['credentials_used'], needs: 'credentials_used' },
  credentialsIssued: { keys: ['credentials_issued'], needs: 'credentials_issued' },
  targets: { keys: ['targets'], needs: 'targets' },
  addresses: { keys: ['addresses'], needs: 'addresses' },
};

/** The ORDER BY keys of a sort, in its direction, rows without a value last. */
function orderKeys(keys: string[], descending: boolean): string {
  const direction = descending ? 'DESC' : 'ASC';
  return keys.map((key) => `${key} ${direction} NULLS LAST`).join(', ');
}

function figureOf(r: Reconciliation | undefined, sort: InventorySort): number | null {
  if (!r) return null;
  if (sort === 'secondsToFirstUse') return r.secondsToFirstUse;
  if (sort === 'workSeconds') return r.workSeconds;
  if (sort === 'actionsPerMinute') return r.actionsPerMinute;
  return r.secretReads.length;
}

/**
 * What the kept counts keep to search: the id and label lower-cased, joined by a character no one
 * types. Lower-casing ten million ids and labels for each search took a second of the two it
 * took at 10 M events.
 */
const searchTextSql = `lower(node_id || chr(31) || label)`;

function filterSql(
  request: Pick<Query, 'search' | 'kinds' | 'starred'>,
  params: Record<string, DuckDBValue>,
  source: Source,
) {
  const clauses: string[] = [];
  if (request.search) {
    params.search = request.search.toLowerCase();
    clauses.push(
      source.kept && !request.search.includes('\u001f')
        ? `contains(n.search_lower, $search)`
        : `(contains(lower(n.node_id), $search) OR contains(lower(n.label), $search))`,
    );
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

// The records each node acted in: itself, through a credential it is, or one it holds. The three
// parts are disjoint by construction (the node is the actor; the node is the credential and not
// the actor; the node holds the credential and is not the actor), so they are joined with UNION
// ALL: deduplicating millions of pairs would cost more than the whole query.
const actsSql = `
  acts AS (
    SELECT actor AS node_id, ${actColumns} FROM events e
      WHERE actor IN (SELECT node_id FROM candidates)
    UNION ALL SELECT credential, ${actColumns} FROM events e
      WHERE credential IN (SELECT node_id FROM candidates)
        AND credential IS DISTINCT FROM actor
    UNION ALL SELECT h.node_id, ${actColumns} FROM held h JOIN events e ON e.credential = h.credential
      WHERE h.node_id IN (SELECT node_id FROM candidates) AND e.actor IS DISTINCT FROM h.node_id)`;

/** Per candidate: its id, kind and label and the named counts (none: no events are read). */
function aggregateSql(columns: Aggregate[]): string {
  if (columns.length === 0) return `agg AS (SELECT node_id, kind, label FROM candidates)`;
  const counts = columns.map((c) => `${aggregates[c]} AS ${c}`).join(',\n    ');
  return `${actsSql},
  agg AS (
    SELECT n.node_id, n.kind, n.label, ${counts}
    FROM candidates n LEFT JOIN acts e ON e.node_id = n.node_id
    GROUP BY n.node_id, n.kind, n.label)`;
}

const allAggregates = Object.keys(aggregates) as Aggregate[];

/** Count every identity's figures once, for the pages to read (see inventoryCounts.ts). */
export async function keepInventoryCounts(db: CaseDb, share = 500_000): Promise<number> {
  const settings = await db.settings();
  return rebuildInventoryCounts(
    db,
    `WITH ${candidatesSql('')}, ${aggregateSql(allAggregates)}
     SELECT *, ${searchTextSql} AS search_lower FROM agg`,
    // A share of about 500,000 identities at a time keeps 10 M events within 8 GB.
    (rows) => keptReconciliationSql(settings, Math.max(1, Math.ceil(rows / share))),
  );
}

/**
 * Where a page's candidates come from: the kept counts, already one row an identity, or the
 * nodes and events themselves.
 */
interface Source {
  kept: boolean;
}

/** The WITH clauses giving `agg` (the candidates, with the counts asked for) from the source. */
function aggSql(source: Source, where: string, needs: Aggregate[]): string {
  if (source.kept) return `agg AS (SELECT * FROM inventory_counts n ${where})`;
  return `${candidatesSql(where)},
       ${aggregateSql(needs)}`;
}

/**
 * The identity inventory: every node that acted in a record or holds a credential, with what it
 * did and its reconciliation (where its credentials came from, how fast it worked). A node's
 * actions are the records it made itself or through a credential it holds; copies of one call in
 * two trails count once. Rows come in the asked order over all of them, `offset` and `limit`
 * cutting one page out; ties fall back to the node id, so pages never overlap.
 *
 * It runs in two steps: the page's ids, in order, from the one count the order needs (none for
 * names and kinds), then every count of those ids only. Ordering by a reconciliation figure
 * reconciles every row the filters keep, not one page, since the figures are computed in
 * reconcile(), not in SQL; secret reads sort by those listed, at most MAX_SECRET_READS a row.
 */
export async function inventoryPage(
  db: CaseDb,
  request: Query,
  options: { kinds: boolean } = { kinds: true },
): Promise<InventoryPage> {
  const settings = await db.settings();
  const source: Source = { kept: await inventoryCountsCurrent(db) };
  let ids: string[];
  let total: number;
  let found: Row[] | null = null;
  let reconciled: Figures | null = null;

  const order = sqlOrder[request.sort];
  const searched = request.search || request.starred !== undefined;
  let kinds: string[] | null = null;
  if (order && source.kept && searched) {
    ({ rows: found, total, kinds } = await searchKept(db, request, order.keys));
    ids = found.map((r) => r.node_id);
  } else if (order) {
    const params: Record<string, DuckDBValue> = { limit: request.limit, offset: request.offset };
    const keys = orderKeys(order.keys, request.descending);
    const rows = await db.all<{ node_id: string; total: string }>(
      `WITH ${aggSql(source, filterSql(request, params, source), order.needs ? [order.needs] : [])}
       SELECT node_id${source.kept ? '' : ', count(*) OVER () AS total'} FROM agg
       ORDER BY ${keys}, node_id LIMIT $limit OFFSET $offset`,
      params,
    );
    ids = rows.map((r) => r.node_id);
    // Over the kept counts a count of its own is cheaper than counting beside the sort.
    total =
      rows.length > 0 && !source.kept
        ? Number(rows[0]!.total)
        : await countRows(db, source, request);
  } else {
    const params: Record<string, DuckDBValue> = {};
    const rows = await db.all<{ node_id: string }>(
      `WITH ${aggSql(source, filterSql(request, params, source), [])} SELECT node_id FROM agg`,
      params,
    );
    const all = rows.map((r) => r.node_id);
    reconciled = await reconcile(db, all, settings, source);
    ids = pageByFigure(all, reconciled, request);
    total = all.length;
  }

  const rows = found ?? (await pageRows(db, source, ids));
  reconciled ??= await reconcile(db, ids, settings, source);
  const listed = rows.map((r) => toInventoryRow(r, reconciled));
  const wanted = options.kinds && request.offset === 0;
  return {
    rows: listed,
    total,
    kinds: wanted ? (kinds ?? (await kindsOf(db, source, request))) : [],
  };
}

/**
 * A search (or star filter) over the kept counts: the page's ids, the total and the kinds from
 * one pass. Matching text over millions of identities is the cost (a second a pass at 10 M
 * events), so the rows the search keeps are gathered once and the kind filter, the order, the
 * count and the kinds all read them.
 */
async function searchKept(
  db: CaseDb,
  request: Query,
  keys: string[],
): Promise<{ rows: Row[]; total: number; kinds: string[] }> {
  const params: Record<string, DuckDBValue> = { limit: request.limit, offset: request.offset };
  const kept = { kept: true };
  const matched = filterSql({ search: request.search, starred: request.starred }, params, kept);
  const ofKind = filterSql({ kinds: request.kinds }, params, kept);
  const by = orderKeys(keys, request.descending);
  const rows = await db.all<
    { [K in keyof Row]: Row[K] | null } & { total: string; kinds: string[] | null }
  >(
    `WITH searched AS MATERIALIZED (SELECT * FROM inventory_counts n ${matched}),
     agg AS (SELECT * FROM searched n ${ofKind}),
     page AS (SELECT * FROM agg ORDER BY ${by}, node_id LIMIT $limit OFFSET $offset),
     sums AS (SELECT (SELECT count(*) FROM agg) AS total,
       (SELECT list_sort(list(DISTINCT kind)) FROM searched) AS kinds)
     SELECT ${rowColumns('page')}, sums.total, sums.kinds FROM sums LEFT JOIN page ON true
     ORDER BY ${by}, page.node_id`,
    params,
  );
  return {
    // The page's rows as pageRows() gives them; the one row of an empty page has no node.
    rows: rows.flatMap(({ total: _total, kinds: _kinds, ...row }) =>
      row.node_id === null ? [] : [row as Row],
    ),
    total: Number(rows[0]?.total ?? 0),
    kinds: rows[0]?.kinds ?? [],
  };
}

/** The inventory's first `limit` rows in the asked order, busiest first by default. */
export async function inventory(
  db: CaseDb,
  request: RequestOf<'inventory'>,
): Promise<InventoryRow[]> {
  const { rows } = await inventoryPage(db, request, { kinds: false });
  return rows;
}

/** The columns of a `Row` from a relation of counts. */
function rowColumns(from: string): string {
  return `${from}.node_id, ${from}.kind, ${from}.label,
    ${isoSql(`${from}.first_time`)} AS first_seen, ${isoSql(`${from}.last_time`)} AS last_seen,
    ${from}.actions, ${from}.failures, ${from}.credentials_used, ${from}.credentials_issued,
    ${from}.targets, ${from}.addresses`;
}

/** Every count of the nodes `ids`, in the order of `ids`. */
async function pageRows(db: CaseDb, source: Source, ids: string[]): Promise<Row[]> {
  if (ids.length === 0) return [];

  const rows = await db.all<Row>(
    `WITH ${
      source.kept
        ? `agg AS (SELECT * FROM inventory_counts
             WHERE node_id IN (SELECT unnest($ids::JSON::TEXT[])))`
        : `held AS (SELECT from_id AS node_id, to_id AS credential FROM links WHERE kind = 'holds'),
     candidates AS (
       SELECT * FROM nodes WHERE node_id IN (SELECT unnest($ids::JSON::TEXT[]))),
     ${aggregateSql(allAggregates)}`
    }
     SELECT ${rowColumns('agg')} FROM agg`,
    { ids: JSON.stringify(ids) },
  );
  const byId = new Map(rows.map((r) => [r.node_id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

type Figures = Map<string, Reconciliation>;

function pageByFigure(ids: string[], reconciled: Figures, request: Query): string[] {
  const sign = request.descending ? -1 : 1;
  const keyed = ids.map((id) => ({ id, value: figureOf(reconciled.get(id), request.sort) }));
  keyed.sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value !== b.value) return a.value === null ? 1 : -1;
    } else if (a.value !== b.value) {
      return sign * (a.value - b.value);
    }
    // Code-unit order, as DuckDB orders the ids in the other sorts.
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return keyed.slice(request.offset, request.offset + request.limit).map((k) => k.id);
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

async function countRows(db: CaseDb, source: Source, request: Query): Promise<number> {
  const params: Record<string, DuckDBValue> = {};
  const row = await db.one<{ n: string }>(
    `WITH ${aggSql(source, filterSql(request, params, source), [])} SELECT count(*) AS n FROM agg`,
    params,
  );
  return Number(row?.n ?? 0);
}

/** The kinds the search keeps, whatever the kind filter: the choices of that filter. */
async function kindsOf(db: CaseDb, source: Source, request: Query): Promise<string[]> {
  const params: Record<string, DuckDBValue> = {};
  const where = filterSql({ search: request.search, starred: request.starred }, params, source);
  const rows = await db.all<{ kind: string }>(
    `WITH ${aggSql(source, where, [])} SELECT DISTINCT kind FROM agg ORDER BY kind`,
    params,
  );
  return rows.map((r) => r.kind);
}
