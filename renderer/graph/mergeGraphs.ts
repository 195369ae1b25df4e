import type { PathGraph } from '../../shared/model';

/** The path on screen with another search's nodes and links added; the start stays the same. */
export function mergeGraphs(base: PathGraph, more: PathGraph): PathGraph {
  const nodeIds = new Set(base.nodes.map((n) => n.id));
  const linkIds = new Set(base.links.map((l) => l.id));
  return {
    ...base,
    nodes: [...base.nodes, ...more.nodes.filter((n) => !nodeIds.has(n.id))],
    links: [...base.links, ...more.links.filter((l) => !linkIds.has(l.id))],
    truncated: base.truncated || more.truncated,
  };
}
