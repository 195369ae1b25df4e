import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PathGraph } from '../../shared/model';
import { nodeLabel } from '../../shared/nodeIds';
import { pathTargetId } from '../../shared/pathId';
import { AnnotationEditor } from '../annotations/AnnotationEditor';
import { useStore } from '../store';
import { selectGraphSelection, selectGraphView, selectShowPath } from '../store/selectors';

/**
 * Under the graph's head: what is selected and what can be done with it (annotate, expand or
 * collapse a node's neighbours, start the path there); with nothing selected, the path itself.
 */
export function GraphSelectionBar({ graph }: { graph: PathGraph }) {
  const { linkId, nodeId, clearGraphSelection } = useStore(useShallow(selectGraphSelection));
  const back = (
    <button type="button" onClick={clearGraphSelection} data-testid="back-to-path">
      Whole path
    </button>
  );
  const { view, toggleCollapsed, expandNode } = useStore(useShallow(selectGraphView));
  const showPath = useStore(selectShowPath);
  const link = linkId ? graph.links.find((l) => l.id === linkId) : undefined;
  // Hashing every link id of a wide path takes tens of milliseconds: once a graph, not a render.
  const pathId = useMemo(
    () =>
      pathTargetId(
        graph.start,
        graph.direction,
        graph.links.map((l) => l.id),
      ),
    [graph],
  );

  if (nodeId) {
    const collapsed = view.collapsed.includes(nodeId);
    return (
      <div className="selection-bar" data-testid="selection-bar" data-target="node">
        <span className="selection-what ellipsis" title={nodeId}>
          Node <strong>{nodeLabel(nodeId)}</strong>
        </span>
        <button type="button" onClick={() => void expandNode(nodeId)} data-testid="expand-node">
          Expand neighbours
        </button>
        <button
          type="button"
          onClick={() => toggleCollapsed(nodeId)}
          data-testid="collapse-node"
          aria-pressed={collapsed}
        >
          {collapsed ? 'Show its leaves' : 'Collapse its leaves'}
        </button>
        {nodeId !== graph.start && (
          <button type="button" onClick={() => void showPath(nodeId)} data-testid="start-here">
            Start path here
          </button>
        )}
        {back}
        <AnnotationEditor targetKind="node" targetId={nodeId} />
      </div>
    );
  }

  if (link) {
    return (
      <div className="selection-bar" data-testid="selection-bar" data-target="link">
        <span className="selection-what ellipsis" title={link.reason}>
          <strong>{link.kind}</strong>{' '}
          <span className={`proof proof-${link.proof}`} data-testid="link-proof">
            {link.proof === 'exact' ? 'exact' : `inferred, score ${link.score.toFixed(2)}`}
          </span>{' '}
          · {nodeLabel(link.from)} → {nodeLabel(link.to)}
          {link.reason && <span className="muted"> · {link.reason}</span>}
        </span>
        {back}
        {/* A grouped link stands for many; each member keeps its own annotation. */}
        {!link.id.startsWith('group:') && <AnnotationEditor targetKind="link" targetId={link.id} />}
      </div>
    );
  }

  return (
    <div className="selection-bar" data-testid="selection-bar" data-target="path">
      <span className="selection-what ellipsis" title={pathId}>
        This path
      </span>
      <AnnotationEditor targetKind="path" targetId={pathId} testId="annotate-path" />
    </div>
  );
}
