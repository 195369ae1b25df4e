import { MarkerType, type Edge, type Node } from '@xyflow/react';
import type { PathGraph } from '../../shared/model';
import type { ElkFlowEdge } from './ElkEdge';
import { nodeHeight, nodeWidth, type Layout } from './elkLayout';
import { linkLabel, onlyFailed } from './linkLabel';

export interface KeyNodeData extends Record<string, unknown> {
  nodeId: string;
  kind: string;
  label: string;
  isStart: boolean;
}

export type KeyFlowNode = Node<KeyNodeData, 'key'>;

export interface Selection {
  linkId: string | null;
  nodeId: string | null;
}

/**
 * React Flow's nodes and edges, derived from the domain graph and its layout on every render
 * rather than kept in the store, so that the two can never disagree.
 */
export function toFlow(
  graph: PathGraph,
  layout: Layout,
  selection: Selection,
): { nodes: KeyFlowNode[]; edges: ElkFlowEdge[] } {
  const nodes: KeyFlowNode[] = graph.nodes.map((n) => ({
    id: n.id,
    type: 'key',
    position: layout.positions.get(n.id) ?? { x: 0, y: 0 },
    width: nodeWidth,
    height: nodeHeight,
    selected: n.id === selection.nodeId,
    data: { nodeId: n.id, kind: n.kind, label: n.label, isStart: n.id === graph.start },
  }));

  const edges: ElkFlowEdge[] = graph.links
    .filter((l) => l.from !== l.to)
    .map((l) => {
      const selected = l.id === selection.linkId;
      const colour = selected ? 'var(--accent)' : onlyFailed(l) ? 'var(--bad)' : 'var(--edge)';
      return {
        id: l.id,
        type: 'elk' as const,
        source: l.from,
        target: l.to,
        label: linkLabel(l),
        selected,
        className: `link link-${l.proof}${onlyFailed(l) ? ' link-failed' : ''}`,
        data: { route: layout.routes.get(l.id) ?? null },
        // Named for the tests and for anyone reading the DOM: what the link joins and proves.
        domAttributes: {
          'data-kind': l.kind,
          'data-proof': l.proof,
          'data-from': l.from,
          'data-to': l.to,
        } as Edge['domAttributes'],
        style: {
          stroke: colour,
          strokeWidth: selected ? 2.5 : 1.5,
          strokeDasharray: l.proof === 'inferred' ? '6 4' : undefined,
        },
        markerEnd: { type: MarkerType.ArrowClosed, color: colour, width: 16, height: 16 },
        labelBgPadding: [4, 2] as [number, number],
        labelBgBorderRadius: 3,
      };
    });

  return { nodes, edges };
}
