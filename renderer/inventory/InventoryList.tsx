import { useEffect, useRef } from 'react';
import { useScaledScroll } from '../components/useScaledScroll';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store';
import { annotationKey } from '../store/annotationSlice';
import { inventoryPageSize } from '../store/inventorySlice';
import {
  selectAnnotations,
  selectInventoryPages,
  selectPath,
  selectShowPath,
} from '../store/selectors';
import { InventoryItem } from './InventoryItem';

const rowHeight = 46;

/**
 * The inventory rows, virtualised because a large case holds millions of identities (every key
 * and session is one), and fetched a page at a time in the engine's order as they scroll into
 * view. The rows are of one height, so where each one goes is arithmetic (useScaledScroll): no
 * list of every row's place is built when the count changes, and the last row of a list taller
 * than the browser lets an element be is still reachable.
 */
export function InventoryList() {
  const { total, pages, loadPage } = useStore(useShallow(selectInventoryPages));
  const showPath = useStore(selectShowPath);
  const { start } = useStore(useShallow(selectPath));
  const annotations = useStore(selectAnnotations);
  const scroller = useRef<HTMLDivElement>(null);
  const scroll = useScaledScroll({
    scroller,
    count: total,
    rowHeight,
    headHeight: 0,
    overscan: 10,
  });
  const { first, last } = scroll.rows;
  const indexes = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);

  useEffect(() => {
    for (
      let page = Math.floor(first / inventoryPageSize);
      page * inventoryPageSize <= last;
      page++
    ) {
      void loadPage(page);
    }
    // Pages are in the dependencies so that a reload refills the rows on screen, wherever they are.
  }, [first, last, pages, loadPage]);

  return (
    <div className="inventory-list scroll" ref={scroller} data-testid="inventory-list">
      <div style={{ height: scroll.spacerHeight, position: 'relative' }}>
        {indexes.map((index) => {
          const row = pages[Math.floor(index / inventoryPageSize)]?.[index % inventoryPageSize];
          if (!row) return null;
          return (
            <InventoryItem
              key={row.id}
              row={row}
              selected={row.id === start}
              annotation={annotations[annotationKey('node', row.id)]}
              // Whole pixels keep the text sharp; a scaled offset is seldom whole.
              top={Math.round(scroll.rows.top(index))}
              height={rowHeight}
              onPick={() => void showPath(row.id)}
            />
          );
        })}
      </div>
    </div>
  );
}
