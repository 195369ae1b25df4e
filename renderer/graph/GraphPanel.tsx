import { useShallow } from 'zustand/react/shallow';
import { nodeLabel } from '../../shared/nodeIds';
import { EmptyState } from '../components/EmptyState';
import { useStore } from '../store';
import {
  selectCaseChecked,
  selectCaseInfo,
  selectEvidence,
  selectGraphView,
  selectPath,
  selectSetDirection,
} from '../store/selectors';
import { DirectionToggle } from './DirectionToggle';
import { GraphLegend } from './GraphLegend';
import { GraphSelectionBar } from './GraphSelectionBar';
import { GraphTimeRange } from './GraphTimeRange';
import { PathCanvas } from './PathCanvas';
import { useAspect } from './useAspect';

/** Centre: the access paths of the chosen node, or what to do first when there is none. */
export function GraphPanel() {
  const info = useStore(selectCaseInfo);
  const checked = useStore(selectCaseChecked);
  const evidence = useStore(selectEvidence);
  const { start, direction, graph, loading } = useStore(useShallow(selectPath));
  const { view, toggleGroup } = useStore(useShallow(selectGraphView));
  const setDirection = useStore(selectSetDirection);
  const [body, aspect] = useAspect();

  if (checked && !info) {
    return (
      <EmptyState title="No case is open" testId="empty-state">
        Type the path of a case file (<code>name.keytrail.duckdb</code>) in the bar above and press
        Open case. A new file is created if none exists.
      </EmptyState>
    );
  }

  // The case's own count, which comes with it: the evidence list may not be loaded yet.
  if (info && info.evidenceCount === 0 && evidence.length === 0) {
    return (
      <EmptyState title="Add evidence to begin" testId="empty-state">
        Type the absolute path of a CloudTrail bundle (a folder, <code>.zip</code>,{' '}
        <code>.tar.gz</code> or a log file) under Evidence on the left and press Add, choose files,
        or drop them anywhere on this window. Keytrail reads them; it never changes them.
      </EmptyState>
    );
  }

  return (
    <section className="panel graph-panel" data-testid="graph-panel">
      <header className="panel-head">
        <h2 className="ellipsis" title={start ?? undefined}>
          {start ? `Access path: ${nodeLabel(start)}` : 'Access path'}
        </h2>
        {graph && (
          <span className="muted" data-testid="graph-counts">
            {graph.nodes.length} nodes · {graph.links.length} links
          </span>
        )}
        {graph?.truncated && (
          <span className="badge warn" title="The depth or size limit stopped the search">
            truncated
          </span>
        )}
        <span className="spacer" />
        {view.expandedGroups.length > 0 && (
          <button
            type="button"
            onClick={() => view.expandedGroups.forEach(toggleGroup)}
            data-testid="regroup"
          >
            Group again
          </button>
        )}
        {graph && <GraphTimeRange key={graph.start} />}
        <DirectionToggle value={direction} onChange={(d) => void setDirection(d)} />
      </header>
      {graph && !loading && <GraphSelectionBar graph={graph} />}
      <div className="graph-body" ref={body}>
        {loading && <p className="pad muted">Following links…</p>}
        {!loading && !graph && (
          <EmptyState title="Pick an identity or credential" testId="graph-empty">
            Choose an entry in the inventory on the left to draw where it came from and what it led
            to. Click a link to see the events that prove it; double-click a node to start the path
            there. Or list every event with All events in the timeline below.
          </EmptyState>
        )}
        {!loading && graph && <PathCanvas graph={graph} aspect={aspect} />}
      </div>
      <GraphLegend />
    </section>
  );
}
