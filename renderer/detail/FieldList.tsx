import type { EventDetail } from '../../shared/model';
import { CopyButton } from '../components/CopyButton';
import { fullTime } from '../timeline/formatTime';

type Field = [label: string, value: string | number | null];

function fieldsOf(d: EventDetail): Field[] {
  return [
    ['Time (UTC)', fullTime(d.time)],
    ['Time as logged', d.timeRaw],
    ['Source', d.source],
    ['Category', d.category],
    ['Action', d.action],
    ['Outcome', d.outcome],
    ['Error code', d.errorCode],
    ['Error message', d.errorMessage],
    ['Actor', d.actor],
    ['Actor kind', d.actorKind],
    ['Actor name', d.actorDisplay],
    ['Credential', d.credential],
    ['Issued', d.issued],
    ['Target', d.target],
    ['Target name', d.targetDisplay],
    ['Source address', d.srcIp],
    ['User agent', d.userAgent],
    ['Account', d.account],
    ['Region', d.region],
    ['Trace', d.traceId],
    ['Span', d.spanId],
    ['Parent span', d.parentSpanId],
    ['Event id', d.eventId],
    ['Evidence', d.evidencePath],
    ['Record', d.recordNo],
  ];
}

/** The normalised fields of an event, each with a copy button; empty ones are left out. */
export function FieldList({ detail }: { detail: EventDetail }) {
  const fields = fieldsOf(detail).filter(([, value]) => value !== null && value !== '');

  return (
    <dl className="fields" data-testid="detail-fields">
      {fields.map(([label, value]) => (
        <div className="field" key={label}>
          <dt>{label}</dt>
          <dd className="mono">
            {String(value)}
            <CopyButton text={String(value)} label="Copy" className="field-copy" />
          </dd>
        </div>
      ))}
    </dl>
  );
}
