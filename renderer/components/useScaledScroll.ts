import { useLayoutEffect, useState, type RefObject } from 'react';
import {
  positionAt,
  positionShowing,
  spacerCap,
  spacerHeight,
  visibleRows,
  type ScrollGeometry,
  type ScrollPosition,
} from './scaledScroll';

/** A position set by `scrollToIndex`, kept while the scroller stays where it was sent. */
interface Pin extends ScrollPosition {
  count: number;
  viewport: number;
}

/**
 * Virtual rows of fixed height in a scroller of any length, scaled past the browser's height
 * limit (see scaledScroll.ts). `headHeight` is the sticky header above the rows, inside the
 * scroller. Returns the rows to draw, the spacer's height and `scrollToIndex`.
 */
export function useScaledScroll(options: {
  scroller: RefObject<HTMLElement | null>;
  count: number;
  rowHeight: number;
  headHeight: number;
  overscan: number;
}) {
  const { scroller, count, rowHeight, headHeight, overscan } = options;
  const [viewport, setViewport] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [pin, setPin] = useState<Pin | null>(null);
  const geometry: ScrollGeometry = { count, rowHeight, viewport, cap: spacerCap };

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;

    const measure = () => setViewport(Math.max(0, element.clientHeight - headHeight));
    const onScroll = () => setScrollTop(element.scrollTop);
    measure();
    onScroll();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      observer.disconnect();
      element.removeEventListener('scroll', onScroll);
    };
  }, [scroller, headHeight]);

  // A pin holds only while the scroller sits where it was sent and the list keeps its size:
  // the rounded scrollTop of a scaled list cannot name the exact row offset by itself.
  const pinned =
    pin &&
    pin.count === count &&
    pin.viewport === viewport &&
    Math.abs(pin.scrollTop - scrollTop) < 1;
  const position = pinned ? pin : positionAt(scrollTop, geometry);

  function scrollToIndex(index: number) {
    const element = scroller.current;
    const target = positionShowing(index, position, geometry);
    if (!element || !target) return;

    element.scrollTo({ top: target.scrollTop, behavior: 'instant' });
    setPin({ scrollTop: element.scrollTop, offset: target.offset, count, viewport });
    setScrollTop(element.scrollTop);
  }

  return {
    rows: visibleRows(position, geometry, overscan),
    spacerHeight: spacerHeight(geometry),
    scrollToIndex,
  };
}
