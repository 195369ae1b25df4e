import type { PathGraph, TimelineRow } from '../../shared/model';

export interface Highlight {
  nodeIds: Set<string>;
  linkIds: Set<string>;
}

export const noHighlight: Highlight = { nodeIds: new Set(), linkIds: new Set() };

/**
 * What an event touches in the graph on screen: the links it is evidence of, and the nodes it
 * names (actor, credential, what it issued, its target, its address). Only nodes and links
 * drawn count; a link whose evidence list was cut short may miss an event it holds.
 */
export function eventHighlight(graph: PathGraph | null, event: TimelineRow | null): Highlight {
  if (!graph || !event) return noHighlight;

  const named = [event.actor, event.credential, event.issued, event.target];
  if (event.srcIp) named.push(`ip:${event.srcIp}`);
  const drawn = new Set(graph.nodes.map((n) => n.id));
  const nodeIds = new Set(named.filter((id): id is string => !!id && drawn.has(id)));
  const linkIds = new Set(
    graph.links.filter((l) => l.evidence.includes(event.eventId)).map((l) => l.id),
  );
  return { nodeIds, linkIds };
}

/** Two highlights as one: what the open event touches and the path of the open finding. */
export function unionHighlight(a: Highlight, b: Highlight): Highlight {
  return {
    nodeIds: new Set([...a.nodeIds, ...b.nodeIds]),
    linkIds: new Set([...a.linkIds, ...b.linkIds]),
  };
}
