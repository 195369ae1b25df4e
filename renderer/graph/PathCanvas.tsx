import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  type EdgeTypes,
  type NodeTypes,
} from '@xyflow/react';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PathGraph } from '../../shared/model';
import { useStore } from '../store';
import {
  selectAnnotations,
  selectEventDetail,
  selectGraphSelection,
  selectGraphView,
  selectOpenFinding,
  selectShowPath,
  selectTheme,
} from '../store/selectors';
import { ElkEdge, type ElkFlowEdge } from './ElkEdge';
import { eventHighlight, unionHighlight } from './eventHighlight';
import { kindClass } from './kindClass';
import { KeyNode } from './KeyNode';
import { toFlow, type KeyFlowNode } from './toFlow';
import { useElkLayout } from './useElkLayout';
import { groupKind, visibleGraph } from './visibleGraph';

const nodeTypes: NodeTypes = { key: KeyNode };
const edgeTypes: EdgeTypes = { elk: ElkEdge };

function minimapColour(node: KeyFlowNode): string {
  const family = node.data.isGroup ? 'k-group' : kindClass(node.data.kind);
  return `var(--${family})`;
}

/**
 * The path graph as drawn (time range, groups, collapsed nodes applied), laid out by ELK. Links
 * and nodes select what the timeline shows; the selected event lights what it touches.
 */
export function PathCanvas({ graph, aspect }: { graph: PathGraph; aspect: number }) {
  const { linkId, nodeId, selectLink, selectNode, clearGraphSelection } = useStore(
    useShallow(selectGraphSelection),
  );
  const { view, toggleGroup } = useStore(useShallow(selectGraphView));
  const annotations = useStore(selectAnnotations);
  const event = useStore(selectEventDetail);
  const finding = useStore(selectOpenFinding);
  const showPath = useStore(selectShowPath);
  const { theme } = useStore(useShallow(selectTheme));
  const drawn = useMemo(() => visibleGraph(graph, view), [graph, view]);
  const { layout, failed } = useElkLayout(drawn.graph, aspect);

  const flow = useMemo(
    () =>
      layout
        ? toFlow(
            drawn.graph,
            layout,
            { linkId, nodeId },
            {
              annotations,
              highlight: unionHighlight(eventHighlight(drawn.graph, event), {
                nodeIds: new Set(finding?.nodeIds ?? []),
                linkIds: new Set(finding?.linkIds ?? []),
              }),
              collapsed: view.collapsed,
            },
          )
        : null,
    [drawn, layout, linkId, nodeId, annotations, event, finding, view.collapsed],
  );

  if (failed) return <p className="pad bad">The graph could not be laid out.</p>;
  if (!flow) return <p className="pad muted">Laying out {drawn.graph.nodes.length} nodes…</p>;

  function onEdgeClick(_: unknown, edge: ElkFlowEdge) {
    const link = drawn.graph.links.find((l) => l.id === edge.id);
    if (!link) return;
    const group = [...drawn.groups.values()].find((g) => edge.id === `${g.id}|link`);
    selectLink(link, group?.linkIds);
  }

  function onNodeClick(_: unknown, node: KeyFlowNode) {
    if (node.data.kind === groupKind) toggleGroup(node.id);
    else selectNode(node.id);
  }

  return (
    <ReactFlow<KeyFlowNode, ElkFlowEdge>
      key={`${graph.start}|${graph.direction}`}
      nodes={flow.nodes}
      edges={flow.edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onEdgeClick={onEdgeClick}
      onNodeClick={onNodeClick}
      onPaneClick={clearGraphSelection}
      onNodeDoubleClick={(_, node) => node.data.kind !== groupKind && void showPath(node.id)}
      nodesDraggable={false}
      nodesConnectable={false}
      zoomOnDoubleClick={false}
      fitView
      fitViewOptions={{ padding: 0.15, maxZoom: 1.2, minZoom: 0.55 }}
      minZoom={0.1}
      proOptions={{ hideAttribution: true }}
      colorMode={theme}
    >
      <Background gap={20} size={1} />
      <Controls showInteractive={false} />
      <MiniMap<KeyFlowNode>
        pannable
        zoomable
        nodeColor={minimapColour}
        ariaLabel="Overview of the path"
        className="minimap"
      />
    </ReactFlow>
  );
}
