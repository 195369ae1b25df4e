/** Print rows as columns padded to their widest cell; numbers align right. */
export function formatTable(headers: string[], rows: (string | number | null)[][]): string {
  const cells = rows.map((row) => row.map((cell) => (cell === null ? '-' : String(cell))));
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...cells.map((row) => (row[i] ?? '').length)),
  );
  const numeric = headers.map(
    (_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'),
  );
  const line = (row: string[]) =>
    row
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...cells.map(line)].join('\n');
}

/** An ISO time without the microseconds and zone, for reading in a terminal (still UTC). */
export function shortTime(iso: string | null): string | null {
  return iso ? iso.slice(0, 19).replace('T', ' ') : null;
}

/**
 * Log content made safe for a terminal: control characters (escape sequences among them) become
 * spaces, so that a crafted record cannot move the cursor or rewrite what was printed.
 */
export function printable(text: string): string {
  return [...text]
    .map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? ' ' : c))
    .join('');
}
