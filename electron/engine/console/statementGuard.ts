/**
 * What a console statement may touch, read from DuckDB's own parse tree (`json_serialize_sql`)
 * rather than from the text, so that comments, quoting and case cannot hide a call. The console
 * reads the case's tables only: table functions that read files or run other SQL, and file names
 * written where a table goes (DuckDB's replacement scans: `FROM 'x.csv'`), are refused.
 */

/** Table functions that compute rows without reaching outside the case. */
const allowedTableFunctions = new Set([
  'range',
  'generate_series',
  'unnest',
  'json_each',
  'json_tree',
  'duckdb_tables',
  'duckdb_columns',
  'duckdb_views',
  'duckdb_types',
  'duckdb_functions',
  'duckdb_keywords',
  'pragma_table_info',
  'pragma_show',
]);

interface ParseNode {
  type?: unknown;
  table_name?: unknown;
  function?: { function_name?: unknown };
  [key: string]: unknown;
}

/** The first thing in a parsed statement that the console refuses, or null when it may run. */
export function refusedReference(tree: unknown): string | null {
  const stack: unknown[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    if (node === null || typeof node !== 'object') continue;

    const n = node as ParseNode;
    if (n.type === 'TABLE_FUNCTION') {
      const name = String(n.function?.function_name ?? '').toLowerCase();
      if (!allowedTableFunctions.has(name)) return `the table function ${name}()`;
    }
    if (n.type === 'BASE_TABLE' && typeof n.table_name === 'string') {
      // Case tables are plain names; a dot, slash or colon is a file or URL being scanned.
      if (/[./\\:]/.test(n.table_name)) return `the file ${n.table_name}`;
    }
    stack.push(...Object.values(n));
  }
  return null;
}
