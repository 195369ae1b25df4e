import { stringify } from 'csv-stringify';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ExportSelection, TimelineFormat } from '../../../shared/contract.js';
import type { CaseDb } from '../case/CaseDb.js';
import { childLogger } from '../log.js';
import { safeCell } from './cellSafety.js';
import { selectionSql, streamRows, type ExportRow } from './exportRows.js';
import type { WrittenFile } from './outputFile.js';
import { writeAtomically } from './outputFile.js';
import { timesketchColumns, timesketchRecord } from './timesketch.js';

const log = childLogger('export');

/** Columns of the plain CSV; the JSONL has these and the raw record. */
export const timelineColumns = [
  'event_id',
  'time',
  'time_raw',
  'source',
  'category',
  'action',
  'outcome',
  'error_code',
  'error_message',
  'actor',
  'actor_kind',
  'actor_display',
  'credential',
  'issued',
  'target',
  'target_display',
  'src_ip',
  'user_agent',
  'account',
  'region',
  'trace_id',
  'span_id',
  'parent_span_id',
  'evidence_id',
  'evidence_path',
  'record_no',
  'tags',
  'note',
  'starred',
] as const;

type Format = Exclude<TimelineFormat, 'parquet'>;

function plainRecord(row: ExportRow, withRaw: boolean): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const column of timelineColumns) record[column] = row[column];
  record.record_no = BigInt(row.record_no);
  if (withRaw) record.raw = row.raw;
  return record;
}

/**
 * One JSON object a line. JSON has no 64-bit integers in JavaScript, so bigints are written as
 * their digits by hand; every other value goes through JSON.stringify (which also escapes NUL).
 */
export function jsonLine(record: Record<string, unknown>): string {
  const parts = Object.entries(record).map(([key, value]) => {
    const text = typeof value === 'bigint' ? value.toString() : JSON.stringify(value ?? null);
    return `${JSON.stringify(key)}:${text}`;
  });
  return `{${parts.join(',')}}\n`;
}

async function* records(
  rows: AsyncIterable<ExportRow>,
  format: Format,
  counts: { events: number; skipped: number },
): AsyncGenerator<Record<string, unknown>> {
  for await (const row of rows) {
    const record = format.startsWith('timesketch')
      ? timesketchRecord(row)
      : plainRecord(row, format === 'jsonl');
    if (record === null) {
      counts.skipped++;
      continue;
    }
    counts.events++;
    yield record;
  }
}

async function* lines(source: AsyncIterable<Record<string, unknown>>): AsyncGenerator<string> {
  for await (const record of source) yield jsonLine(record);
}

async function* cells(
  source: AsyncIterable<Record<string, unknown>>,
  columns: readonly string[],
): AsyncGenerator<string[]> {
  for await (const record of source) yield columns.map((c) => safeCell(record[c]));
}

/**
 * Write the selected events as CSV, JSONL or Timesketch CSV/JSONL, streamed from DuckDB a chunk
 * at a time. CSV quoting is csv-stringify's; every text cell is made formula-safe first.
 */
export async function exportTimelineFile(
  db: CaseDb,
  out: string,
  format: Format,
  selection: ExportSelection,
): Promise<WrittenFile & { events: number; skipped: number }> {
  const started = Date.now();
  // Only the plain JSONL carries the raw record: the others leave it in DuckDB.
  const sql = await selectionSql(db, selection, { raw: format === 'jsonl' });
  const counts = { events: 0, skipped: 0 };

  const written = await writeAtomically(out, `the timeline as ${format}`, async (partial) => {
    const source = records(streamRows(db, sql), format, counts);
    const sink = createWriteStream(partial);
    if (format.endsWith('csv')) {
      const columns = format === 'csv' ? timelineColumns : timesketchColumns;
      const csv = stringify({ header: true, columns: [...columns], record_delimiter: 'unix' });
      await pipeline(Readable.from(cells(source, columns)), csv, sink);
    } else {
      await pipeline(Readable.from(lines(source)), sink);
    }
  });
  log.info(
    { format, ...counts, bytes: written.bytes, ms: Date.now() - started },
    'exported timeline',
  );
  return { ...written, ...counts };
}
