import { MarkerType, type Edge, type Node } from '@xyflow/react';
import type { GraphLink, PathGraph } from '../../shared/model';
import { nodeHeight, nodeWidth, type Positions } from './elkLayout';

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

/** A link's label: its kind, and how many calls show it when more than one. */
export function linkLabel(link: GraphLink): string {
  return link.count > 1 ? `${link.kind} ×${link.count}` : link.kind;
}

/**
 * React Flow's nodes and edges, derived from the domain graph and its layout on every render
 * rather than kept in the store, so that the two can never disagree.
 */
export function toFlow(
  graph: PathGraph,
  positions: Positions,
  selection: Selection,
): { nodes: KeyFlowNode[]; edges: Edge[] } {
  const nodes: KeyFlowNode[] = graph.nodes.map((n) => ({
    id: n.id,
    type: 'key',
    position: positions.get(n.id) ?? { x: 0, y: 0 },
    width: nodeWidth,
    height: nodeHeight,
    selected: n.id === selection.nodeId,
    data: { nodeId: n.id, kind: n.kind, label: n.label, isStart: n.id === graph.start },
  }));

  const edges: Edge[] = graph.links
    .filter((l) => l.from !== l.to)
    .map((l) => {
      const selected = l.id === selection.linkId;
      const colour = selected ? 'var(--accent)' : 'var(--edge)';
      return {
        id: l.id,
        source: l.from,
        target: l.to,
        label: linkLabel(l),
        selected,
        className: `link link-${l.proof}`,
        data: { proof: l.proof },
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
