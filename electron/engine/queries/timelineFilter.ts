import { listValue } from '@duckdb/node-api';
import type { DuckDBValue } from '@duckdb/node-api';
import type { TimelineFilter } from '../../../shared/contract.js';
import { numberList } from '../graph/graphTables.js';
import { textFields, textSeparator } from './timelineOrder.js';

/** A WHERE clause over `events e` and the parameters it binds. */
export interface FilterSql {
  where: string;
  params: Record<string, DuckDBValue>;
}

/** How the rows being filtered are stored, where they are not plain `events`. */
export interface FilterSource {
  /** The rows carry `text_lower`, their text fields lower-cased and joined (timeline_rows). */
  textLower?: boolean;
  /** The numbers of the filter's `linkIds`, already looked up: their evidence is read by index. */
  linkNos?: number[];
}

function selection(
  filter: TimelineFilter,
  params: Record<string, DuckDBValue>,
  source: FilterSource,
): string | null {
  const parts: string[] = [];
  if (filter.eventIds && filter.eventIds.length > 0) {
    params.events = listValue(filter.eventIds);
    parts.push(`SELECT unnest($events) AS event_id`);
  }
  if (source.linkNos) {
    if (source.linkNos.length > 0) {
      parts.push(
        `SELECT event_id FROM link_evidence WHERE link_no IN (${numberList(source.linkNos)})`,
      );
    }
  } else if (filter.linkIds && filter.linkIds.length > 0) {
    params.links = listValue(filter.linkIds);
    parts.push(`SELECT event_id FROM link_evidence WHERE link_id IN (SELECT unnest($links))`);
  }
  if (parts.length > 0) return `e.event_id IN (${parts.join(' UNION ')})`;

  // An empty list of ids asked for is a selection of nothing, not of everything.
  const asked = filter.eventIds !== undefined || filter.linkIds !== undefined;
  return asked ? 'false' : null;
}

/** Conditions over the investigator's annotations of events: stars and tags. */
function annotationConditions(
  filter: TimelineFilter,
  params: Record<string, DuckDBValue>,
  conditions: string[],
): void {
  const starred = `SELECT target_id FROM annotations WHERE target_kind = 'event' AND starred`;
  if (filter.starred === true) conditions.push(`e.event_id IN (${starred})`);
  if (filter.starred === false) conditions.push(`e.event_id NOT IN (${starred})`);
  if (filter.tags && filter.tags.length > 0) {
    params.tags = listValue(filter.tags);
    conditions.push(`e.event_id IN (SELECT target_id FROM annotations
      WHERE target_kind = 'event' AND list_has_any(tags, $tags::TEXT[]))`);
  }
}

/** ORDER BY of a filter's sort: always by time, ties by event id, so pages never overlap. */
export function orderSql(filter: TimelineFilter): string {
  return filter.sort === 'time_desc'
    ? 'ORDER BY e.time DESC NULLS LAST, e.event_id DESC'
    : 'ORDER BY e.time NULLS LAST, e.event_id';
}

/**
 * The SQL of a timeline filter: every view of events (the timeline, an export, a saved view)
 * goes through here, so that what the window shows and what leaves the case are the same rows.
 * Values are bound parameters; an empty list narrows to nothing only for ids, elsewhere it is
 * read as "no condition".
 */
export function filterSql(filter: TimelineFilter, source: FilterSource = {}): FilterSql {
  const params: Record<string, DuckDBValue> = {};
  const conditions: string[] = [];
  const inList = (column: string, name: string, values: string[] | undefined) => {
    if (!values || values.length === 0) return;
    params[name] = listValue(values);
    conditions.push(`list_contains($${name}, ${column})`);
  };

  const selected = selection(filter, params, source);
  if (selected) conditions.push(selected);
  inList('e.source', 'sources', filter.sources);
  inList('e.category', 'categories', filter.categories);
  inList('e.outcome', 'outcomes', filter.outcomes);
  if (filter.actors && filter.actors.length > 0) {
    params.actors = listValue(filter.actors);
    conditions.push(`(list_contains($actors, e.actor) OR list_contains($actors, e.credential))`);
  }
  inList('e.credential', 'credentials', filter.credentials);
  if (filter.timeFrom) {
    params.timeFrom = filter.timeFrom;
    conditions.push(`e.time >= $timeFrom::TIMESTAMPTZ`);
  }
  if (filter.timeTo) {
    params.timeTo = filter.timeTo;
    conditions.push(`e.time <= $timeTo::TIMESTAMPTZ`);
  }
  annotationConditions(filter, params, conditions);
  if (filter.text && filter.text.trim() !== '') {
    params.text = filter.text.trim();
    // The joined text finds what one field holds, and nothing across two, unless the text
    // itself holds the separator.
    conditions.push(
      source.textLower && !filter.text.includes(textSeparator)
        ? `contains(e.text_lower, lower($text))`
        : `(${textFields.map((f) => `contains(lower(e.${f}), lower($text))`).join(' OR ')})`,
    );
  }
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}
