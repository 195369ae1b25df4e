import { quoteLiteral } from '../case/sql.js';

/** How a JSON log file holds its records. */
export type Container = { kind: 'ndjson' } | { kind: 'array' } | { kind: 'wrapped'; key: string };

export interface RecordFile {
  file: string;
  gzip: boolean;
  size: number;
  container: Container;
}

/** A wrapped file (`{"Records": [...]}`) is one JSON value that DuckDB must hold whole. */
const MAX_OBJECT = 1024 * 1024 * 1024;

/**
 * The SQL relation `(g, raw)` of one file's records as DuckDB reads them itself: `raw` is a
 * record's JSON text and `g` its position in the file, counted from 1 (ordinality follows the
 * file's order, also across DuckDB's parallel buffers). Records that are not objects come through
 * too; the caller tells them apart.
 */
export function fastRelation(source: RecordFile): string {
  const compression = source.gzip ? `'gzip'` : `'uncompressed'`;
  const file = quoteLiteral(source.file);

  if (source.container.kind === 'wrapped') {
    const key = source.container.key.replace(/[^A-Za-z0-9_]/g, '');
    const objectSize = Math.min(MAX_OBJECT, Math.max(16 * 1024 * 1024, source.size * 40));
    return `(SELECT u.g AS g, u.raw AS raw
      FROM read_json(${file}, compression = ${compression}, columns = {${key}: 'JSON[]'},
        maximum_object_size = ${objectSize}) AS t,
      unnest(t.${key}) WITH ORDINALITY AS u(raw, g))`;
  }

  const format = source.container.kind === 'array' ? 'array' : 'newline_delimited';
  return `(SELECT ordinality AS g, json AS raw
    FROM read_json_objects(${file}, format = '${format}', compression = ${compression},
      maximum_object_size = 268435456) WITH ORDINALITY)`;
}

/** The relation `(g, raw)` over a salvage file, whose `n` is each record's position. */
export function salvagedRelation(salvageFile: string): string {
  return `(SELECT n AS g, r AS raw
    FROM read_json(${quoteLiteral(salvageFile)}, format = 'newline_delimited',
      columns = {n: 'BIGINT', r: 'JSON'}, maximum_object_size = 268435456))`;
}
