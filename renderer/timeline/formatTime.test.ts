import { describe, expect, it } from 'vitest';
import { fullTime, shortTime } from './formatTime';

describe('formatTime', () => {
  it('keeps all six digits of microseconds when showing a UTC time', () => {
    expect(fullTime('2020-09-14T00:48:30.000001Z')).toBe('2020-09-14 00:48:30.000001');
  });

  it('shows a missing time as a dash', () => {
    expect(fullTime(null)).toBe('—');
    expect(shortTime(null)).toBe('—');
  });

  it('cuts a time to the minute for narrow columns', () => {
    expect(shortTime('2022-02-08T09:23:37.000000Z')).toBe('2022-02-08 09:23');
  });
});
