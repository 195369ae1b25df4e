import type { RequestOf } from '../../../shared/contract.js';
import type { EventDetail } from '../../../shared/model.js';
import type { CaseDb } from '../case/CaseDb.js';
import { KeytrailError } from '../KeytrailError.js';
import { timelineColumns, toTimelineRow, type TimelineSqlRow } from './timeline.js';

interface DetailRow extends TimelineSqlRow {
  evidence_id: string;
  evidence_path: string | null;
  record_no: string;
  time_raw: string | null;
  actor_kind: string | null;
  error_message: string | null;
  user_agent: string | null;
  account: string | null;
  region: string | null;
  trace_id: string | null;
  span_id: string | null;
  parent_span_id: string | null;
  raw: string;
}

/** One event with everything the case knows about it, the raw record included. */
export async function eventDetail(db: CaseDb, request: RequestOf<'event'>): Promise<EventDetail> {
  const row = await db.one<DetailRow>(
    `SELECT ${timelineColumns}, e.evidence_id, v.path AS evidence_path, e.record_no, e.time_raw,
       e.actor_kind, e.error_message, e.user_agent, e.account, e.region, e.trace_id, e.span_id,
       e.parent_span_id, e.raw::VARCHAR AS raw
     FROM events e LEFT JOIN evidence v ON v.evidence_id = e.evidence_id
     WHERE e.event_id = $id LIMIT 1`,
    { id: request.eventId },
  );
  if (!row) {
    throw new KeytrailError(
      'event_not_found',
      `Failed to read event ${request.eventId}: no such event`,
    );
  }

  const copies = await db.all<{ evidence_id: string; path: string | null; record_no: string }>(
    `SELECT c.evidence_id, v.path, c.record_no
     FROM event_copies c LEFT JOIN evidence v ON v.evidence_id = c.evidence_id
     WHERE c.event_id = $id ORDER BY v.path, c.record_no`,
    { id: request.eventId },
  );

  return {
    ...toTimelineRow(row),
    evidenceId: row.evidence_id,
    evidencePath: row.evidence_path ?? '',
    recordNo: Number(row.record_no),
    copies: copies.map((c) => ({
      evidenceId: c.evidence_id,
      evidencePath: c.path ?? '',
      recordNo: Number(c.record_no),
    })),
    timeRaw: row.time_raw,
    actorKind: row.actor_kind,
    errorMessage: row.error_message,
    userAgent: row.user_agent,
    account: row.account,
    region: row.region,
    traceId: row.trace_id,
    spanId: row.span_id,
    parentSpanId: row.parent_span_id,
    raw: row.raw,
  };
}
