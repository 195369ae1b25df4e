import { Background, Controls, ReactFlow, type EdgeTypes, type NodeTypes } from '@xyflow/react';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PathGraph } from '../../shared/model';
import { useStore } from '../store';
import { selectGraphSelection, selectShowPath } from '../store/selectors';
import { ElkEdge, type ElkFlowEdge } from './ElkEdge';
import { KeyNode } from './KeyNode';
import { toFlow, type KeyFlowNode } from './toFlow';
import { useElkLayout } from './useElkLayout';

const nodeTypes: NodeTypes = { key: KeyNode };
const edgeTypes: EdgeTypes = { elk: ElkEdge };

/** The path graph, laid out by ELK; links and nodes select what the timeline shows. */
export function PathCanvas({ graph, aspect }: { graph: PathGraph; aspect: number }) {
  const { linkId, nodeId, selectLink, selectNode } = useStore(useShallow(selectGraphSelection));
  const showPath = useStore(selectShowPath);
  const { layout, failed } = useElkLayout(graph, aspect);

  const flow = useMemo(
    () => (layout ? toFlow(graph, layout, { linkId, nodeId }) : null),
    [graph, layout, linkId, nodeId],
  );

  if (failed) return <p className="pad bad">The graph could not be laid out.</p>;
  if (!flow) return <p className="pad muted">Laying out {graph.nodes.length} nodes…</p>;

  function onEdgeClick(_: unknown, edge: ElkFlowEdge) {
    const link = graph.links.find((l) => l.id === edge.id);
    if (link) selectLink(link);
  }

  return (
    <ReactFlow<KeyFlowNode, ElkFlowEdge>
      key={`${graph.start}|${graph.direction}`}
      nodes={flow.nodes}
      edges={flow.edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onEdgeClick={onEdgeClick}
      onNodeClick={(_, node) => selectNode(node.id)}
      onNodeDoubleClick={(_, node) => void showPath(node.id)}
      nodesDraggable={false}
      nodesConnectable={false}
      zoomOnDoubleClick={false}
      fitView
      fitViewOptions={{ padding: 0.15, maxZoom: 1.2, minZoom: 0.55 }}
      minZoom={0.1}
      proOptions={{ hideAttribution: true }}
    >
      <Background gap={20} size={1} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
