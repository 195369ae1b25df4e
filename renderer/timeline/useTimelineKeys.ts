import { useState, type KeyboardEvent } from 'react';

/** Where a key moves the cursor of a list of `count` rows with `pageRows` rows on screen. */
export function nextCursor(key: string, cursor: number, count: number, pageRows: number): number {
  if (count === 0) return -1;
  const moves: Record<string, number> = {
    ArrowDown: cursor + 1,
    ArrowUp: cursor - 1,
    PageDown: cursor + Math.max(1, pageRows),
    PageUp: cursor - Math.max(1, pageRows),
    Home: 0,
    End: count - 1,
  };
  const to = moves[key];
  if (to === undefined) return cursor;
  // From no cursor at all, any move lands on the first row.
  if (cursor < 0) return key === 'End' ? count - 1 : 0;
  return Math.min(count - 1, Math.max(0, to));
}

/**
 * Keyboard navigation of the timeline: arrows, Page Up/Down, Home and End move a cursor, Enter
 * opens the event under it. `scrollTo` keeps the cursor in view.
 */
export function useTimelineKeys(options: {
  count: number;
  pageRows: () => number;
  scrollTo(index: number): void;
  open(index: number): void;
}) {
  const [cursor, setCursor] = useState(-1);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Enter') {
      if (cursor >= 0) options.open(cursor);
      event.preventDefault();
      return;
    }
    const next = nextCursor(event.key, cursor, options.count, options.pageRows());
    if (next === cursor) return;

    event.preventDefault();
    setCursor(next);
    options.scrollTo(next);
  }

  return { cursor: Math.min(cursor, options.count - 1), setCursor, onKeyDown };
}
