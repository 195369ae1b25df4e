import { describe, expect, it } from 'vitest';
import {
  offsetAt,
  positionAt,
  positionShowing,
  scrollScale,
  scrollTopFor,
  spacerHeight,
  visibleRows,
  type ScrollGeometry,
} from './scaledScroll';

// Ten million 24 px rows seen through 480 px (20 rows), the spacer capped at 15 M px. The list
// is 240,000,000 px; the scroll ranges are 240,000,000 - 480 = 239,999,520 (list) and
// 15,000,000 - 480 = 14,999,520 (spacer), whose ratio is 499,999 / 31,249 (both divided by 480).
const big: ScrollGeometry = { count: 10_000_000, rowHeight: 24, viewport: 480, cap: 15_000_000 };
const maxBig = 14_999_520;

// A thousand rows: 24,000 px, under the cap.
const small: ScrollGeometry = { count: 1000, rowHeight: 24, viewport: 480, cap: 15_000_000 };

describe('scaled scrolling of a list taller than the cap', () => {
  it('caps the spacer and scales by the ratio of the two scroll ranges', () => {
    expect(spacerHeight(big)).toBe(15_000_000);
    expect(scrollScale(big)).toBeCloseTo(499_999 / 31_249, 12);
  });

  it('maps the top of the range to the first row and its bottom to the last screenful', () => {
    const top = visibleRows(positionAt(0, big), big, 0);
    expect([top.first, top.last]).toEqual([0, 19]);

    // At the bottom the list offset is 239,999,520 = row 9,999,980 exactly: the last 20 rows.
    expect(offsetAt(maxBig, big)).toBeCloseTo(239_999_520, 3);
    const bottom = visibleRows(positionAt(maxBig, big), big, 0);
    expect([bottom.first, bottom.last]).toEqual([9_999_980, 9_999_999]);
    // Row 9,999,999 is drawn in the spacer's last 24 px, where the scroller shows it.
    expect(bottom.top(9_999_999)).toBeCloseTo(15_000_000 - 24, 3);
  });

  it('clamps positions past either end', () => {
    expect(positionAt(-50, big)).toEqual({ scrollTop: 0, offset: 0 });
    expect(positionAt(20_000_000, big).scrollTop).toBe(maxBig);
  });

  it('maps the middle of the range to the middle of the list', () => {
    // Half of 14,999,520 is 7,499,760; half of 239,999,520 is 119,999,760 = row 4,999,990.
    const middle = visibleRows(positionAt(7_499_760, big), big, 0);
    expect(middle.first).toBe(4_999_990);
  });

  it('moves less than a row per scroll pixel, so the scrollbar reaches every row', () => {
    // One scroll pixel is 16.0005 list pixels, under the 24 of a row.
    let previous = Math.floor(offsetAt(3_000_000, big) / 24);
    for (let scrollTop = 3_000_001; scrollTop < 3_000_400; scrollTop++) {
      const first = Math.floor(offsetAt(scrollTop, big) / 24);
      expect(first - previous).toBeLessThanOrEqual(1);
      previous = first;
    }
  });

  it('scrolls down to a far row by putting it at the bottom of the view', () => {
    const target = positionShowing(5_000_000, { scrollTop: 0, offset: 0 }, big);

    // The row ends at 5,000,001 x 24 = 120,000,024; less the 480 px view: 119,999,544. Scaled
    // back: 119,999,544 x 31,249 / 499,999 = 7,499,760 - 216 x 31,249 / 499,999 = 7,499,746.5004.
    expect(target?.offset).toBe(119_999_544);
    expect(target?.scrollTop).toBeCloseTo(7_499_746.5004, 3);
    const rows = visibleRows(target!, big, 0);
    expect(rows.last).toBe(5_000_000);
    expect(rows.top(5_000_000) - target!.scrollTop).toBeCloseTo(480 - 24, 6);
  });

  it('keeps the list offset exact when the scroller rounds its position', () => {
    const target = positionShowing(5_000_000, { scrollTop: 0, offset: 0 }, big)!;
    const rounded = { scrollTop: Math.round(target.scrollTop), offset: target.offset };

    // Drawn relative to the rounded position, the row still ends at the bottom of the view.
    expect(visibleRows(rounded, big, 0).top(5_000_000) - rounded.scrollTop).toBe(456);
  });

  it('goes Home and End to the exact ends of the scroll range', () => {
    const middle = positionAt(7_499_760, big);
    expect(positionShowing(0, middle, big)).toEqual({ scrollTop: 0, offset: 0 });
    expect(positionShowing(9_999_999, middle, big)).toEqual({
      scrollTop: maxBig,
      offset: 239_999_520,
    });
  });

  it('scrolls up to a row above the view by putting it at the top', () => {
    const middle = positionAt(7_499_760, big);
    // Row 4,000,000 starts at 96,000,000 = 192 x 499,999 + 192; scaled by 31,249 / 499,999:
    // 192 x 31,249 + 192 x 31,249 / 499,999 = 5,999,808 + 11.99964 = 5,999,819.99964.
    const target = positionShowing(4_000_000, middle, big);
    expect(target?.offset).toBe(96_000_000);
    expect(target?.scrollTop).toBeCloseTo(5_999_819.9996, 3);
  });

  it('leaves the position alone when the row is already in view', () => {
    const middle = positionAt(7_499_760, big);
    expect(positionShowing(4_999_995, middle, big)).toBeNull();
  });
});

describe('scrolling of a list under the cap', () => {
  it('keeps exact 1:1 scrolling', () => {
    expect(spacerHeight(small)).toBe(24_000);
    expect(scrollScale(small)).toBe(1);
    expect(offsetAt(1234, small)).toBe(1234);
    expect(scrollTopFor(1234, small)).toBe(1234);
  });

  it('draws each row at its own place and ends at the last row', () => {
    const rows = visibleRows(positionAt(240, small), small, 2);
    // 240 px is row 10 at the top; with two rows of overscan each side: rows 8 to 31.
    expect([rows.first, rows.last]).toEqual([8, 31]);
    expect(rows.top(10)).toBe(240);

    expect(positionShowing(999, positionAt(0, small), small)).toEqual({
      scrollTop: 23_520,
      offset: 23_520,
    });
  });

  it('draws no rows of an empty list and does not scroll it', () => {
    const empty = { ...small, count: 0 };
    const rows = visibleRows(positionAt(100, empty), empty, 5);
    expect(rows.last).toBeLessThan(rows.first);
    expect(positionAt(100, empty)).toEqual({ scrollTop: 0, offset: 0 });
  });
});
