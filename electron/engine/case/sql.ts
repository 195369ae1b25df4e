/** Quote an identifier for DuckDB. Values never go through here: they are bound parameters. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Quote a string literal, for the few places DuckDB takes no parameter (table-function
 * arguments such as a file path in `read_json_objects`).
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('Failed to quote literal: it contains a NUL byte');
  return `'${value.replace(/'/g, "''")}'`;
}
