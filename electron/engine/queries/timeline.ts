import type { RequestOf } from '../../../shared/contract.js';
import type { Category, Outcome, TimelinePage, TimelineRow } from '../../../shared/model.js';
import type { CaseDb } from '../case/CaseDb.js';
import { isoSql } from '../graph/nodeSql.js';
import { filterSql, orderSql } from './timelineFilter.js';

/** Columns of a timeline row, shared with the event detail. */
export const timelineColumns = `e.event_id, coalesce(${isoSql('e.time')}, '') AS time, e.source,
  e.category, e.action, e.outcome, e.actor, e.actor_display, e.credential, e.issued, e.target,
  e.target_display, e.src_ip, e.error_code`;

export interface TimelineSqlRow {
  event_id: string;
  time: string;
  source: string;
  category: Category;
  action: string | null;
  outcome: Outcome;
  actor: string | null;
  actor_display: string | null;
  credential: string | null;
  issued: string | null;
  target: string | null;
  target_display: string | null;
  src_ip: string | null;
  error_code: string | null;
}

export function toTimelineRow(r: TimelineSqlRow): TimelineRow {
  return {
    eventId: r.event_id,
    time: r.time,
    source: r.source,
    category: r.category,
    action: r.action ?? '',
    outcome: r.outcome,
    actor: r.actor,
    actorDisplay: r.actor_display,
    credential: r.credential,
    issued: r.issued,
    target: r.target,
    targetDisplay: r.target_display,
    srcIp: r.src_ip,
    errorCode: r.error_code,
  };
}

/** From this offset on, pages are chosen by their sort key first (measured in bench:workbench). */
const deepOffset = 20_000;

/**
 * A page of events in time order (ties by event id; newest first when asked) that pass the filter: with ids, the given
 * events and the evidence of the given links; with no condition at all, every event of the case.
 */
export async function timeline(db: CaseDb, request: RequestOf<'timeline'>): Promise<TimelinePage> {
  const { where, params } = filterSql(request);
  const total = await db.one<{ n: string }>(`SELECT count(*) AS n FROM events e ${where}`, params);

  const order = orderSql(request);
  // Far into a large case the page is chosen over the narrow sort key alone and its rows read
  // afterwards: sorting two columns instead of fourteen. Near the start a top-N of the wide rows
  // is cheaper than reading the events a second time.
  const sql =
    request.offset < deepOffset
      ? `SELECT ${timelineColumns} FROM events e ${where} ${order} LIMIT $limit OFFSET $offset`
      : `WITH page AS (
           SELECT e.event_id, e.time FROM events e ${where} ${order} LIMIT $limit OFFSET $offset)
         SELECT ${timelineColumns} FROM page JOIN events e USING (event_id) ${order}`;
  const rows = await db.all<TimelineSqlRow>(sql, {
    ...params,
    limit: request.limit,
    offset: request.offset,
  });
  return { total: Number(total?.n ?? 0), offset: request.offset, rows: rows.map(toTimelineRow) };
}
