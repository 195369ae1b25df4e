import { listValue } from '@duckdb/node-api';
import type { RequestOf } from '../../../shared/contract.js';
import type { GraphLink, GraphNode, PathGraph } from '../../../shared/model.js';
import type { CaseDb } from '../case/CaseDb.js';
import { KeytrailError } from '../KeytrailError.js';
import { childLogger } from '../log.js';
import { numberList } from './graphTables.js';
import { rememberLinkNumbers } from './linkNumbers.js';
import { frontierSlice, searchFrom, type Step, type Walk } from './pathSearch.js';
import { toGraphLink, type LinkSqlRow } from './linkRows.js';
import { isoSql, kindSql, labelSql, valueSql } from './nodeSql.js';

const log = childLogger('paths');

/** A link's evidence: its first records, oldest first, at most `$limit` of them. */
function evidenceSql(wanted: string): string {
  return `SELECT link_no, list(event_id ORDER BY time NULLS LAST, event_id) AS evidence
    FROM (SELECT * FROM link_evidence WHERE link_no IN (${wanted})
          QUALIFY row_number() OVER (PARTITION BY link_no
            ORDER BY time NULLS LAST, event_id) <= $limit)
    GROUP BY link_no`;
}

/**
 * A path's links with their evidence, and the id of each node number at their ends. The links'
 * rows and their evidence are read side by side, the evidence on a lane of its own (so it reads
 * what the case committed): each fetches rows scattered over a large table, and for a 3,582-link
 * path at 10 M events the two took 225-300 ms side by side against 280-360 ms one after the
 * other.
 */
async function loadLinks(
  db: CaseDb,
  nos: number[],
  evidenceLimit: number,
): Promise<{ links: GraphLink[]; ends: Map<number, string> }> {
  const ends = new Map<number, string>();
  if (nos.length === 0) return { links: [], ends };
  const wanted = numberList(nos);
  const [rows, lists] = await Promise.all([
    db.all<LinkSqlRow & { link_no: string; from_no: string; to_no: string }>(
      `SELECT l.link_no, l.from_no, l.to_no, l.link_id, l.from_id, l.to_id, l.kind, l.proof,
         l.reason, l.score, l.call_count, l.evidence_count, l.failure_count,
         ${isoSql('l.first_time')} AS first_time, ${isoSql('l.last_time')} AS last_time
       FROM links l WHERE l.link_no IN (${wanted})
       ORDER BY l.first_time NULLS LAST, l.link_id`,
    ),
    evidenceLimit > 0
      ? db.lane('path evidence').then((lane) =>
          lane.all<{ link_no: string; evidence: string[] }>(evidenceSql(wanted), {
            limit: evidenceLimit,
          }),
        )
      : [],
  ]);
  const evidence = new Map(lists.map((r) => [r.link_no, r.evidence]));
  for (const r of rows) {
    ends.set(Number(r.from_no), r.from_id);
    ends.set(Number(r.to_no), r.to_id);
  }
  // The window asks for these links' events next, by id.
  rememberLinkNumbers(
    db,
    rows.map((r): [string, number] => [r.link_id, Number(r.link_no)]),
  );
  return {
    links: rows.map((r) => toGraphLink({ ...r, evidence: evidence.get(r.link_no) ?? null })),
    ends,
  };
}

/**
 * The nodes of a path, the start first. Their ids come from the links just read (and the ids
 * asked for); kind and label follow from the id, computed as the rebuild computes them, so the
 * 25 M-row node table of a large case is read only for a node no link reached, if any. Reading
 * 2,000 scattered nodes from it cost a second on a cold 10 M case.
 */
