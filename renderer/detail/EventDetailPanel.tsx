import { useMemo } from 'react';
import { AnnotationEditor } from '../annotations/AnnotationEditor';
import { CopyButton } from '../components/CopyButton';
import { useStore } from '../store';
import { selectEventDetail } from '../store/selectors';
import { EventNeighbours } from './EventNeighbours';
import { FieldList } from './FieldList';
import { prettyRaw } from './prettyRaw';

/** Right: one event's normalised fields and the record exactly as the log wrote it. */
export function EventDetailPanel() {
  const detail = useStore(selectEventDetail);
  const raw = useMemo(() => (detail ? prettyRaw(detail.raw) : ''), [detail]);

  if (!detail) {
    return (
      <section className="panel detail-panel" data-testid="detail-panel">
        <header className="panel-head">
          <h2>Event</h2>
        </header>
        <p className="pad muted">
          Click an event in the timeline to see its fields and raw record.
        </p>
      </section>
    );
  }

  return (
    <section className="panel detail-panel" data-testid="detail-panel">
      <header className="panel-head">
        <h2 className="ellipsis" data-testid="detail-action">
          {detail.action}
        </h2>
        <span className="spacer" />
        <CopyButton text={detail.eventId} label="Copy id" testId="copy-event-id" />
      </header>
      <div className="scroll detail-body">
        <AnnotationEditor targetKind="event" targetId={detail.eventId} />
        <FieldList detail={detail} />
        <EventNeighbours detail={detail} />
        <div className="raw-head">
          <h3>Raw record</h3>
          <span className="spacer" />
          <CopyButton text={detail.raw} label="Copy raw" testId="copy-raw" />
        </div>
        <p className="muted small raw-source">
          {detail.evidencePath}, record {detail.recordNo}
        </p>
        <pre className="raw" data-testid="raw-record">
          {raw}
        </pre>
      </div>
    </section>
  );
}
