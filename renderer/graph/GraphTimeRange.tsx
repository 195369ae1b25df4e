import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store';
import { selectGraphView } from '../store/selectors';
import { isoBound } from '../timeline/conditionText';

/** A time range that thins the graph to the links with a call inside it. */
export function GraphTimeRange() {
  const { view, setGraphTime } = useStore(useShallow(selectGraphView));
  const [from, setFrom] = useState(view.timeFrom ?? '');
  const [to, setTo] = useState(view.timeTo ?? '');
  const fromIso = isoBound(from, 'from');
  const toIso = isoBound(to, 'to');

  function apply(event: FormEvent) {
    event.preventDefault();
    if (fromIso !== null && toIso !== null) setGraphTime(fromIso, toIso);
  }

  return (
    <form className="graph-time" onSubmit={apply} data-testid="graph-time">
      <input
        className={fromIso === null ? 'invalid' : ''}
        value={from}
        onChange={(e) => setFrom(e.target.value)}
        placeholder="from (UTC)"
        aria-label="Graph from (UTC)"
        data-testid="graph-time-from"
      />
      <input
        className={toIso === null ? 'invalid' : ''}
        value={to}
        onChange={(e) => setTo(e.target.value)}
        placeholder="to (UTC)"
        aria-label="Graph to (UTC)"
        data-testid="graph-time-to"
      />
      <button type="submit" data-testid="graph-time-apply">
        Range
      </button>
    </form>
  );
}