async function loadNodes(
  db: CaseDb,
  nos: number[],
  known: Map<number, string>,
  startId: string,
): Promise<GraphNode[]> {
  const unknown = nos.filter((no) => !known.has(no));
  const ids = nos.filter((no) => known.has(no)).map((no) => known.get(no)!);
  if (unknown.length > 0) {
    const rows = await db.all<{ node_id: string }>(
      `SELECT node_id FROM nodes WHERE node_no IN (${numberList(unknown)})`,
    );
    ids.push(...rows.map((r) => r.node_id));
  }
  const rows = await db.all<{ id: string; kind: string; label: string }>(
    `WITH k AS (SELECT id, ${kindSql('id')} AS kind FROM (SELECT unnest($ids::VARCHAR[]) AS id)),
     v AS (SELECT id, kind, ${valueSql('id', 'kind')} AS value FROM k)
     SELECT id, kind, ${labelSql('kind', 'value')} AS label FROM v`,
    { ids: listValue(ids) },
  );
  const rank = (id: string) => (id === startId ? '' : id);
  return rows
    .map((r) => ({ id: r.id, kind: r.kind, label: r.label }))
    .sort((a, b) => rank(a.id).localeCompare(rank(b.id)));
}

/** The node's number, or a clear error naming near misses. */
async function requireNode(db: CaseDb, id: string, what: string): Promise<number> {
  const exists = await db.one<{ node_no: string }>(
    `SELECT node_no FROM nodes WHERE node_id = $id`,
    { id },
  );
  if (exists) return Number(exists.node_no);
  const near = await db.all<{ node_id: string }>(
    `SELECT node_id FROM nodes WHERE contains(lower(node_id), lower($text))
     ORDER BY length(node_id), node_id LIMIT 3`,
    { text: id.replace(/^[a-z]+:[a-z]+:/, '') },
  );
  const hint = near.length
    ? `; did you mean ${near.map((n) => n.node_id).join(' or ')}?`
    : '; node ids carry their kind, such as aws:key:AKIA... (see the inventory)';
  throw new KeytrailError(
    'node_not_found',
    `Failed to find paths ${what} ${id}: no such node${hint}`,
  );
}

/**
 * Nodes on a time-respecting path from `from` to `to`: reached going forward from `from` no later
 * (give or take the skew) than going backward from `to` leaves them, and a node the forward walk
 * goes on from (a bucket only read, a shared role, is not a step towards anything). The two
 * searches are each bounded, so this is too; links count when both their ends are on a path and
 * a search walked them.
 */
async function between(db: CaseDb, from: number, to: number, walk: Walk) {
  const ahead = await searchFrom(db, from, 'forward', { ...walk, readsTimes: true });
  const behind = await searchFrom(db, to, 'backward', { ...walk, readsTimes: true });
  const nodes = new Set<number>();
  for (const [node, t] of ahead.arrival) {
    const leave = behind.arrival.get(node);
    const steps = ahead.onward.has(node) || node === to;
    if (steps && leave !== undefined && t <= leave + walk.skew) nodes.add(node);
  }
  const reached = nodes.has(from) && nodes.has(to);
  const walked = new Map([...ahead.links, ...behind.links]);
  return {
    nodes: reached ? nodes : new Set([from, to]),
    links: reached ? walked : new Map<number, [number, number]>(),
    truncated: ahead.truncated || behind.truncated,
  };
}

/**
 * Links between nodes the walk reached, though not walked by it: those leaving a reached node
 * (read in from_no order, like a forward step) whose far end was reached too.
 */
async function linksBetween(db: CaseDb, nodes: Set<number>, exactOnly: boolean) {
  const found: [number, [number, number]][] = [];
  const all = [...nodes];
  for (let at = 0; at < all.length; at += frontierSlice) {
    // The far end is checked after the join, never pushed into the scan of every link.
    const rows = await db.all<{ link_no: string; from_no: string; to_no: string }>(
      `WITH f AS (SELECT unnest($slice::BIGINT[]) AS no),
       out AS MATERIALIZED (
         SELECT l.link_no, l.from_no, l.to_no, l.proof FROM f JOIN links l ON l.from_no = f.no)
       SELECT o.link_no, o.from_no, o.to_no FROM out o JOIN (SELECT unnest($nodes::BIGINT[]) AS no) t ON t.no = o.to_no
       WHERE NOT $exactOnly OR o.proof = 'exact'`,
      {
        slice: listValue(all.slice(at, at + frontierSlice).map(BigInt)),
        nodes: listValue(all.map(BigInt)),
        exactOnly,
      },
    );
    for (const r of rows) found.push([Number(r.link_no), [Number(r.from_no), Number(r.to_no)]]);
  }
  return found;
}

