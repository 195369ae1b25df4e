/**
 * Scaled scrolling for lists taller than a browser lets an element be. Chromium stops growing an
 * element at about 33.5 million pixels, so 24 px rows in one tall spacer end near 1.4 million
 * rows. Past `cap`, the spacer stays `cap` high and the scroll position stands for a proportional
 * place in the full list: the top of the scroll range is the first row, its bottom the last
 * screenful. Lists that fit keep exact 1:1 scrolling.
 *
 * Two coordinates: `scrollTop`, the scroller's own, and the list offset, where row `i` starts at
 * `i * rowHeight`. `viewport` is the height the rows are seen through.
 */
export interface ScrollGeometry {
  count: number;
  rowHeight: number;
  viewport: number;
  cap: number;
}

/** Below Chromium's limit with room to spare, and below Firefox's (about 17.9 M px). */
export const spacerCap = 15_000_000;

/** The full height of the list, unscaled. */
export function listHeight(g: ScrollGeometry): number {
  return g.count * g.rowHeight;
}

/** The height of the element that gives the scroller its range. */
export function spacerHeight(g: ScrollGeometry): number {
  return Math.min(listHeight(g), g.cap);
}

function ranges(g: ScrollGeometry): { list: number; spacer: number } {
  return { list: listHeight(g) - g.viewport, spacer: spacerHeight(g) - g.viewport };
}

function scaled(g: ScrollGeometry): boolean {
  const { list, spacer } = ranges(g);
  return listHeight(g) > g.cap && list > 0 && spacer > 0;
}

/**
 * List pixels per scroll pixel: 1 when the list fits, else the ratio of the two scroll ranges
 * (the list's and the spacer's, each less one viewport), so both ends meet exactly.
 */
export function scrollScale(g: ScrollGeometry): number {
  const { list, spacer } = ranges(g);
  return scaled(g) ? list / spacer : 1;
}

function maxScrollTop(g: ScrollGeometry): number {
  return Math.max(0, spacerHeight(g) - g.viewport);
}

// Multiplying before dividing keeps whole numbers whole up to 2^53, so the ends map exactly.

/** The list offset at the top of the viewport for a scroll position. */
export function offsetAt(scrollTop: number, g: ScrollGeometry): number {
  const clamped = Math.min(Math.max(0, scrollTop), maxScrollTop(g));
  const { list, spacer } = ranges(g);
  return scaled(g) ? (clamped * list) / spacer : clamped;
}

/** The scroll position that puts list offset `offset` at the top of the viewport. */
export function scrollTopFor(offset: number, g: ScrollGeometry): number {
  const { list, spacer } = ranges(g);
  const top = scaled(g) ? (offset * spacer) / list : offset;
  return Math.min(Math.max(0, top), maxScrollTop(g));
}

/** Where a list is scrolled to: the scroller's position and the list offset it stands for. */
export interface ScrollPosition {
  scrollTop: number;
  offset: number;
}

/** The position of a scroller at `scrollTop`, the list offset derived from it. */
export function positionAt(scrollTop: number, g: ScrollGeometry): ScrollPosition {
  const clamped = Math.min(Math.max(0, scrollTop), maxScrollTop(g));
  return { scrollTop: clamped, offset: offsetAt(clamped, g) };
}

/**
 * The rows to draw at a position, `overscan` more each side, and where row `index` goes inside
 * the spacer: drawn there, it shows at its place in the list.
 */
export function visibleRows(position: ScrollPosition, g: ScrollGeometry, overscan: number) {
  const { scrollTop, offset } = position;
  const first = Math.max(0, Math.floor(offset / g.rowHeight) - overscan);
  const last = Math.min(g.count - 1, Math.ceil((offset + g.viewport) / g.rowHeight) - 1 + overscan);

  return { first, last, top: (index: number) => scrollTop + index * g.rowHeight - offset };
}

/**
 * The position that brings row `index` into view with the least movement: null when the row is
 * already wholly visible, else the row at the top (moving up) or at the bottom (moving down).
 * Its `scrollTop` may be fractional; a scroller that rounds it can keep `offset` as it is, since a
 * scaled pixel is worth less than a row.
 */
export function positionShowing(
  index: number,
  current: ScrollPosition,
  g: ScrollGeometry,
): ScrollPosition | null {
  const rowTop = index * g.rowHeight;
  const rowBottom = rowTop + g.rowHeight;
  const maxOffset = Math.max(0, listHeight(g) - g.viewport);
  let offset: number;

  if (rowTop < current.offset) offset = rowTop;
  else if (rowBottom > current.offset + g.viewport) offset = rowBottom - g.viewport;
  else return null;

  offset = Math.min(Math.max(0, offset), maxOffset);
  return { scrollTop: scrollTopFor(offset, g), offset };
}
