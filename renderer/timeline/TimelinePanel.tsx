import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store';
import { selectTimeline } from '../store/selectors';
import { TimelineTable } from './TimelineTable';

/** Bottom: the events behind the selected path, link or node, oldest first. */
export function TimelinePanel() {
  const { scope, total } = useStore(useShallow(selectTimeline));

  return (
    <section className="panel timeline-panel" data-testid="timeline-panel">
      <header className="panel-head">
        <h2>Timeline</h2>
        <span className="ellipsis muted" data-testid="timeline-scope">
          {scope ? scope.label : 'Pick a path to list its events'}
        </span>
        <span className="spacer" />
        {scope && (
          <span className="muted" data-testid="timeline-total">
            {total === 1 ? '1 event' : `${total} events`}
          </span>
        )}
      </header>
      {scope && <TimelineTable />}
    </section>
  );
}
