import { describe, expect, it } from 'vitest';
import { epochMicros, isoMicros, rowsBeforeFilter } from './seekTime';

// 2024-01-01T00:00:00Z is 1,704,067,200 s after the epoch.
const newYear = 1_704_067_200_000_000;

describe('seeking the timeline to a time', () => {
  it('reads and writes times to the microsecond, zones included', () => {
    expect(epochMicros('2024-01-01T00:00:00Z')).toBe(newYear);
    expect(epochMicros('2024-01-01T00:00:00.000123Z')).toBe(newYear + 123);
    expect(epochMicros('2024-01-01T02:00:00.5+02:00')).toBe(newYear + 500_000);
    expect(epochMicros('yesterday')).toBeNaN();
    expect(isoMicros(newYear - 1)).toBe('2023-12-31T23:59:59.999999Z');
    expect(isoMicros(newYear + 1_000_001)).toBe('2024-01-01T00:00:01.000001Z');
  });

  it('counts the older rows, oldest first: up to a microsecond before the time', () => {
    const filter = rowsBeforeFilter({ text: 'x', offset: 0 }, '2024-01-01T00:00:00Z');
    expect(filter).toEqual({ text: 'x', offset: 0, timeTo: '2023-12-31T23:59:59.999999Z' });
  });

  it('counts the newer rows, newest first: from a microsecond after the time', () => {
    const filter = rowsBeforeFilter({ sort: 'time_desc' }, '2024-01-01T00:00:00+01:00');
    expect(filter).toEqual({ sort: 'time_desc', timeFrom: '2023-12-31T23:00:00.000001Z' });
  });

  it('keeps the filter own bound where it is the tighter one', () => {
    const up = rowsBeforeFilter({ timeTo: '2023-06-01T00:00:00Z' }, '2024-01-01T00:00:00Z');
    expect(up.timeTo).toBe('2023-06-01T00:00:00.000000Z');
    const down = rowsBeforeFilter(
      { sort: 'time_desc', timeFrom: '2024-06-01T00:00:00Z' },
      '2024-01-01T00:00:00Z',
    );
    expect(down.timeFrom).toBe('2024-06-01T00:00:00.000000Z');
  });
});
