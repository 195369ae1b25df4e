import { loadJsonBatch } from '../ingest/jsonBatch.js';
import type { Container } from '../ingest/recordReader.js';
import { objectCheck, type RecordCheck } from '../ingest/salvage.js';
import { insertEventsSql, insertLinksSql } from './cloudtrailSql.js';
import type { Detection, FileHead, LoadContext, LoadResult, SourceModule } from './types.js';

/**
 * AWS CloudTrail, in every layout it is exported in: the `{"Records": [...]}` files CloudTrail
 * writes to S3 (often gzipped), a JSON array, one record a line (also Logstash-shaped records with
 * `@timestamp` instead of `eventTime`), and the console's Event-history export, whose
 * `CloudTrailEvent` holds the record as a JSON string. Digest files are recognised and skipped.
 */

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

function load(ctx: LoadContext): Promise<Map<string, LoadResult>> {
  const layout = layouts[ctx.layout];
  if (!layout) throw new Error(`Failed to load CloudTrail files: unknown layout ${ctx.layout}`);
  return loadJsonBatch(ctx, {
    container: layout.container,
    check: layout.eventHistory ? eventHistoryCheck : objectCheck,
    insertEvents: (stage) => insertEventsSql(stage, layout.eventHistory),
    insertLinks: insertLinksSql(layout.eventHistory),
  });
}
