import { listValue } from '@duckdb/node-api';
import { randomBytes } from 'node:crypto';
import { quoteLiteral } from '../case/sql.js';
import { childLogger } from '../log.js';
import type { LoadContext, LoadFile, LoadResult } from '../sources/types.js';
import { fastRelation, salvagedRelation, type Container, type RecordFile } from './recordReader.js';
import { salvageRecords, type RecordCheck, type Salvage } from './salvage.js';

const log = childLogger('ingest');

/** The category marker of a record that is not a JSON object; such rows are counted, then deleted. */
export const rejectedCategory = '~rejected';

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

const deleteRejectedSql = `DELETE FROM events
  WHERE category = '${rejectedCategory}' AND list_contains($ids, evidence_id)
  RETURNING evidence_id, record_no`;

const countEventsSql = `SELECT evidence_id, count(*)::INTEGER AS n FROM events
  WHERE list_contains($ids, evidence_id) GROUP BY evidence_id`;

/** Add a batch's events, source links and evidence rows in one transaction. */
async function insertBatch(
  ctx: LoadContext,
  spec: JsonSourceSql,
  parts: Part[],
): Promise<Map<string, LoadResult>> {
  const started = performance.now();
  const ids = { ids: listValue(parts.map((p) => p.file.evidenceId)) };
  const stage = `kt_stage_${randomBytes(6).toString('hex')}`;

  await ctx.conn.run(stageSql(stage, parts));
  await ctx.conn.run('BEGIN TRANSACTION');
  try {
    await ctx.conn.run(spec.insertEvents(stage));
    const rejected = (await ctx.conn.runAndReadAll(deleteRejectedSql, ids)).getRowObjectsJson();
    if (spec.insertLinks) await ctx.conn.run(spec.insertLinks, ids);
    const counts = new Map(
      (await ctx.conn.runAndReadAll(countEventsSql, ids))
        .getRowObjectsJson()
        .map((row) => [String(row.evidence_id), Number(row.n)]),
    );

    const results = new Map<string, LoadResult>();
    for (const p of parts) {
      const id = p.file.evidenceId;
      const bad = rejected
        .filter((row) => row.evidence_id === id)
        .map((row) => Number(row.record_no))
        .sort((a, b) => a - b);
      results.set(id, resultOf(counts.get(id) ?? 0, bad, p.salvage));
    }
    await ctx.recordEvidence(results);
    await ctx.conn.run('COMMIT');
    log.debug({ files: parts.length, ms: Math.round(performance.now() - started) }, 'loaded batch');
    return results;
  } catch (error) {
    await ctx.conn.run('ROLLBACK');
    throw error;
  } finally {
    await ctx.conn.run(`DROP TABLE IF EXISTS ${stage}`);
  }
}

function resultOf(events: number, notObjects: number[], salvage: Salvage | undefined): LoadResult {
  const rejected = notObjects.length + (salvage?.rejected ?? 0);
  const firstError =
    salvage?.firstError ??
    (notObjects[0] !== undefined ? `record ${notObjects[0]}: not a JSON object` : null);
  return {
    recordsRead: events,
    recordsRejected: rejected,
    firstError,
    skipReason:
      events === 0 && rejected === 0 && !firstError ? 'no records in the file (empty log)' : null,
  };
}
