import { listValue } from '@duckdb/node-api';
import type { LinkKind } from '../../../shared/model.js';
import { joinFilterKeys, type CaseDb } from '../case/CaseDb.js';
import { childLogger } from '../log.js';

/**
 * The path search's walk in one direction: bounded breadth-first levels over the numbered
 * adjacency, keeping the best arrival time of each node. paths.ts puts walks together into an
 * answer and reads what it shows.
 */

const log = childLogger('paths');

export type Step = 'forward' | 'backward';

// Arrival times are epoch microseconds as bigint, so no precision is lost. The start node is
// reached "before everything" going forward and "after everything" going backward.
const earliest = -(2n ** 62n);
const latest = 2n ** 62n;

// The walk goes by `nodes.node_no` and `links.link_no`, which the case stores sorted (see the
// schema's version 5); ids are looked up once, for the answer.
export interface Search {
  arrival: Map<number, bigint>;
  /** Nodes the walk went on from (the start, and every node it put on a frontier). */
  onward: Set<number>;
  /** Each link walked, with the numbers of its two ends. */
  links: Map<number, [number, number]>;
  truncated: boolean;
}

interface Hop {
  link_no: number;
  kind: LinkKind;
  /** The frontier node the link was walked from, and the node it reached. */
  near: number;
  node: number;
  node_kind: string;
  t: bigint;
}

/** A hop, or (all null but `fresh`) the row saying a level found nothing it kept. */
interface HopRow {
  link_no: string | null;
  kind: LinkKind;
  near: string;
  node: string;
  node_kind: string;
  t: string;
  fresh: string;
}

/** The hops of a level, and whether nodes were left out for want of room. */
interface Level {
  hops: Hop[];
  cut: boolean;
}

/**
 * Links whose far end is a place the walk stops going forward: reading a bucket or a user, or
 * calling from an address, gives no power over what that resource or address did itself. A
 * secret is not one of them: what it holds (an inferred `holds` to the key first used after the
 * read) is what the reader gained.
 */
const forwardDeadEnds = new Set<LinkKind>(['accessed', 'from_address']);

/**
 * Kinds of node that many unrelated principals share. The walk reaches them but goes on through
 * them only when the search starts there: otherwise a role would join every session anybody ever
 * opened in it, and each of those sessions' keys, to the path; an address would join everyone
 * behind one NAT gateway.
 */
const sharedKinds = new Set(['aws:role', 'ip']);

function goesOn(step: Step, hop: Hop, start: number): boolean {
  if (hop.node === start) return true;
  if (sharedKinds.has(hop.node_kind)) return false;
  return step === 'backward' || !forwardDeadEnds.has(hop.kind);
}

/**
 * One level of the search: the links leaving (forward) or entering (backward) the frontier
 * through evidence that respects time, and the time each far end is reached. A link whose whole
 * evidence is usable (going forward, its first record no earlier than the arrival less the skew)
 * is reached at its first (last) time without reading its evidence; only links usable in part
 * look at link_evidence, for the earliest (latest) usable record. The frontier goes in as two
 * bound lists, so each query's size is bounded by the frontier, whatever the cycles. Forward
 * steps read `links` (stored in from_no order), backward ones `links_in` (in to_no order).
 * Of the nodes not reached before (`$reached`), only the `$room` reached first come back, since
 * the walk's size limit would turn the rest away: a user holding 300,000 keys costs a search two
 * thousand rows, not all of them. `fresh` says how many there were.
 */
function levelSql(step: Step, exactOnly: boolean): string {
  const forward = step === 'forward';
  const adjacency = forward
    ? `SELECT from_no AS near, to_no AS far, link_no, kind, proof, epoch_us(first_time) AS fu,
         epoch_us(last_time) AS lu FROM links`
    : `SELECT to_no AS near, from_no AS far, link_no, kind, proof, first_us AS fu, last_us AS lu
       FROM links_in`;
  const whole = forward ? 'c.fu >= c.t - $skew' : 'c.lu <= c.t + $skew';
  const part = forward ? 'c.lu >= c.t - $skew' : 'c.fu <= c.t + $skew';
  const usable = forward ? 'epoch_us(le.time) >= c.t - $skew' : 'epoch_us(le.time) <= c.t + $skew';
  const reach = forward ? 'min' : 'max';
  return `
    WITH f AS (SELECT unnest($ids::BIGINT[]) AS id, unnest($ts::BIGINT[]) AS t),
    c AS MATERIALIZED (
      SELECT l.link_no, l.kind, l.far AS node, f.id, f.t, l.fu, l.lu
      FROM f JOIN (${adjacency}) l ON l.near = f.id${exactOnly ? ` WHERE l.proof = 'exact'` : ''}),
    partly AS (SELECT * FROM c WHERE c.fu IS NOT NULL AND NOT (${whole}) AND ${part}),
    hops AS MATERIALIZED (
      SELECT link_no, kind, id AS near, node, ${forward ? 'fu' : 'lu'} AS t FROM c WHERE ${whole}
      UNION ALL
      SELECT link_no, kind, id, node, t FROM c WHERE c.fu IS NULL
      UNION ALL
      SELECT c.link_no, any_value(c.kind), c.id, c.node, ${reach}(epoch_us(le.time))
      FROM partly c JOIN link_evidence le ON le.link_no = c.link_no
      WHERE le.time IS NOT NULL AND ${usable}
      GROUP BY c.link_no, c.node, c.id),
    reached AS (SELECT unnest($reached::BIGINT[]) AS node),
    fresh AS MATERIALIZED (
      SELECT h.node, ${reach}(h.t) AS t FROM hops h ANTI JOIN reached r ON r.node = h.node
      GROUP BY h.node),
    kept AS (
      SELECT node FROM reached
      UNION ALL
      (SELECT node FROM fresh ORDER BY t ${forward ? '' : 'DESC'}, node LIMIT $room)),
    answer AS (
      SELECT h.link_no, h.kind, h.near, h.node, n.kind AS node_kind, h.t
      FROM hops h SEMI JOIN kept k ON k.node = h.node JOIN nodes n ON n.node_no = h.node)
    SELECT a.*, x.fresh FROM (SELECT count(*) AS fresh FROM fresh) x LEFT JOIN answer a ON true`;
}

