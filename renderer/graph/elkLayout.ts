import ELK from 'elkjs/lib/elk-api.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { PathGraph } from '../../shared/model';
import { linkLabel } from './linkLabel';

export const nodeWidth = 176;
export const nodeHeight = 46;

export interface Point {
  x: number;
  y: number;
}

/** A link as ELK routed it: the polyline around the nodes, and the centre of its label. */
export interface Route {
  points: Point[];
  label: Point | null;
}

export interface Layout {
  positions: Map<string, Point>;
  routes: Map<string, Route>;
  width: number;
  height: number;
}

// One ELK instance, whose layout runs in a web worker so that a large path does not freeze the
// window while it is placed.
let elk: InstanceType<typeof ELK> | null = null;

function instance() {
  elk ??= new ELK({ workerFactory: () => new Worker(elkWorkerUrl) });
  return elk;
}

/** Label size for ELK to keep clear; a rough width of the 11 px label font. */
function labelBox(text: string) {
  return { text, width: text.length * 6.2 + 8, height: 16 };
}

function routeOf(edge: ElkExtendedEdge): Route | null {
  const section = edge.sections?.[0];
  if (!section) return null;

  const label = edge.labels?.[0];
  return {
    points: [section.startPoint, ...(section.bendPoints ?? []), section.endPoint],
    label:
      label?.x !== undefined && label.y !== undefined
        ? { x: label.x + (label.width ?? 0) / 2, y: label.y + (label.height ?? 0) / 2 }
        : null,
  };
}

type Direction = 'RIGHT' | 'DOWN';

const layoutOptions = (direction: Direction) => ({
  'elk.algorithm': 'layered',
  'elk.direction': direction,
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.spacing.nodeNode': '24',
  'elk.spacing.edgeLabel': '2',
  'elk.layered.spacing.nodeNodeBetweenLayers': '48',
  'elk.layered.spacing.edgeNodeBetweenLayers': '16',
  'elk.edgeLabels.inline': 'true',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
});

let warmed = false;

/**
 * Starts the layout worker and runs one tiny layout in it, so that the first path the
 * investigator opens does not also wait for the worker to load and compile ELK (about half a
 * second). Once per window; a failure here shows when a real layout fails.
 */
export function warmLayout(): void {
  if (warmed) return;
  warmed = true;
  const box = { width: nodeWidth, height: nodeHeight };
  instance()
    .layout({
      id: 'warm',
      layoutOptions: layoutOptions('RIGHT'),
      children: [
        { id: 'a', ...box },
        { id: 'b', ...box },
      ],
      edges: [{ id: 'ab', sources: ['a'], targets: ['b'], labels: [labelBox('holds')] }],
    })
    .catch(() => undefined);
}

/** Places a path graph in layers along one direction, routing its links around the nodes. */
async function layoutAlong(graph: PathGraph, direction: Direction): Promise<Layout> {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const root: ElkNode = {
    id: 'root',
    layoutOptions: layoutOptions(direction),
    children: graph.nodes.map((n) => ({ id: n.id, width: nodeWidth, height: nodeHeight })),
    edges: graph.links
      .filter((l) => l.from !== l.to && ids.has(l.from) && ids.has(l.to))
      .map((l) => ({
        id: l.id,
        sources: [l.from],
        targets: [l.to],
        labels: [labelBox(linkLabel(l))],
      })),
  };

  const placed = await instance().layout(root);

  const positions = new Map<string, Point>();
  for (const child of placed.children ?? []) {
    positions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
  }
  const routes = new Map<string, Route>();
  for (const edge of placed.edges ?? []) {
    const route = routeOf(edge);
    if (route) routes.set(edge.id, route);
  }
  return { positions, routes, width: placed.width ?? 0, height: placed.height ?? 0 };
}

/** How large the layout would be drawn when fitted to a canvas of the given aspect ratio. */
function fitScale(layout: Layout, aspect: number): number {
  return Math.min(aspect / Math.max(layout.width, 1), 1 / Math.max(layout.height, 1));
}

// Above this size a second layout costs more than the readability it may buy.
const compareUpTo = 300;

/**
 * Lays a path out left to right, or top to bottom when a long chain would otherwise be drawn too
 * small to read in the canvas (whose width over height is `aspect`).
 */
export async function layoutPath(graph: PathGraph, aspect: number): Promise<Layout> {
  const across = await layoutAlong(graph, 'RIGHT');
  if (graph.nodes.length > compareUpTo) return across;

  const down = await layoutAlong(graph, 'DOWN');
  return fitScale(down, aspect) > fitScale(across, aspect) * 1.15 ? down : across;
}
