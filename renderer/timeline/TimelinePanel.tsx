import { useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { transport } from '../api';
import { useStore } from '../store';
import {
  selectCaseInfo,
  selectTimeline,
  selectTimelineControls,
  selectTimelineViews,
} from '../store/selectors';
import { allEventsLabel, scopeFilter } from '../store/timelineSlice';
import { unwrap } from '../store/unwrap';
import { GoTo } from './GoTo';
import { rowsBeforeFilter } from './seekTime';
import { TimelineFilterBar } from './TimelineFilterBar';
import { TimelineTable, type TimelineHandle } from './TimelineTable';

/** Bottom: the events behind the selected path, link or node (or all), filtered and navigable. */
export function TimelinePanel() {
  const { scope, total, counted } = useStore(useShallow(selectTimeline));
  const list = useStore((s) => s.timelineList);
  const { showAllEvents } = useStore(useShallow(selectTimelineControls));
  const info = useStore(selectCaseInfo);
  const { applied } = useStore(useShallow(selectTimelineViews));
  const table = useRef<TimelineHandle>(null);

  // The first row at or past a time is the one after every row listed before it.
  async function goToTime(time: string) {
    const { timelineScope, timelineConditions } = useStore.getState();
    if (!timelineScope) return;

    const filter = rowsBeforeFilter(scopeFilter(timelineScope, timelineConditions), time);
    const before = await unwrap(useStore.getState, transport().api.timelineCount(filter));
    if (before) table.current?.goTo(Math.min(before.total, total - 1));
  }

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
          <GoTo
            count={total}
            onRow={(index) => table.current?.goTo(index)}
            onTime={(time) => void goToTime(time)}
          />
        )}
        {scope && (
          <span className="muted" data-testid="timeline-total">
            {!counted ? 'counting events…' : total === 1 ? '1 event' : `${total} events`}
          </span>
        )}
      </header>
      {info && <TimelineFilterBar key={applied} />}
      {/* A new list starts at its first row, as a search result does, not where the last was. */}
      {scope && <TimelineTable key={list} handle={table} />}
    </section>
  );
}
