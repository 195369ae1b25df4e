import type { TimelineRow } from '../../shared/model';
import { nodeLabel } from '../../shared/nodeIds';
import { fullTime } from './formatTime';

interface Props {
  row: TimelineRow | undefined;
  top: number;
  height: number;
  selected: boolean;
  onPick(): void;
}

function short(id: string | null, display?: string | null) {
  if (display) return display;
  return id ? nodeLabel(id) : '—';
}

/** One event of the timeline; a placeholder while its page is on the way. */
export function TimelineRowView({ row, top, height, selected, onPick }: Props) {
  const style = { transform: `translateY(${top}px)`, height };

  if (!row) {
    return <div className="timeline-row placeholder" style={style} />;
  }

  return (
    <div
      className={selected ? 'timeline-row selected' : 'timeline-row'}
      style={style}
      role="row"
      tabIndex={0}
      onClick={onPick}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onPick()}
      data-testid="timeline-row"
      data-event-id={row.eventId}
    >
      <span className="mono">{fullTime(row.time)}</span>
      <span>{row.source}</span>
      <span className="strong" title={row.category}>
        {row.action}
      </span>
      <span className={row.outcome === 'failure' ? 'bad' : ''} title={row.errorCode ?? undefined}>
        {row.outcome}
      </span>
      <span title={row.actor ?? undefined}>{short(row.actor, row.actorDisplay)}</span>
      <span className="mono" title={row.credential ?? undefined}>
        {short(row.credential)}
      </span>
      <span title={row.target ?? undefined}>{short(row.target, row.targetDisplay)}</span>
      <span className="mono">{row.srcIp ?? '—'}</span>
    </div>
  );
}
