import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { InventoryRow } from '../../shared/model';
import { useStore } from '../store';
import { annotationKey } from '../store/annotationSlice';
import { selectAnnotations, selectPath, selectShowPath } from '../store/selectors';
import { useShallow } from 'zustand/react/shallow';
import { InventoryItem } from './InventoryItem';

const rowHeight = 46;

/** The inventory rows, virtualised because a large case holds thousands of identities. */
export function InventoryList({ rows }: { rows: InventoryRow[] }) {
  const showPath = useStore(selectShowPath);
  const { start } = useStore(useShallow(selectPath));
  const annotations = useStore(selectAnnotations);
  const scroller = useRef<HTMLDivElement>(null);
  // The React Compiler is not used here, so the virtualizer's unmemoisable API costs nothing.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 10,
  });

  return (
    <div className="inventory-list scroll" ref={scroller} data-testid="inventory-list">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
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
