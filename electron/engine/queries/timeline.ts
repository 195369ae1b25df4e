import type { RequestOf, TimelineFilter } from '../../../shared/contract.js';
import type { Category, Outcome, TimelinePage, TimelineRow } from '../../../shared/model.js';
import type { CaseDb } from '../case/CaseDb.js';
import { numberList } from '../graph/graphTables.js';
import { linkNumbers } from '../graph/linkNumbers.js';
import { isoSql } from '../graph/nodeSql.js';
import { filterSql, orderSql, type FilterSource } from './timelineFilter.js';
import { currentTimelineOrder, pageRanges, type TimelineOrder } from './timelineOrder.js';

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

/** Whether the filter narrows the events at all: without a condition, a page is a range. */
function narrows(request: TimelineFilter): boolean {
  return filterSql(request).where !== '';
}

/**
 * A page of events in time order (ties by event id; newest first when asked) that pass the filter: with ids, the given
 * events and the evidence of the given links; with no condition at all, every event of the case.
 * The count of all events that pass comes with it unless `count` is false.
 */
export async function timeline(db: CaseDb, request: RequestOf<'timeline'>): Promise<TimelinePage> {
  const order = await currentTimelineOrder(db);
  const rows = order ? await orderedPage(db, order, request) : await sortedPage(db, request);
  const total = request.count ? await timelineCount(db, request, order) : null;
  return { total, offset: request.offset, rows: rows.map(toTimelineRow) };
}

/** How many events pass the filter. */
export async function timelineCount(
  db: CaseDb,
  filter: TimelineFilter,
  known?: TimelineOrder | null,
): Promise<number> {
  const order = known === undefined ? await currentTimelineOrder(db) : known;
  if (order && !narrows(filter)) return order.events;
  // Only links asked for: every record of their evidence is an event of the case, so counting
  // the evidence spares a pass over every event.
  if (filter.linkIds?.length && !narrows({ ...filter, linkIds: undefined })) {
    const row = await db.one<{ n: string }>(
      `SELECT count(DISTINCT event_id) AS n FROM link_evidence
       WHERE link_no IN (${numberList(await linkNumbers(db, filter.linkIds))})`,
    );
    return Number(row?.n ?? 0);
  }
  const { where, params } = order
    ? filterSql(filter, await sourceOf(db, filter))
    : filterSql(filter);
  const row = await db.one<{ n: string }>(
    `SELECT count(*) AS n FROM ${order ? 'timeline_rows' : 'events'} e ${where}`,
    params,
  );
  return Number(row?.n ?? 0);
}

async function sourceOf(db: CaseDb, filter: TimelineFilter): Promise<FilterSource> {
  const linkNos = filter.linkIds?.length ? await linkNumbers(db, filter.linkIds) : undefined;
  return { textLower: true, linkNos };
}

/** From the kept order: a range of positions, or a filter sorted by position alone. */
async function orderedPage(
  db: CaseDb,
  order: TimelineOrder,
  request: RequestOf<'timeline'>,
): Promise<TimelineSqlRow[]> {
  const descending = request.sort === 'time_desc';
  if (!narrows(request)) {
    const pages = [];
    for (const range of pageRanges(order, request.offset, request.limit, descending)) {
      pages.push(
        ...(await db.all<TimelineSqlRow>(
          `SELECT ${timelineColumns} FROM timeline_rows e WHERE e.pos BETWEEN $from AND $to
           ORDER BY e.pos ${range.descending ? 'DESC' : ''}`,
          { from: range.from, to: range.to },
        )),
      );
    }
    return pages;
  }

  const { where, params } = filterSql(request, await sourceOf(db, request));
  // Newest first keeps untimed events last, as the sort over events does.
  const by = descending ? 'ORDER BY e.time IS NULL, e.pos DESC' : 'ORDER BY e.pos';
  const read = (bound: string, span: Record<string, number>) =>
    db.all<TimelineSqlRow>(
      `SELECT ${timelineColumns} FROM timeline_rows e ${where} ${bound} ${by}
       LIMIT $limit OFFSET $offset`,
      { ...params, ...span, limit: request.limit, offset: request.offset },
    );
  if (request.offset + request.limit > probeWindows.first) return read('', {});

  const timed = order.events - order.untimed;
  for (const size of probeSizes(order.events)) {
    if (!descending) {
      // The first `size` positions are the first rows of the order.
      const rows = await read('AND e.pos < $span', { span: size });
      if (rows.length === request.limit || size >= order.events) return rows;
    } else {
      // The last `size` timed positions and every untimed one: the page is theirs when it holds
      // timed rows only, since timed rows further back come before any untimed row.
      const from = Math.max(0, timed - size);
      const rows = await read('AND e.pos >= $span', { span: from });
      const whole = rows.length === request.limit && rows.every((r) => r.time !== '');
      if (from === 0 || whole) return rows;
    }
  }
  return read('', {});
}

/**
 * A filtered page near the start is read from the first positions of the kept order before all
 * of them: from growing spans, each `growth` times the last, until one holds the page or the next
 * would cover most of the case. A common filter (failures, a frequent action) fills its first
 * page from a row group or two instead of scanning every event; one that matches nothing reads
 * at most about three tenths more than a single scan. Tests narrow `first`.
 */
export const probeWindows = { first: 122_880, growth: 8 };

/** The spans a filtered page tries, in positions, the last covering every event. */
export function probeSizes(events: number): number[] {
  const sizes: number[] = [];
  for (let n = probeWindows.first; n * 4 < events; n *= probeWindows.growth) sizes.push(n);
  return [...sizes, events];
}

/** Without a kept order (events added since, or an older case): sort the events themselves. */
async function sortedPage(db: CaseDb, request: RequestOf<'timeline'>): Promise<TimelineSqlRow[]> {
  const { where, params } = filterSql(request);
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
  return db.all<TimelineSqlRow>(sql, {
    ...params,
    limit: request.limit,
    offset: request.offset,
  });
}
