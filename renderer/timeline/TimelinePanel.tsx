import { useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store';
import {
  selectCaseInfo,
  selectTimeline,
  selectTimelineControls,
  selectTimelineViews,
} from '../store/selectors';
import { allEventsLabel } from '../store/timelineSlice';
import { GoToRow } from './GoToRow';
import { TimelineFilterBar } from './TimelineFilterBar';
import { TimelineTable, type TimelineHandle } from './TimelineTable';

/** Bottom: the events behind the selected path, link or node (or all), filtered and navigable. */
export function TimelinePanel() {
  const { scope, total } = useStore(useShallow(selectTimeline));
  const { showAllEvents } = useStore(useShallow(selectTimelineControls));
  const info = useStore(selectCaseInfo);
  const { applied } = useStore(useShallow(selectTimelineViews));
  const table = useRef<TimelineHandle>(null);

  return (
    <section className="panel timeline-panel" data-testid="timeline-panel">
      <header className="panel-head">
        <h2>Timeline</h2>
        <span className="ellipsis muted" data-testid="timeline-scope">
          {scope ? scope.label : 'Pick a path to list its events, or list them all'}
        </span>
        <span className="spacer" />
        {info && scope?.label !== allEventsLabel && (
          <button type="button" onClick={showAllEvents} data-testid="timeline-all">
            All events
          </button>
        )}
        {scope && total > 0 && (
          <GoToRow count={total} onGo={(index) => table.current?.goTo(index)} />
        )}
        {scope && (
          <span className="muted" data-testid="timeline-total">
            {total === 1 ? '1 event' : `${total} events`}
          </span>
        )}
      </header>
      {info && <TimelineFilterBar key={applied} />}
      {scope && <TimelineTable handle={table} />}
    </section>
  );
}
