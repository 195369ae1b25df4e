import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteLiteral } from '../case/sql.js';
import { childLogger } from '../log.js';
import { salvageRecords, type RecordCheck, type Salvage } from './salvage.js';

const log = childLogger('ingest');

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

const list = (files: RecordFile[]) => `[${files.map((f) => quoteLiteral(f.file)).join(', ')}]`;

/**
 * The SQL relation `(filename, g, raw)` of the records of files sharing one container and
 * compression, as DuckDB reads them itself: `raw` is a record's JSON text and `g` its position.
 * For a wrapped file `g` counts from 1 in each file; otherwise it runs on across the files in
 * their order (ordinality follows the files' order, also across DuckDB's parallel buffers), so a
 * record's number in its file is `g - min(g) + 1` over that file's rows.
 */
export function fastRelation(files: RecordFile[]): string {
  const first = files[0];
  if (!first) throw new Error('Failed to read records: no files');
  const compression = first.gzip ? `'gzip'` : `'uncompressed'`;
  const largest = Math.max(...files.map((f) => f.size));

  if (first.container.kind === 'wrapped') {
    const key = first.container.key.replace(/[^A-Za-z0-9_]/g, '');
    const objectSize = Math.min(MAX_OBJECT, Math.max(16 * 1024 * 1024, largest * 40));
    return `(SELECT t.filename AS filename, u.g AS g, u.raw AS raw
      FROM read_json(${list(files)}, compression = ${compression}, filename = true,
        columns = {${key}: 'JSON[]'}, maximum_object_size = ${objectSize}) AS t,
      unnest(t.${key}) WITH ORDINALITY AS u(raw, g))`;
  }

  const format = first.container.kind === 'array' ? 'array' : 'newline_delimited';
  return `(SELECT filename, ordinality AS g, json AS raw
    FROM read_json_objects(${list(files)}, format = '${format}', compression = ${compression},
      filename = true, maximum_object_size = 268435456) WITH ORDINALITY)`;
}

/** The relation `(filename, g, raw)` over a salvage file; `g` is the record's number. */
export function salvagedRelation(salvageFile: string, original: string): string {
  return `(SELECT ${quoteLiteral(original)} AS filename, n AS g, r AS raw
    FROM read_json(${quoteLiteral(salvageFile)}, format = 'newline_delimited',
      columns = {n: 'BIGINT', r: 'JSON'}, maximum_object_size = 268435456))`;
}

const emptyRelation = `(SELECT NULL::VARCHAR AS filename, NULL::BIGINT AS g, NULL::JSON AS raw
  WHERE false)`;

/**
 * Stage the records of files of one layout into the temporary table `stage`; `select(relation)`
 * turns a relation `(filename, g, raw)` into the SELECT of staged rows. All files go through
 * DuckDB's own reader in one query; when it refuses the batch, each file is tried alone, and a
 * file DuckDB refuses (malformed JSON, invalid UTF-8, a cut gzip stream) goes through the
 * tolerant reader, which salvages its good records into NDJSON under `tmpDir`, naming the first
 * bad one. Returns the salvage report of each file that needed one.
 */
export async function stageRecords(
  conn: DuckDBConnection,
  stage: string,
  files: RecordFile[],
  tmpDir: string,
  select: (relation: string) => string,
  check: RecordCheck,
  params: Record<string, string> = {},
): Promise<Map<string, Salvage>> {
  const salvaged = new Map<string, Salvage>();
  try {
    await conn.run(`CREATE TEMP TABLE ${stage} AS ${select(fastRelation(files))}`, params);
    return salvaged;
  } catch (error) {
    // DuckDB names where it stopped but not which records around it were good: read again.
    log.debug({ files: files.length, reason: (error as Error).message }, 'fast read refused');
  }

  await conn.run(`CREATE TEMP TABLE ${stage} AS ${select(emptyRelation)}`, params);
  for (const [index, source] of files.entries()) {
    if (files.length > 1) {
      try {
        await conn.run(`INSERT INTO ${stage} ${select(fastRelation([source]))}`, params);
        continue;
      } catch (error) {
        log.debug({ file: source.file, reason: (error as Error).message }, 'fast read refused');
      }
    }
    const salvage = await salvageRecords(source, tmpDir, check, `salvage-${index}.ndjson`);
    await conn.run(
      `INSERT INTO ${stage} ${select(salvagedRelation(salvage.file, source.file))}`,
      params,
    );
    salvaged.set(source.file, salvage);
  }
  return salvaged;
}
