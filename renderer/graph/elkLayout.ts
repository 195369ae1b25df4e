import ELK from 'elkjs/lib/elk-api.js';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { PathGraph } from '../../shared/model';

export const nodeWidth = 176;
export const nodeHeight = 46;

export type Positions = Map<string, { x: number; y: number }>;

// One ELK instance, whose layout runs in a web worker so that a large path does not freeze the
// window while it is placed.
let elk: InstanceType<typeof ELK> | null = null;

function instance() {
  elk ??= new ELK({ workerFactory: () => new Worker(elkWorkerUrl) });
  return elk;
}

/** Places a path graph left to right in layers, from the links' direction. */
export async function layoutPath(graph: PathGraph): Promise<Positions> {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '22',
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.edgeRouting': 'POLYLINE',
    },
    children: graph.nodes.map((n) => ({ id: n.id, width: nodeWidth, height: nodeHeight })),
    edges: graph.links
      .filter((l) => l.from !== l.to && ids.has(l.from) && ids.has(l.to))
      .map((l) => ({ id: l.id, sources: [l.from], targets: [l.to] })),
  };

  const placed = await instance().layout(root);

  const positions: Positions = new Map();
  for (const child of placed.children ?? []) {
    positions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
  }
  return positions;
}
