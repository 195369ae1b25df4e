import { randomBytes } from 'node:crypto';
import { childLogger } from '../log.js';
import { stageRecords, type Container } from '../ingest/recordReader.js';
import { objectCheck, type RecordCheck, type Salvage } from '../ingest/salvage.js';
import { insertEventsSql, insertLinksSql, stageCountsSql, stageSelect } from './cloudtrailSql.js';
import type { Detection, FileHead, LoadContext, LoadResult, SourceModule } from './types.js';

/**
 * AWS CloudTrail, in every layout it is exported in: the `{"Records": [...]}` files CloudTrail
 * writes to S3 (often gzipped), a JSON array, one record a line (also Logstash-shaped records with
 * `@timestamp` instead of `eventTime`), and the console's Event-history export, whose
 * `CloudTrailEvent` holds the record as a JSON string. Digest files are recognised and skipped.
 */
const log = childLogger('ingest');

function timer() {
  let last = performance.now();
  const laps: Record<string, number> = {};
  return {
    laps,
    lap(name: string) {
      const now = performance.now();
      laps[name] = Math.round(now - last);
      last = now;
    },
  };
}

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
  const suffix = randomBytes(6).toString('hex');
  const stage = `kt_stage_${suffix}`;
  const files = `kt_files_${suffix}`;
  const sources = ctx.files.map((f) => ({
    file: f.file,
    gzip: ctx.gzip,
    size: f.size,
    container: layout.container,
  }));

  const clock = timer();
  try {
    const salvaged = await stageRecords(
      ctx.conn,
      stage,
      sources,
      ctx.tmpDir,
      (relation) => stageSelect(relation, layout.eventHistory),
      layout.eventHistory ? eventHistoryCheck : objectCheck,
    );
    clock.lap('stage');
    const counts = new Map(
      (await ctx.conn.runAndReadAll(stageCountsSql(stage)))
        .getRowObjectsJson()
        .map((row) => [
          String(row.filename),
          row as { records: number; rejected: number; first_bad: string | null; base: string },
        ]),
    );

    const results = new Map<string, LoadResult>();
    await ctx.conn.run(
      `CREATE TEMP TABLE ${files} (file VARCHAR, sha VARCHAR, evidence_id VARCHAR, base BIGINT)`,
    );
    for (const f of ctx.files) {
      const count = counts.get(f.file);
      const salvage = salvaged.get(f.file);
      const base = salvage ? 1 : Number(count?.base ?? 1);
      await ctx.conn.run(`INSERT INTO ${files} VALUES ($1, $2, $3, $4)`, [
        f.file,
        f.sha256,
        f.evidenceId,
        base,
      ]);
      results.set(f.evidenceId, resultOf(count, salvage, base));
    }

    clock.lap('counts');
    await ctx.conn.run('BEGIN TRANSACTION');
    try {
      await ctx.conn.run(insertEventsSql(stage, files));
      clock.lap('events');
      await ctx.conn.run(insertLinksSql(stage, files));
      clock.lap('links');
      await ctx.recordEvidence(results);
      await ctx.conn.run('COMMIT');
      clock.lap('commit');
      log.debug({ files: ctx.files.length, ms: clock.laps }, 'loaded CloudTrail batch');
    } catch (error) {
      await ctx.conn.run('ROLLBACK');
      throw error;
    }
    return results;
  } finally {
    await ctx.conn.run(`DROP TABLE IF EXISTS ${stage}`);
    await ctx.conn.run(`DROP TABLE IF EXISTS ${files}`);
  }
}

function resultOf(
  count: { records: number; rejected: number; first_bad: string | null } | undefined,
  salvage: Salvage | undefined,
  base: number,
): LoadResult {
  const notObjects = count?.rejected ?? 0;
  const rejected = (salvage?.rejected ?? 0) + notObjects;
  const records = salvage ? salvage.records : (count?.records ?? 0);
  const firstBad = count?.first_bad ? Number(count.first_bad) - base + 1 : null;
  const firstError =
    salvage?.firstError ?? (firstBad ? `record ${firstBad}: not a JSON object` : null);
  return {
    recordsRead: records - rejected,
    recordsRejected: rejected,
    firstError,
    skipReason: records === 0 && !firstError ? 'no records in the file (empty log)' : null,
  };
}
