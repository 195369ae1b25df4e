import { useEffect, useImperativeHandle, useMemo, useRef, type Ref } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store';
import { annotationKey } from '../store/annotationSlice';
import { selectAnnotations, selectEventSelection, selectTimeline } from '../store/selectors';
import { timelinePageSize } from '../store/timelineSlice';
import { chosenColumns, gridTemplate } from './columns';
import { TimelineRowView } from './TimelineRowView';
import { useScaledScroll } from '../components/useScaledScroll';
import { useTimelineKeys } from './useTimelineKeys';

const rowHeight = 24;

/** What the panel may ask of the table: put the cursor on a row and bring it into view. */
export interface TimelineHandle {
  goTo(index: number): void;
}

/**
 * The timeline rows, virtualised and fetched a page at a time as they scroll into view, so a
 * scope of millions of events costs only the rows on screen. Past about 600,000 rows the scroll
 * range is scaled (useScaledScroll), so the last of ten million rows is still reachable. The
 * table takes the keyboard.
 */
export function TimelineTable(props: { handle?: Ref<TimelineHandle> }) {
  const { total, pages, loadPage, columns: chosen } = useStore(useShallow(selectTimeline));
  const { eventId, selectEvent } = useStore(useShallow(selectEventSelection));
  const annotations = useStore(selectAnnotations);
  const scroller = useRef<HTMLDivElement>(null);
  const columns = useMemo(() => chosenColumns(chosen), [chosen]);
  const template = gridTemplate(columns);
  const scroll = useScaledScroll({
    scroller,
    count: total,
    rowHeight,
    // The sticky header row sits above the rows inside the same scroller.
    headHeight: rowHeight,
    overscan: 20,
  });
  const { first, last } = scroll.rows;
  const indexes = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);

  const rowAt = (index: number) =>
    pages[Math.floor(index / timelinePageSize)]?.[index % timelinePageSize];
  const keys = useTimelineKeys({
    count: total,
    pageRows: () => Math.floor((scroller.current?.clientHeight ?? 0) / rowHeight) - 1,
    scrollTo: scroll.scrollToIndex,
    open: (index) => {
      const row = rowAt(index);
      if (row) void selectEvent(row.eventId);
    },
  });

  useImperativeHandle(props.handle, () => ({
    goTo(index: number) {
      keys.setCursor(index);
      scroll.scrollToIndex(index);
      scroller.current?.focus();
    },
  }));

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
        <div style={{ height: scroll.spacerHeight, position: 'relative' }}>
          {indexes.map((index) => {
            const row = rowAt(index);
            return (
              <TimelineRowView
                key={index}
                row={row}
                index={index}
                columns={columns}
                template={template}
                // Whole pixels keep the text sharp; a scaled offset is seldom whole.
                top={Math.round(scroll.rows.top(index))}
                height={rowHeight}
                selected={row !== undefined && row.eventId === eventId}
                current={index === keys.cursor}
                annotation={row ? annotations[annotationKey('event', row.eventId)] : undefined}
                onPick={() => {
                  keys.setCursor(index);
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
