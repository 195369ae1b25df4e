import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteLiteral } from '../case/sql.js';
import { salvageRecords, type RecordCheck } from './salvage.js';

/** How a JSON log file holds its records. */
export type Container = { kind: 'ndjson' } | { kind: 'array' } | { kind: 'wrapped'; key: string };

export interface RecordFile {
  file: string;
  gzip: boolean;
  size: number;
  container: Container;
}

export interface StagedRecords {
  /** Records met, good or bad. */
  records: number;
  /** Records left out by the tolerant reader, with the first one's reason. */
  rejected: number;
  firstError: string | null;
}

/** A wrapped file (`{"Records": [...]}`) is one JSON value that DuckDB must hold whole. */
const MAX_OBJECT = 1024 * 1024 * 1024;

/**
 * The SQL relation `(n, raw)` of a file's records as DuckDB reads them itself: `n` the 1-based
 * record position (ordinality follows the file's order, also across DuckDB's parallel buffers) and
 * `raw` the record's JSON text.
 */
export function fastRelation(source: RecordFile): string {
  const path = quoteLiteral(source.file);
  const compression = source.gzip ? `'gzip'` : `'uncompressed'`;
  if (source.container.kind === 'wrapped') {
    const key = source.container.key.replace(/[^A-Za-z0-9_]/g, '');
    const objectSize = Math.min(MAX_OBJECT, Math.max(16 * 1024 * 1024, source.size * 40));
    return `(SELECT u.n AS n, u.raw AS raw
      FROM read_json(${path}, compression = ${compression},
        columns = {${key}: 'JSON[]'}, maximum_object_size = ${objectSize}) AS t,
      unnest(t.${key}) WITH ORDINALITY AS u(raw, n))`;
  }

  const format = source.container.kind === 'array' ? 'array' : 'newline_delimited';
  return `(SELECT ordinality AS n, json AS raw
    FROM read_json_objects(${path}, format = '${format}', compression = ${compression},
      maximum_object_size = 268435456) WITH ORDINALITY)`;
}

/** The relation `(n, raw)` over a salvage file written by the tolerant reader. */
export function salvagedRelation(file: string): string {
  return `(SELECT n, r AS raw
    FROM read_json(${quoteLiteral(file)}, format = 'newline_delimited',
      columns = {n: 'BIGINT', r: 'JSON'}, maximum_object_size = 268435456))`;
}

/**
 * Stage a file's records: `build(relation)` must turn the relation `(n, raw)` into a statement
 * that materialises them (a temporary table). DuckDB's own reader goes first; when it refuses the
 * file (malformed JSON, invalid UTF-8, a cut gzip stream), the tolerant reader salvages the good
 * records into NDJSON in `tmpDir`, naming the first bad one, and that is staged instead.
 */
export async function stageRecords(
  conn: DuckDBConnection,
  source: RecordFile,
  tmpDir: string,
  build: (relation: string) => string,
  check: RecordCheck,
  params: Record<string, string> = {},
): Promise<StagedRecords> {
  try {
    await conn.run(build(fastRelation(source)), params);
    return { records: -1, rejected: 0, firstError: null };
  } catch {
    // DuckDB names where it stopped but not which records around it were good: read again.
  }

  const salvage = await salvageRecords(source, tmpDir, check);
  await conn.run(build(salvagedRelation(salvage.file)), params);
  return { records: salvage.records, rejected: salvage.rejected, firstError: salvage.firstError };
}
