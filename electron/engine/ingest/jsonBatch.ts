import { randomBytes } from 'node:crypto';
import { quoteLiteral } from '../case/sql.js';
import { childLogger } from '../log.js';
import type { LoadContext, LoadFile, LoadResult } from '../sources/types.js';
import { fastRelation, salvagedRelation, type Container, type RecordFile } from './recordReader.js';
import { commitBatch } from './commitBatch.js';
import { salvageRecords, type RecordCheck, type Salvage } from './salvage.js';

const log = childLogger('ingest');

export { rejectedCategory } from './commitBatch.js';

/** What a JSON source gives the batch loader: where records sit and the SQL that normalises them. */
export interface JsonSourceSql {
  container: Container;
  /** The tolerant reader's test of one parsed record, for files DuckDB refuses. */
  check: RecordCheck;
  /**
   * `INSERT INTO events ... FROM <stage>`, where the stage has `(evidence_id, sha, g, raw)`:
   * `g` is the record's position in its file, `raw` its JSON text. The event id is
   * `md5(sha || ':' || g)`; a record that is not an object goes in with `rejectedCategory`.
   */
  insertEvents(stage: string): string;
  /** `INSERT INTO source_links ...` over the batch's events, whose evidence ids are `$ids`. */
  insertLinks?: string;
}

/**
 * Load a batch of JSON log files of one layout: DuckDB reads them; if it refuses the batch,
 * intake retries each file alone, and a single file DuckDB refuses (malformed JSON, invalid
 * UTF-8, a cut gzip stream) goes through the tolerant reader, which keeps the good records and
 * names the first bad one.
 */
export async function loadJsonBatch(
  ctx: LoadContext,
  spec: JsonSourceSql,
): Promise<Map<string, LoadResult>> {
  const sources: RecordFile[] = ctx.files.map((f) => ({
    file: f.file,
    gzip: ctx.gzip,
    size: f.size,
    container: spec.container,
  }));

  try {
    const parts = ctx.files.map((file, i) => ({ file, relation: fastRelation(sources[i]!) }));
    return await insertBatch(ctx, spec, parts);
  } catch (error) {
    if (ctx.files.length > 1) throw error;
    log.debug({ file: ctx.files[0]?.file, reason: (error as Error).message }, 'fast read refused');
  }

  const [file, source] = [ctx.files[0]!, sources[0]!];
  const salvage = await salvageRecords(source, ctx.tmpDir, spec.check);
  return insertBatch(ctx, spec, [{ file, relation: salvagedRelation(salvage.file), salvage }]);
}

interface Part {
  file: LoadFile;
  relation: string;
  salvage?: Salvage;
}

/**
 * Stage a batch's records as `(evidence_id, sha, g, raw)`. Reading with ordinality runs on one
 * thread, so the parsing and normalisation that follow read from this table, on every thread.
 */
function stageSql(stage: string, parts: Part[]): string {
  const union = parts
    .map(
      (p) => `SELECT ${quoteLiteral(p.file.evidenceId)} AS evidence_id,
        ${quoteLiteral(p.file.sha256)} AS sha, g, raw FROM ${p.relation}`,
    )
    .join('\n    UNION ALL ');
  return `CREATE TEMP TABLE ${stage} AS ${union}`;
}

/** Stage a batch, then add it to the case in one transaction. */
async function insertBatch(
  ctx: LoadContext,
  spec: JsonSourceSql,
  parts: Part[],
): Promise<Map<string, LoadResult>> {
  const stage = `kt_stage_${randomBytes(6).toString('hex')}`;
  const rejectedEarlier = new Map(
    parts.flatMap((p) =>
      p.salvage
        ? [[p.file.evidenceId, { rejected: p.salvage.rejected, firstError: p.salvage.firstError }]]
        : [],
    ) as [string, { rejected: number; firstError: string | null }][],
  );

  await ctx.conn.run(stageSql(stage, parts));
  try {
    return await commitBatch(ctx, {
      insertEvents: spec.insertEvents(stage),
      insertLinks: spec.insertLinks,
      rejectedReason: 'not a JSON object',
      emptyReason: 'no records in the file (empty log)',
      rejectedEarlier,
    });
  } finally {
    await ctx.conn.run(`DROP TABLE IF EXISTS ${stage}`);
  }
}
