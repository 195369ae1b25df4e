/**
 * Times arrive as ISO 8601 strings in UTC with microseconds. They are shown by rewriting the
 * string, never through `Date`, which would drop the microseconds.
 */

/** `2020-09-14T00:48:30.123456Z` -> `2020-09-14 00:48:30.123456`. */
export function fullTime(iso: string | null): string {
  if (!iso) return '—';
  return iso.replace('T', ' ').replace(/Z$|\+00:?00$/, '');
}

/** `2020-09-14T00:48:30.123456Z` -> `2020-09-14 00:48`, for narrow columns. */
export function shortTime(iso: string | null): string {
  if (!iso) return '—';
  return fullTime(iso).slice(0, 16);
}
