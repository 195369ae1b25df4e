import type { TimelineFilter } from '../../shared/contract';

/** Epoch microseconds of an ISO 8601 time with a zone, as `isoBound` writes it; NaN if not one. */
export function epochMicros(iso: string): number {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?(Z|[+-]\d\d:\d\d)$/.exec(iso);
  if (!m) return NaN;
  return Date.parse(`${m[1]}${m[3]}`) * 1000 + Number((m[2] ?? '').padEnd(6, '0'));
}

/** An epoch microsecond as ISO 8601 in UTC with all six digits of the fraction. */
export function isoMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const rest = String(micros - ms * 1000).padStart(3, '0');
  return new Date(ms).toISOString().replace('Z', `${rest}Z`);
}

/**
 * The filter whose total is the number of rows listed before `time`: those older than it when
 * the timeline is oldest first, newer when newest first. That number is the index of the first
 * row at `time` or past it. The filter's own time bound stays where it is the tighter one.
 */
export function rowsBeforeFilter<F extends TimelineFilter>(filter: F, time: string): F {
  const at = epochMicros(time);
  if (filter.sort === 'time_desc') {
    const own = filter.timeFrom ? epochMicros(filter.timeFrom) : -Infinity;
    return { ...filter, timeFrom: isoMicros(Math.max(at + 1, own)) };
  }
  const own = filter.timeTo ? epochMicros(filter.timeTo) : Infinity;
  return { ...filter, timeTo: isoMicros(Math.min(at - 1, own)) };
}
