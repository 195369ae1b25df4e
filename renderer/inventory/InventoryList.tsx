import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
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
 * The inventory rows, virtualised because a large case holds thousands of identities, and
 * fetched a page at a time in the engine's order as they scroll into view.
 */
export function InventoryList() {
  const { total, pages, loadPage } = useStore(useShallow(selectInventoryPages));
  const showPath = useStore(selectShowPath);
  const { start } = useStore(useShallow(selectPath));
  const annotations = useStore(selectAnnotations);
  const scroller = useRef<HTMLDivElement>(null);
  // The React Compiler is not used here, so the virtualizer's unmemoisable API costs nothing.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 10,
  });

  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

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
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const row =
            pages[Math.floor(item.index / inventoryPageSize)]?.[item.index % inventoryPageSize];
          if (!row) return null;
          return (
            <InventoryItem
              key={row.id}
              row={row}
              selected={row.id === start}
              annotation={annotations[annotationKey('node', row.id)]}
              top={item.start}
              height={rowHeight}
              onPick={() => void showPath(row.id)}
            />
          );
        })}
      </div>
    </div>
  );
}