function better(step: Step, candidate: bigint, best: bigint | undefined): boolean {
  if (best === undefined) return true;
  return step === 'forward' ? candidate < best : candidate > best;
}

export interface Walk {
  maxDepth: number;
  maxNodes: number;
  skew: bigint;
  exactOnly: boolean;
  /**
   * Whether the caller reads arrival times, not only which nodes were reached. When it does not,
   * the walk stops once its node limit is full and known to have turned nodes away: a further
   * level could only reach nodes already held earlier, or walk links between them, and the
   * answer draws every link between reached nodes anyway.
   */
  readsTimes: boolean;
}

/**
 * DuckDB pushes a join's keys into the scan of the other side only up to `joinFilterKeys` keys;
 * beyond it the whole adjacency is read. A wider frontier goes in slices of that size.
 */
export const frontierSlice = joinFilterKeys;

async function level(
  db: CaseDb,
  step: Step,
  frontier: number[],
  search: Search,
  walk: Walk,
): Promise<Level> {
  const hops: Hop[] = [];
  let cut = false;
  // Each slice keeps the first `room` new nodes of its own; the caller's cut over all slices
  // keeps the same nodes it would have kept from every hop (a node cut from one slice has that
  // many new nodes reached before it, there and so overall).
  const room = Math.max(0, walk.maxNodes - search.arrival.size);
  const reached = listValue([...search.arrival.keys()].map(BigInt));
  for (let at = 0; at < frontier.length; at += frontierSlice) {
    const slice = frontier.slice(at, at + frontierSlice);
    const started = Date.now();
    const rows = await db.all<HopRow>(levelSql(step, walk.exactOnly), {
      ids: listValue(slice.map(BigInt)),
      ts: listValue(slice.map((no) => search.arrival.get(no) ?? earliest)),
      skew: walk.skew,
      reached,
      room,
    });
    const fresh = Number(rows[0]?.fresh ?? 0);
    cut ||= fresh > room;
    log.debug(
      { step, frontier: slice.length, hops: rows.length, fresh, ms: Date.now() - started },
      'level',
    );
    for (const r of rows) {
      if (r.link_no === null) continue;
      hops.push({
        link_no: Number(r.link_no),
        kind: r.kind,
        near: Number(r.near),
        node: Number(r.node),
        node_kind: r.node_kind,
        t: BigInt(r.t),
      });
    }
  }
  return { hops, cut };
}

/** Bounded breadth-first search in one direction, keeping the best arrival time per node. */
export async function searchFrom(
  db: CaseDb,
  start: number,
  step: Step,
  limits: Walk,
): Promise<Search> {
  const search: Search = {
    arrival: new Map([[start, step === 'forward' ? earliest : latest]]),
    onward: new Set([start]),
    links: new Map(),
    truncated: false,
  };
  let frontier = [start];

  for (let depth = 0; depth < limits.maxDepth && frontier.length > 0; depth++) {
    if (!limits.readsTimes && search.truncated && search.arrival.size >= limits.maxNodes) break;
    const { hops, cut } = await level(db, step, frontier, search, limits);
    search.truncated ||= cut;
    const reached = new Map<number, bigint>();
    const onward = new Set<number>();
    for (const hop of hops) {
      search.links.set(
        hop.link_no,
        step === 'forward' ? [hop.near, hop.node] : [hop.node, hop.near],
      );
      const t = hop.t;
      if (better(step, t, reached.get(hop.node))) reached.set(hop.node, t);
      if (goesOn(step, hop, start)) onward.add(hop.node);
    }

    // Earliest (forward) or latest (backward) arrivals first, so a cut keeps the closest hops.
    const ordered = [...reached].sort(([a, ta], [b, tb]) =>
      ta === tb ? a - b : ta < tb === (step === 'forward') ? -1 : 1,
    );
    frontier = [];
    for (const [node, t] of ordered) {
      if (!better(step, t, search.arrival.get(node))) continue;
      if (!search.arrival.has(node) && search.arrival.size >= limits.maxNodes) {
        search.truncated = true;
        continue;
      }
      search.arrival.set(node, t);
      if (onward.has(node)) {
        frontier.push(node);
        search.onward.add(node);
      }
    }
  }

  // Out of depth with work left: truncated only if one more level would find something new.
  if (frontier.length > 0 && !search.truncated) {
    const more = await level(db, step, frontier, search, limits);
    search.truncated =
      more.cut ||
      more.hops.some(
        (hop) =>
          !search.links.has(hop.link_no) || better(step, hop.t, search.arrival.get(hop.node)),
      );
  }
  return search;
}
