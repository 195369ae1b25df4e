import { describe, expect, it } from 'vitest';
import { nextCursor } from './useTimelineKeys';

describe('timeline keyboard cursor', () => {
  it('moves one row with the arrows and a screenful with Page Up and Down', () => {
    expect(nextCursor('ArrowDown', 4, 100, 20)).toBe(5);
    expect(nextCursor('ArrowUp', 4, 100, 20)).toBe(3);
    expect(nextCursor('PageDown', 4, 100, 20)).toBe(24);
    expect(nextCursor('PageUp', 30, 100, 20)).toBe(10);
  });

  it('stops at the first and last rows', () => {
    expect(nextCursor('ArrowUp', 0, 100, 20)).toBe(0);
    expect(nextCursor('PageDown', 95, 100, 20)).toBe(99);
    expect(nextCursor('Home', 50, 100, 20)).toBe(0);
    expect(nextCursor('End', 50, 100, 20)).toBe(99);
  });

  it('lands on the first row from no cursor, and ignores other keys', () => {
    expect(nextCursor('ArrowDown', -1, 100, 20)).toBe(0);
    expect(nextCursor('PageUp', -1, 100, 20)).toBe(0);
    expect(nextCursor('x', 7, 100, 20)).toBe(7);
    expect(nextCursor('ArrowDown', 3, 0, 20)).toBe(-1);
  });
});
