import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store';
import { annotationKey } from '../store/annotationSlice';
import { selectAnnotations, selectEventSelection, selectTimeline } from '../store/selectors';
import { timelinePageSize } from '../store/timelineSlice';
import { chosenColumns, gridTemplate } from './columns';
import { TimelineRowView } from './TimelineRowView';
import { useTimelineKeys } from './useTimelineKeys';

const rowHeight = 24;

/**
 * The timeline rows, virtualised and fetched a page at a time as they scroll into view, so a
 * scope of millions of events costs only the rows on screen. The table takes the keyboard.
 */
export function TimelineTable() {
  const { total, pages, loadPage, columns: chosen } = useStore(useShallow(selectTimeline));
  const { eventId, selectEvent } = useStore(useShallow(selectEventSelection));
  const annotations = useStore(selectAnnotations);
  const scroller = useRef<HTMLDivElement>(null);
  const columns = useMemo(() => chosenColumns(chosen), [chosen]);
  const template = gridTemplate(columns);
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

  const rowAt = (index: number) =>
    pages[Math.floor(index / timelinePageSize)]?.[index % timelinePageSize];
  const keys = useTimelineKeys({
    count: total,
    pageRows: () => Math.floor((scroller.current?.clientHeight ?? 0) / rowHeight) - 1,
    scrollTo: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }),
    open: (index) => {
      const row = rowAt(index);
      if (row) void selectEvent(row.eventId);
    },
  });

  useEffect(() => {
    for (let page = Math.floor(first / timelinePageSize); page * timelinePageSize <= last; page++) {
      void loadPage(page);
    }
  }, [first, last, loadPage]);

  return (
    <div
      className="timeline scroll"
      ref={scroller}
      data-testid="timeline"
      tabIndex={0}
      role="grid"
      aria-rowcount={total}
      aria-label="Timeline: arrows and Page Up/Down move, Enter opens the event"
      onKeyDown={keys.onKeyDown}
    >
      <div
        className="timeline-row timeline-head"
        role="row"
        style={{ gridTemplateColumns: template }}
      >
        <span title="Star, severity, tags">★</span>
        {columns.map((c) => (
          <span key={c.id}>{c.title}</span>
        ))}
      </div>
      <div className="timeline-body" role="rowgroup">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            return (
              <TimelineRowView
                key={item.index}
                row={row}
                index={item.index}
                columns={columns}
                template={template}
                top={item.start - virtualizer.options.scrollMargin}
                height={rowHeight}
                selected={row !== undefined && row.eventId === eventId}
                current={item.index === keys.cursor}
                annotation={row ? annotations[annotationKey('event', row.eventId)] : undefined}
                onPick={() => {
                  keys.setCursor(item.index);
                  if (row) void selectEvent(row.eventId);
                }}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