/**
 * Access paths from one node: backward hops explain how it came to be reached, forward hops what
 * it led to; with `to`, only the paths forward from `from` that reach `to`. Time-respecting within
 * the case's clock-skew allowance; bounded by depth and node count, so a cyclic graph costs at most
 * `maxDepth` bounded queries a search. With `both`, the backward search runs first and the forward
 * one gets the node budget it left, because the chain that explains an access is usually short and
 * matters most. `exactOnly` leaves inferred links out of the walk and the answer.
 */
export async function findPaths(db: CaseDb, request: RequestOf<'paths'>): Promise<PathGraph> {
  const started = Date.now();
  const { from, to, direction, maxDepth, maxNodes, evidenceLimit, exactOnly } = request;
  const fromNo = await requireNode(db, from, 'from');
  const toNo = to !== undefined ? await requireNode(db, to, 'to') : undefined;
  const skew = BigInt(Math.round((await db.settings()).clockSkewSeconds * 1_000_000));
  const walk: Walk = { maxDepth, maxNodes, skew, exactOnly, readsTimes: false };

  let nodes = new Set<number>([fromNo]);
  const links = new Map<number, [number, number]>();
  let truncated = false;
  let searchMs = NaN;
  if (toNo !== undefined) {
    const found = await between(db, fromNo, toNo, walk);
    nodes = found.nodes;
    for (const [link, ends] of found.links) links.set(link, ends);
    truncated = found.truncated;
  } else {
    const steps: Step[] = direction === 'both' ? ['backward', 'forward'] : [direction];
    for (const step of steps) {
      const budget = Math.max(1, maxNodes - nodes.size + 1);
      const search = await searchFrom(db, fromNo, step, { ...walk, maxNodes: budget });
      for (const node of search.arrival.keys()) nodes.add(node);
      for (const [link, ends] of search.links) links.set(link, ends);
      truncated ||= search.truncated;
    }
    searchMs = Date.now() - started;
    // Links between reached nodes, though not walked (the user who holds a key the path issued,
    // the role a reached session belongs to), are drawn too: they say what those nodes are.
    for (const [link, ends] of await linksBetween(db, nodes, exactOnly)) links.set(link, ends);
  }
  const walkedMs = Date.now() - started;
  // A link walked to a node the size limit then left out is not part of the answer; its
  // evidence is never read.
  const drawn = [...links]
    .filter(([, [a, b]]) => nodes.has(a) && nodes.has(b))
    .map(([link]) => link);

  const read = await loadLinks(db, drawn, evidenceLimit);
  const linksMs = Date.now() - started;
  read.ends.set(fromNo, from);
  if (to !== undefined && toNo !== undefined) read.ends.set(toNo, to);
  const graphNodes = await loadNodes(db, [...nodes], read.ends, from);
  const ids = new Set(graphNodes.map((n) => n.id));
  const graphLinks = read.links.filter((l) => ids.has(l.from) && ids.has(l.to));
  const graph: PathGraph = {
    start: from,
    ...(to !== undefined ? { end: to } : {}),
    direction: to !== undefined ? 'forward' : direction,
    nodes: graphNodes,
    links: graphLinks,
    truncated,
    exactOnly,
  };
  // Cumulative milliseconds after each part: the searches, the links between reached nodes,
  // reading the links with their evidence, the nodes.
  const ms = { searchMs, walkedMs, linksMs, ms: Date.now() - started };
  log.info({ nodes: graph.nodes.length, links: graph.links.length, ...ms }, 'found paths');
  return graph;
}
