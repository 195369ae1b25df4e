import { MarkerType, type Edge, type Node } from '@xyflow/react';
import type { Annotation, PathGraph } from '../../shared/model';
import { annotationKey } from '../store/annotationSlice';
import type { ElkFlowEdge } from './ElkEdge';
import { nodeHeight, nodeWidth, type Layout } from './elkLayout';
import type { Highlight } from './eventHighlight';
import { linkLabel, onlyFailed } from './linkLabel';
import { groupKind } from './visibleGraph';

export interface KeyNodeData extends Record<string, unknown> {
  nodeId: string;
  kind: string;
  label: string;
  isStart: boolean;
  isGroup: boolean;
  collapsed: boolean;
  /** The selected event names this node. */
  lit: boolean;
  annotation: Annotation | undefined;
}

export type KeyFlowNode = Node<KeyNodeData, 'key'>;

export interface Selection {
  linkId: string | null;
  nodeId: string | null;
}

export interface Decoration {
  annotations: Record<string, Annotation>;
  highlight: Highlight;
  collapsed: string[];
}

/**
 * React Flow's nodes and edges, derived from the domain graph and its layout on every render
 * rather than kept in the store, so that the two can never disagree.
 */
export function toFlow(
  graph: PathGraph,
  layout: Layout,
  selection: Selection,
  decoration: Decoration,
): { nodes: KeyFlowNode[]; edges: ElkFlowEdge[] } {
  const { annotations, highlight } = decoration;
  const nodes: KeyFlowNode[] = graph.nodes.map((n) => ({
    id: n.id,
    type: 'key',
    position: layout.positions.get(n.id) ?? { x: 0, y: 0 },
    width: nodeWidth,
    height: nodeHeight,
    selected: n.id === selection.nodeId,
    data: {
      nodeId: n.id,
      kind: n.kind,
      label: n.label,
      isStart: n.id === graph.start,
      isGroup: n.kind === groupKind,
      collapsed: decoration.collapsed.includes(n.id),
      lit: highlight.nodeIds.has(n.id),
      annotation: annotations[annotationKey('node', n.id)],
    },
  }));

  const edges: ElkFlowEdge[] = graph.links
    .filter((l) => l.from !== l.to)
    .map((l) => {
      const selected = l.id === selection.linkId;
      const lit = highlight.linkIds.has(l.id);
      const colour = selected
        ? 'var(--accent)'
        : lit
          ? 'var(--lit)'
          : onlyFailed(l)
            ? 'var(--bad)'
            : 'var(--edge)';
      const note = annotations[annotationKey('link', l.id)];
      const classes = ['link', `link-${l.proof}`];
      if (onlyFailed(l)) classes.push('link-failed');
      if (lit) classes.push('link-lit');
      return {
        id: l.id,
        type: 'elk' as const,
        source: l.from,
        target: l.to,
        label: `${note?.starred ? '★ ' : ''}${linkLabel(l)}${note?.tags.length ? ` #${note.tags.join(' #')}` : ''}`,
        selected,
        className: classes.join(' '),
        data: { route: layout.routes.get(l.id) ?? null },
        // Named for the tests and for anyone reading the DOM: what the link joins and proves.
        domAttributes: {
          'data-kind': l.kind,
          'data-proof': l.proof,
          'data-from': l.from,
          'data-to': l.to,
          'data-lit': lit ? 'true' : 'false',
        } as Edge['domAttributes'],
        style: {
          stroke: colour,
          strokeWidth: selected || lit ? 2.5 : 1.5,
          strokeDasharray: l.proof === 'inferred' ? '6 4' : undefined,
        },
        markerEnd: { type: MarkerType.ArrowClosed, color: colour, width: 16, height: 16 },
        labelBgPadding: [4, 2] as [number, number],
        labelBgBorderRadius: 3,
      };
    });

  return { nodes, edges };
}
