import { listValue } from '@duckdb/node-api';
import { childLogger } from '../log.js';
import type { LoadContext, LoadResult } from '../sources/types.js';

const log = childLogger('ingest');

/** The category marker of a record a source could not read; such rows are counted, then deleted. */
export const rejectedCategory = '~rejected';

/** A batch whose records are staged, ready to become events. */
export interface StagedBatch {
  /** `INSERT INTO events ...` from the stage; unreadable records carry `rejectedCategory`. */
  insertEvents: string;
  /** `INSERT INTO source_links ...` over the batch's events, whose evidence ids are `$ids`. */
  insertLinks?: string;
  /** The reason named for a rejected record whose `error_message` is empty. */
  rejectedReason: string;
  /** Why a file that yielded no record and no error holds no events. */
  emptyReason: string;
  /** Records a tolerant reader already rejected before staging, by evidence id. */
  rejectedEarlier?: Map<string, { rejected: number; firstError: string | null }>;
}

const deleteRejectedSql = `DELETE FROM events
  WHERE category = '${rejectedCategory}' AND list_contains($ids, evidence_id)
  RETURNING evidence_id, record_no, error_message`;

const countEventsSql = `SELECT evidence_id, count(*)::INTEGER AS n FROM events
  WHERE list_contains($ids, evidence_id) GROUP BY evidence_id`;

interface Rejected {
  evidence_id: string;
  record_no: string;
  error_message: string | null;
}

/**
 * Add a staged batch's events, source links and evidence rows in one transaction, so that each
 * file is in the case whole or not at all. Rejected records are counted per file and the first
 * is named by its number.
 */
export async function commitBatch(
  ctx: LoadContext,
  batch: StagedBatch,
): Promise<Map<string, LoadResult>> {
  const started = performance.now();
  const ids = { ids: listValue(ctx.files.map((f) => f.evidenceId)) };

  await ctx.conn.run('BEGIN TRANSACTION');
  try {
    await ctx.conn.run(batch.insertEvents);
    const rejected = (await ctx.conn.runAndReadAll(deleteRejectedSql, ids)).getRowObjectsJson();
    if (batch.insertLinks) await ctx.conn.run(batch.insertLinks, ids);
    const counts = new Map(
      (await ctx.conn.runAndReadAll(countEventsSql, ids))
        .getRowObjectsJson()
        .map((row) => [String(row.evidence_id), Number(row.n)]),
    );

    const results = new Map<string, LoadResult>();
    for (const file of ctx.files) {
      const bad = (rejected as unknown as Rejected[])
        .filter((row) => row.evidence_id === file.evidenceId)
        .sort((a, b) => Number(a.record_no) - Number(b.record_no));
      const earlier = batch.rejectedEarlier?.get(file.evidenceId);
      const first = bad[0];
      const firstError =
        earlier?.firstError ??
        (first
          ? `record ${first.record_no}: ${first.error_message ?? batch.rejectedReason}`
          : null);
      const events = counts.get(file.evidenceId) ?? 0;
      const rejectedCount = bad.length + (earlier?.rejected ?? 0);
      results.set(file.evidenceId, {
        recordsRead: events,
        recordsRejected: rejectedCount,
        firstError,
        skipReason: events === 0 && rejectedCount === 0 && !firstError ? batch.emptyReason : null,
      });
    }
    await ctx.recordEvidence(results);
    await ctx.conn.run('COMMIT');
    log.debug({ files: ctx.files.length, ms: Math.round(performance.now() - started) }, 'batch');
    return results;
  } catch (error) {
    await ctx.conn.run('ROLLBACK');
    throw error;
  }
}
