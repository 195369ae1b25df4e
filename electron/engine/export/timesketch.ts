import type { ExportRow } from './exportRows.js';

/**
 * Timesketch imports CSV and JSONL with three required fields: `message`, `datetime` (ISO 8601)
 * and `timestamp_desc`; `timestamp` (epoch microseconds) is optional and given here so that no
 * precision is lost. Every other field becomes an attribute of the event.
 */
export const timesketchColumns = [
  'message',
  'datetime',
  'timestamp_desc',
  'timestamp',
  'event_id',
  'source',
  'category',
  'action',
  'outcome',
  'error_code',
  'error_message',
  'actor',
  'actor_kind',
  'actor_display',
  'credential',
  'issued',
  'target',
  'target_display',
  'src_ip',
  'user_agent',
  'account',
  'region',
  'trace_id',
  'span_id',
  'parent_span_id',
  'evidence_path',
  'record_no',
  'tag',
  'note',
  'starred',
] as const;

/** One line a person reads in Timesketch's list: what was done, by whom, to what, and how. */
export function timesketchMessage(row: ExportRow): string {
  const who = row.actor_display ?? row.actor ?? 'unknown actor';
  const what = row.target_display ?? row.target;
  const how = row.error_code ? `${row.outcome}: ${row.error_code}` : row.outcome;
  return `${row.source} ${row.action ?? row.category} by ${who}${what ? ` on ${what}` : ''} (${how})`;
}

/** The Timesketch record of one event; null for an event with no time, which it cannot place. */
export function timesketchRecord(row: ExportRow): Record<string, unknown> | null {
  if (row.time === null || row.time_us === null) return null;
  return {
    message: timesketchMessage(row),
    datetime: row.time.replace(/Z$/, '+00:00'),
    timestamp_desc: 'Event Recorded',
    timestamp: BigInt(row.time_us),
    event_id: row.event_id,
    source: row.source,
    category: row.category,
    action: row.action,
    outcome: row.outcome,
    error_code: row.error_code,
    error_message: row.error_message,
    actor: row.actor,
    actor_kind: row.actor_kind,
    actor_display: row.actor_display,
    credential: row.credential,
    issued: row.issued,
    target: row.target,
    target_display: row.target_display,
    src_ip: row.src_ip,
    user_agent: row.user_agent,
    account: row.account,
    region: row.region,
    trace_id: row.trace_id,
    span_id: row.span_id,
    parent_span_id: row.parent_span_id,
    evidence_path: row.evidence_path,
    record_no: BigInt(row.record_no),
    tag: row.tags,
    note: row.note,
    starred: row.starred,
  };
}
