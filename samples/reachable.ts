/**
 * Every node reachable from `start` along `edges` (node -> next nodes), whatever the links' kind
 * or time: the independent check the sample tests make of what may or may not join a story.
 */
export function reachable(start: string, edges: Map<string, string[]>): Set<string> {
  const seen = new Set([start]);
  const queue = [start];
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    for (const next of edges.get(node) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}
