import { useShallow } from 'zustand/react/shallow';
import type { EventDetail } from '../../shared/model';
import { nodeLabel } from '../../shared/nodeIds';
import { useStore } from '../store';
import { selectEventNeighbours, selectEventSelection } from '../store/selectors';
import { fullTime } from '../timeline/formatTime';
import { neighbourSeconds } from './neighbours';

/** What the same credential (or actor) did in the minutes around this event; a click opens one. */
export function EventNeighbours({ detail }: { detail: EventDetail }) {
  const rows = useStore(selectEventNeighbours);
  const { selectEvent } = useStore(useShallow(selectEventSelection));
  const who = detail.credential ?? detail.actor;

  if (!who) return null;

  return (
    <div className="neighbours" data-testid="event-neighbours">
      <h3>
        Within {neighbourSeconds / 60} minutes, by {nodeLabel(who)}
      </h3>
      {rows.length <= 1 && <p className="muted small">No other event.</p>}
      {rows.length > 1 && (
        <ol className="neighbour-list">
          {rows.map((r) => (
            <li key={r.eventId} className={r.eventId === detail.eventId ? 'current' : ''}>
              <button
                type="button"
                className="link-button"
                onClick={() => void selectEvent(r.eventId)}
                disabled={r.eventId === detail.eventId}
                data-testid="neighbour"
              >
                <span className="mono">{fullTime(r.time).slice(11)}</span>{' '}
                <span className={r.outcome === 'failure' ? 'bad' : ''}>{r.action}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
