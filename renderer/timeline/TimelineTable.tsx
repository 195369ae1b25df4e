import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store';
import { selectEventSelection, selectTimeline } from '../store/selectors';
import { timelinePageSize } from '../store/timelineSlice';
import { TimelineRowView } from './TimelineRowView';

const rowHeight = 24;

/** The timeline rows, virtualised and fetched a page at a time as they scroll into view. */
export function TimelineTable() {
  const { total, pages, loadPage } = useStore(useShallow(selectTimeline));
  const { eventId, selectEvent } = useStore(useShallow(selectEventSelection));
  const scroller = useRef<HTMLDivElement>(null);
  // The React Compiler is not used here, so the virtualizer's unmemoisable API costs nothing.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 20,
    // The sticky header row sits above the rows inside the same scroller.
    scrollMargin: rowHeight,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    for (let page = Math.floor(first / timelinePageSize); page * timelinePageSize <= last; page++) {
      void loadPage(page);
    }
  }, [first, last, loadPage]);

  return (
    <div className="timeline scroll" ref={scroller} data-testid="timeline">
      <div className="timeline-row timeline-head" role="row">
        <span>Time (UTC)</span>
        <span>Source</span>
        <span>Action</span>
        <span>Outcome</span>
        <span>Actor</span>
        <span>Credential</span>
        <span>Target</span>
        <span>Source address</span>
      </div>
      <div className="timeline-body" role="rowgroup">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row =
              pages[Math.floor(item.index / timelinePageSize)]?.[item.index % timelinePageSize];
            return (
              <TimelineRowView
                key={item.index}
                row={row}
                top={item.start - virtualizer.options.scrollMargin}
                height={rowHeight}
                selected={row !== undefined && row.eventId === eventId}
                onPick={() => row && void selectEvent(row.eventId)}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
