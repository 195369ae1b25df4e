import type { TimelineConditions } from '../store/timelineSlice';

/** A comma-separated field as a list: trimmed, empty parts dropped; undefined when empty. */
export function listOf(text: string): string[] | undefined {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return parts.length ? parts : undefined;
}

/**
 * A time typed by the investigator as the ISO 8601 the engine takes, in UTC: a date alone is
 * its midnight (or the last microsecond of the day for an upper bound), a time without a zone is
 * read as UTC. Null when the text is not a time; undefined when it is empty.
 */
export function isoBound(text: string, bound: 'from' | 'to'): string | null | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (/^\d{4}-\d\d-\d\d$/.test(t)) {
    return bound === 'from' ? `${t}T00:00:00Z` : `${t}T23:59:59.999999Z`;
  }
  const m = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d(?::\d\d(?:\.\d{1,6})?)?)(Z|[+-]\d\d:\d\d)?$/.exec(t);
  if (!m) return null;
  const time = m[2]!.length === 5 ? `${m[2]}:00` : m[2];
  return `${m[1]}T${time}${m[3] ?? 'Z'}`;
}

/** What the Go to field holds: a row number (1 to `count`) as an index, a time, or neither. */
export function goToTarget(text: string, count: number): { row: number } | { time: string } | null {
  const t = text.trim();
  if (/^\d[\d\s,_]*$/.test(t)) {
    const row = Number(t.replace(/[\s,_]/g, ''));
    return row >= 1 && row <= count ? { row: row - 1 } : null;
  }
  const time = isoBound(t, 'from');
  return time ? { time } : null;
}

/** How many conditions narrow the timeline, for the filter button's badge. */
export function conditionCount(c: TimelineConditions): number {
  const lists = [c.sources, c.categories, c.outcomes, c.actors, c.credentials, c.tags];
  return (
    lists.filter((l) => l && l.length > 0).length +
    [c.timeFrom, c.timeTo, c.text?.trim() || undefined, c.starred].filter((v) => v !== undefined)
      .length
  );
}
