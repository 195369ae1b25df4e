import { listValue, type DuckDBValue } from '@duckdb/node-api';
import type { ExportSelection } from '../../../shared/contract.js';
import type { CaseDb } from '../case/CaseDb.js';
import { isoSql } from '../graph/nodeSql.js';
import { filterSql } from '../queries/timelineFilter.js';
import { tableExists } from './optionalTables.js';

/** One event as every timeline format carries it: normalised fields plus the annotation. */
export interface ExportRow {
  event_id: string;
  time: string | null;
  /** Epoch microseconds as a decimal string: 64 bits do not fit a JS number. */
  time_us: string | null;
  time_raw: string | null;
  source: string;
  category: string;
  action: string | null;
  outcome: string;
  error_code: string | null;
  error_message: string | null;
  actor: string | null;
  actor_kind: string | null;
  actor_display: string | null;
  credential: string | null;
  issued: string | null;
  target: string | null;
  target_display: string | null;
  src_ip: string | null;
  user_agent: string | null;
  account: string | null;
  region: string | null;
  trace_id: string | null;
  span_id: string | null;
  parent_span_id: string | null;
  evidence_id: string;
  evidence_path: string | null;
  record_no: string;
  tags: string[];
  note: string | null;
  starred: boolean;
  /** The record as logged; empty where the export asked for the rows without it. */
  raw: string;
}

/** The SQL that picks and orders an export's events, with its bound parameters. */
export interface SelectionSql {
  sql: string;
  params: Record<string, DuckDBValue>;
  /** Whether the annotations table was there to join. */
  annotated: boolean;
}

/**
 * The events of an export, in a total order (time, then event id), so that the same case and
 * options always give the same file. The WHERE clause is the timeline's own, so an export holds
 * exactly what the window shows for the same filter. Starred and tagged narrow further through
 * the annotations table; on a case without one nothing is starred or tagged, so they select none.
 */
export async function selectionSql(
  db: CaseDb,
  selection: ExportSelection,
  options: { raw?: boolean } = {},
): Promise<SelectionSql> {
  const { where, params } = filterSql(selection);
  const annotated = await tableExists(db, 'annotations');
  const conditions = where ? [where.replace(/^WHERE /, '')] : [];
  const wantsMarks = selection.starred === true || (selection.tags?.length ?? 0) > 0;

  if (wantsMarks && !annotated) conditions.push('false');
  if (annotated && selection.starred === true) conditions.push('coalesce(a.starred, false)');
  if (annotated && selection.tags && selection.tags.length > 0) {
    params.tags = listValue(selection.tags);
    conditions.push('list_has_any(coalesce(a.tags, []::TEXT[]), $tags)');
  }

  const marks = annotated
    ? `coalesce(a.tags, []::TEXT[]) AS tags, a.note, coalesce(a.starred, false) AS starred`
    : `[]::TEXT[] AS tags, NULL::TEXT AS note, false AS starred`;
  const join = annotated
    ? `LEFT JOIN annotations a ON a.target_kind = 'event' AND a.target_id = e.event_id`
    : '';
  const sql = `SELECT e.event_id, ${isoSql('e.time')} AS time, epoch_us(e.time)::VARCHAR AS time_us,
      e.time_raw, e.source, e.category, e.action, e.outcome, e.error_code, e.error_message,
      e.actor, e.actor_kind, e.actor_display, e.credential, e.issued, e.target, e.target_display,
      e.src_ip, e.user_agent, e.account, e.region, e.trace_id, e.span_id, e.parent_span_id,
      e.evidence_id, v.path AS evidence_path, e.record_no::VARCHAR AS record_no, ${marks},
      ${options.raw === false ? `''` : 'e.raw::VARCHAR'} AS raw
    FROM events e LEFT JOIN evidence v ON v.evidence_id = e.evidence_id ${join}
    ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
    ORDER BY e.time NULLS LAST, e.event_id`;
  return { sql, params, annotated };
}

/**
 * Stream the rows of a selection a DuckDB chunk at a time (2,048 rows), on a connection of its
 * own, so that an export of millions of events never holds more than one chunk in JavaScript.
 */
export async function* streamRows(db: CaseDb, selection: SelectionSql): AsyncGenerator<ExportRow> {
  const connection = await db.connect();
  try {
    await connection.run(`SET TimeZone = 'UTC'`);
    const result = await connection.stream(selection.sql, selection.params);
    for await (const chunk of result.yieldRowObjectJson()) {
      for (const row of chunk) yield row as unknown as ExportRow;
    }
  } finally {
    connection.closeSync();
  }
}

/** How many events a selection holds. */
export async function countRows(db: CaseDb, selection: SelectionSql): Promise<number> {
  const row = await db.one<{ n: string }>(
    `SELECT count(*) AS n FROM (${selection.sql})`,
    selection.params,
  );
  return Number(row?.n ?? 0);
}
