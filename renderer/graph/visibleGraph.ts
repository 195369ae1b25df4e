import type { GraphLink, GraphNode, PathGraph } from '../../shared/model';
import { kindName } from '../../shared/nodeIds';

/** Leaves of one kind hanging off one node by one kind of link, drawn as a single node. */
export interface FanOutGroup {
  id: string;
  hub: string;
  nodeIds: string[];
  linkIds: string[];
}

export interface GraphView {
  /** Group ids the investigator opened: their members are drawn one by one. */
  expandedGroups: string[];
  /** Nodes whose leaf neighbours are hidden. */
  collapsed: string[];
  /** Inclusive ISO bounds: links with no call inside them are left out. */
  timeFrom?: string;
  timeTo?: string;
}

export const groupKind = 'group';
/** More leaves than this of one kind behind one link kind are grouped. */
export const fanOutThreshold = 8;

/** An ISO bound in the engine's own text shape (six fraction digits, Z), so strings compare. */
function normalised(bound: string | undefined): string | undefined {
  if (!bound) return undefined;
  const ms = Date.parse(bound);
  if (Number.isNaN(ms)) return undefined;
  const micro = /\.\d{4,6}/.exec(bound)?.[0]?.slice(4).padEnd(3, '0') ?? '000';
  return new Date(ms).toISOString().replace('Z', `${micro}Z`);
}

function withinTime(links: GraphLink[], view: GraphView): GraphLink[] {
  const from = normalised(view.timeFrom);
  const to = normalised(view.timeTo);
  if (!from && !to) return links;
  return links.filter((l) => (!from || l.last_time >= from) && (!to || l.first_time <= to));
}

function degrees(links: GraphLink[]): Map<string, GraphLink[]> {
  const byNode = new Map<string, GraphLink[]>();
  for (const l of links) {
    for (const end of [l.from, l.to]) {
      const list = byNode.get(end);
      // Appended in place: copying a hub's list at each of its links costs n² on a wide fan-out.
      if (list) list.push(l);
      else byNode.set(end, [l]);
    }
  }
  return byNode;
}

function groupLink(group: FanOutGroup, members: GraphLink[], outward: boolean): GraphLink {
  const first = members[0]!;
  return {
    ...first,
    id: `${group.id}|link`,
    from: outward ? group.hub : group.id,
    to: outward ? group.id : group.hub,
    proof: members.every((l) => l.proof === 'exact') ? 'exact' : 'inferred',
    count: members.reduce((n, l) => n + l.count, 0),
    failures: members.reduce((n, l) => n + l.failures, 0),
    first_time: members.reduce((t, l) => (l.first_time < t ? l.first_time : t), first.first_time),
    last_time: members.reduce((t, l) => (l.last_time > t ? l.last_time : t), first.last_time),
    evidence: members.flatMap((l) => l.evidence),
    evidence_count: members.reduce((n, l) => n + l.evidence_count, 0),
  };
}

/**
 * The graph as drawn: links outside the time range left out, the leaves of collapsed nodes
 * hidden, and large fan-out (a key that read 312 objects) grouped into one node per hub, link
 * kind and node kind until the group is expanded. The start node is always kept.
 */
export function visibleGraph(
  graph: PathGraph,
  view: GraphView,
): { graph: PathGraph; groups: Map<string, FanOutGroup> } {
  let links = withinTime(graph.links, view);
  const byNode = degrees(links);
  const isLeaf = (id: string) => id !== graph.start && (byNode.get(id)?.length ?? 0) === 1;

  const hidden = new Set<string>();
  for (const c of view.collapsed) {
    for (const l of byNode.get(c) ?? []) {
      const other = l.from === c ? l.to : l.from;
      if (isLeaf(other)) hidden.add(other);
    }
  }
  links = links.filter((l) => !hidden.has(l.from) && !hidden.has(l.to));

  const kinds = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  const buckets = new Map<string, GraphLink[]>();
  for (const l of links) {
    const outward = isLeaf(l.to) && !isLeaf(l.from);
    const leaf = outward ? l.to : isLeaf(l.from) ? l.from : null;
    if (!leaf) continue;
    const hub = outward ? l.from : l.to;
    const key = `group:${hub}|${outward ? 'out' : 'in'}|${l.kind}|${kinds.get(leaf) ?? ''}`;
    buckets.set(key, [...(buckets.get(key) ?? []), l]);
  }

  const groups = new Map<string, FanOutGroup>();
  const grouped = new Set<string>();
  const groupNodes: GraphNode[] = [];
  const groupLinks: GraphLink[] = [];
  for (const [id, members] of buckets) {
    if (members.length <= fanOutThreshold || view.expandedGroups.includes(id)) continue;
    const outward = id.includes('|out|');
    const hub = outward ? members[0]!.from : members[0]!.to;
    const nodeIds = members.map((l) => (outward ? l.to : l.from));
    const group = { id, hub, nodeIds, linkIds: members.map((l) => l.id) };
    groups.set(id, group);
    members.forEach((l) => grouped.add(l.id));
    const kind = kinds.get(nodeIds[0]!) ?? '';
    groupNodes.push({ id, kind: groupKind, label: `+${nodeIds.length} ${kindName(kind)}` });
    groupLinks.push(groupLink(group, members, outward));
  }

  const kept = [...links.filter((l) => !grouped.has(l.id)), ...groupLinks];
  const ends = new Set([graph.start, ...kept.flatMap((l) => [l.from, l.to])]);
  const nodes = [...graph.nodes.filter((n) => ends.has(n.id)), ...groupNodes];
  return { graph: { ...graph, nodes, links: kept }, groups };
}
