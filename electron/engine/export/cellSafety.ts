/**
 * Log content is hostile. A spreadsheet reads a cell that starts with `=`, `+`, `-` or `@` (or a
 * tab or carriage return before one) as a formula, so a text cell that starts with one of them
 * gets a leading apostrophe, the mark spreadsheets themselves use for "this is text". Numbers
 * are written as numbers and never pass through here.
 */
const formulaStart = /^[=+\-@\t\r]/;

/** C0 controls other than tab and newlines, and DEL: a NUL cuts a cell short in many readers. */
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function safeTextCell(value: string): string {
  const clean = value.replace(controls, '\uFFFD');
  return formulaStart.test(clean) ? `'${clean}` : clean;
}

/** A CSV cell: text made safe, numbers and bigints as they are, null and undefined empty. */
export function safeCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return safeTextCell(value.map(String).join(','));
  return safeTextCell(String(value));
}
