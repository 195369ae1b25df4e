import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { QueryResult } from '../../shared/model';

const rowHeight = 22;

/** A value as text: JSON-safe values arrive as strings, numbers, booleans, lists and objects. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The answer of a console query, virtualised; every value is shown as text, never as markup. */
export function ResultGrid({ result }: { result: QueryResult }) {
  const scroller = useRef<HTMLDivElement>(null);
  const template = result.columns.map(() => 'minmax(90px, 1fr)').join(' ');
  // The React Compiler is not used here, so the virtualizer's unmemoisable API costs nothing.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: result.rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 20,
    scrollMargin: rowHeight,
  });
  const width = Math.max(600, result.columns.length * 120);

  return (
    <div className="result-grid scroll" ref={scroller} data-testid="query-result" role="grid">
      <div className="result-row result-head" style={{ gridTemplateColumns: template, width }}>
        {result.columns.map((c) => (
          <span key={c.name} title={c.type}>
            {c.name}
          </span>
        ))}
      </div>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width }}>
        {virtualizer.getVirtualItems().map((item) => (
          <div
            key={item.index}
            className="result-row"
            data-testid="query-row"
            style={{
              gridTemplateColumns: template,
              transform: `translateY(${item.start - rowHeight}px)`,
              height: rowHeight,
            }}
          >
            {result.rows[item.index]?.map((value, i) => (
              <span key={i} className="mono" title={cell(value)}>
                {cell(value)}
              </span>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
