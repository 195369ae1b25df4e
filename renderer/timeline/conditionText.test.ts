import { describe, expect, it } from 'vitest';
import { conditionCount, goToTarget, isoBound, listOf } from './conditionText';

describe('timeline condition fields', () => {
  it('split a comma list, dropping blanks', () => {
    expect(listOf(' aws:key:A , ,aws:key:B ')).toEqual(['aws:key:A', 'aws:key:B']);
    expect(listOf(' , ')).toBeUndefined();
  });

  it('read a date alone as the whole day in UTC', () => {
    expect(isoBound('2020-09-14', 'from')).toBe('2020-09-14T00:00:00Z');
    expect(isoBound('2020-09-14', 'to')).toBe('2020-09-14T23:59:59.999999Z');
  });

  it('read a time without a zone as UTC, and keep a written zone', () => {
    expect(isoBound('2020-09-14 00:48', 'from')).toBe('2020-09-14T00:48:00Z');
    expect(isoBound('2020-09-14T00:48:30.123456+02:00', 'to')).toBe(
      '2020-09-14T00:48:30.123456+02:00',
    );
  });

  it('say null for text that is not a time and undefined for nothing', () => {
    expect(isoBound('yesterday', 'from')).toBeNull();
    expect(isoBound('2020-09-14T25', 'from')).toBeNull();
    expect(isoBound('  ', 'to')).toBeUndefined();
  });

  it('count each narrowing condition once', () => {
    expect(conditionCount({})).toBe(0);
    expect(conditionCount({ sources: [], text: '  ' })).toBe(0);
    expect(conditionCount({ outcomes: ['failure'], starred: false, timeFrom: 'x' })).toBe(3);
  });
});

describe('the Go to field', () => {
  it('reads a row number, separators allowed, as its index', () => {
    expect(goToTarget('1', 10)).toEqual({ row: 0 });
    expect(goToTarget('10,000,000', 10_000_000)).toEqual({ row: 9_999_999 });
    expect(goToTarget('0', 10)).toBeNull();
    expect(goToTarget('11', 10)).toBeNull();
  });

  it('reads a time as the engine takes it, in UTC unless a zone is given', () => {
    expect(goToTarget('2024-01-02', 10)).toEqual({ time: '2024-01-02T00:00:00Z' });
    expect(goToTarget('2024-01-02 10:30', 10)).toEqual({ time: '2024-01-02T10:30:00Z' });
    expect(goToTarget('next tuesday', 10)).toBeNull();
  });
});
