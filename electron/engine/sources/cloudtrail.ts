import { listValue } from '@duckdb/node-api';
import { randomBytes } from 'node:crypto';
import { childLogger } from '../log.js';
import {
  fastRelation,
  salvagedRelation,
  type Container,
  type RecordFile,
} from '../ingest/recordReader.js';
import { objectCheck, salvageRecords, type RecordCheck, type Salvage } from '../ingest/salvage.js';
import {
  countEventsSql,
  deleteRejectedSql,
  insertEventsSql,
  insertLinksSql,
  stageSql,
} from './cloudtrailSql.js';
import type {
  Detection,
  FileHead,
  LoadContext,
  LoadFile,
  LoadResult,
  SourceModule,
} from './types.js';

/**
 * AWS CloudTrail, in every layout it is exported in: the `{"Records": [...]}` files CloudTrail
 * writes to S3 (often gzipped), a JSON array, one record a line (also Logstash-shaped records with
 * `@timestamp` instead of `eventTime`), and the console's Event-history export, whose
 * `CloudTrailEvent` holds the record as a JSON string. Digest files are recognised and skipped.
 */
const log = childLogger('ingest');

export const cloudtrail: SourceModule = { id: 'aws.cloudtrail', detect, load };

interface Layout {
  container: Container;
  eventHistory: boolean;
}

const layouts: Record<string, Layout> = {
  records: { container: { kind: 'wrapped', key: 'Records' }, eventHistory: false },
  array: { container: { kind: 'array' }, eventHistory: false },
  ndjson: { container: { kind: 'ndjson' }, eventHistory: false },
  'event-history': { container: { kind: 'ndjson' }, eventHistory: true },
  'event-history-array': { container: { kind: 'array' }, eventHistory: true },
  'event-history-events': { container: { kind: 'wrapped', key: 'Events' }, eventHistory: true },
};

const cloudTrailRecord = /"eventSource"\s*:/;
const eventHistoryRecord = /"CloudTrailEvent"\s*:/;
const digest = /"digest(PublicKeyFingerprint|S3Object|SignatureAlgorithm|S3Bucket)"\s*:/;

/** OTRF's S3 honeybucket alert export: CloudTrail fields re-exported as CSV. */
const honeybucketCsv = /^Event Type,Event Name,Request ID,User ID,Request Parameters,/;

function detect(head: FileHead): Detection | null {
  const text = head.text.replace(/^\uFEFF/, '').trimStart();
  if (honeybucketCsv.test(text)) {
    // Its identity and request cells are Python dict reprs (single quotes, None), not JSON:
    // turning them into JSON would mean guessing at quoting, so the file is listed, not read.
    return {
      layout: 'honeybucket-csv',
      skipReason:
        'CSV of S3 honeybucket alerts with Python-repr cells, not CloudTrail JSON; not read',
    };
  }
  const firstLine = text.slice(0, Math.max(text.indexOf('\n'), 0) || text.length);

  if (text.startsWith('{')) {
    if (digest.test(text)) {
      return {
        layout: 'digest',
        skipReason: 'CloudTrail digest file (hashes of log files, no events)',
      };
    }
    if (
      /^\{\s*"Records"\s*:\s*\[/.test(text) ||
      (/"Records"\s*:\s*\[/.test(text) && cloudTrailRecord.test(text))
    ) {
      return { layout: 'records' };
    }
    if (/^\{\s*"Events"\s*:\s*\[/.test(text) && eventHistoryRecord.test(text)) {
      return { layout: 'event-history-events' };
    }
    if (eventHistoryRecord.test(firstLine)) return { layout: 'event-history' };
    if (cloudTrailRecord.test(firstLine) && /"eventName"\s*:/.test(firstLine)) {
      return { layout: 'ndjson' };
    }
    return null;
  }

  if (text.startsWith('[')) {
    if (eventHistoryRecord.test(text)) return { layout: 'event-history-array' };
    if (cloudTrailRecord.test(text) && /"eventName"\s*:/.test(text)) return { layout: 'array' };
  }
  return null;
}

/** The tolerant reader's check for Event-history lines: the inner record must parse too. */
const eventHistoryCheck: RecordCheck = (value) => {
  const problem = objectCheck(value);
  if (problem) return problem;
  const inner = (value as Record<string, unknown>).CloudTrailEvent;
  if (typeof inner !== 'string') return null;
  try {
    return objectCheck(JSON.parse(inner)) && 'CloudTrailEvent is not a JSON object';
  } catch {
    return 'CloudTrailEvent is not valid JSON';
  }
};

async function load(ctx: LoadContext): Promise<Map<string, LoadResult>> {
  const layout = layouts[ctx.layout];
  if (!layout) throw new Error(`Failed to load CloudTrail files: unknown layout ${ctx.layout}`);
  const sources: RecordFile[] = ctx.files.map((f) => ({
    file: f.file,
    gzip: ctx.gzip,
    size: f.size,
    container: layout.container,
  }));

  try {
    const parts = ctx.files.map((file, i) => ({ file, relation: fastRelation(sources[i]!) }));
    return await insertBatch(ctx, layout, parts);
  } catch (error) {
    // Intake retries a refused batch file by file; a file DuckDB refuses on its own (malformed
    // JSON, invalid UTF-8, a cut gzip stream) goes through the tolerant reader instead.
    if (ctx.files.length > 1) throw error;
    log.debug({ file: ctx.files[0]?.file, reason: (error as Error).message }, 'fast read refused');
  }

  const [file, source] = [ctx.files[0]!, sources[0]!];
  const check = layout.eventHistory ? eventHistoryCheck : objectCheck;
  const salvage = await salvageRecords(source, ctx.tmpDir, check);
  return insertBatch(ctx, layout, [{ file, relation: salvagedRelation(salvage.file), salvage }]);
}

interface Part {
  file: LoadFile;
  relation: string;
  salvage?: Salvage;
}

/** Add a batch's events, source links and evidence rows in one transaction. */
async function insertBatch(
  ctx: LoadContext,
  layout: Layout,
  parts: Part[],
): Promise<Map<string, LoadResult>> {
  const started = performance.now();
  const ids = { ids: listValue(parts.map((p) => p.file.evidenceId)) };
  const records = parts.map((p) => ({
    relation: p.relation,
    evidenceId: p.file.evidenceId,
    sha256: p.file.sha256,
  }));

  const stage = `kt_stage_${randomBytes(6).toString('hex')}`;
  await ctx.conn.run(stageSql(stage, records));
  await ctx.conn.run('BEGIN TRANSACTION');
  try {
    await ctx.conn.run(insertEventsSql(stage, layout.eventHistory));
    const rejected = (await ctx.conn.runAndReadAll(deleteRejectedSql, ids)).getRowObjectsJson();
    await ctx.conn.run(insertLinksSql(layout.eventHistory), ids);
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
