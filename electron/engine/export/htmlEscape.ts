/**
 * Direction overrides and isolates would let a log value show itself reversed (a file name that
 * reads `exe.txt` on screen): the report shows them as visible code points instead.
 */
const bidiControls = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Escape text for HTML element content and quoted attribute values. Everything from a log goes
 * through here: `<`, `>`, `&` and both quotes become entities, so no log value can open a tag,
 * close an attribute or start an entity of its own.
 */
export function escapeHtml(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replaceAll('\u0000', '\uFFFD')
    .replace(bidiControls, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase()}]`);
}

/** Shorten for a table cell or a node box; the full value goes in a title beside it. */
export function shorten(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
