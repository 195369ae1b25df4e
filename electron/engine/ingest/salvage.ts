import { JSONParser } from '@streamparser/json';
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { RecordFile } from './recordReader.js';

/** Says why a parsed record cannot be an event, or null when it can. */
export type RecordCheck = (value: unknown) => string | null;

export interface Salvage {
  /** NDJSON of `{"n": position, "r": record}` for every good record. */
  file: string;
  records: number;
  rejected: number;
  firstError: string | null;
}

export const objectCheck: RecordCheck = (value) =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? null : 'not a JSON object';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The tolerant reader, for files DuckDB refused. It streams the file (never whole in memory),
 * keeps every record that parses and passes `check`, and names the first that does not. NDJSON
 * is read line by line, so one bad line costs one record; an array or wrapped file stops at its
 * first syntax error, since nothing after it can be framed with certainty.
 */
export async function salvageRecords(
  source: RecordFile,
  tmpDir: string,
  check: RecordCheck,
  name = 'salvaged.ndjson',
): Promise<Salvage> {
  const file = join(tmpDir, name);
  const out = createWriteStream(file);
  const state = new SalvageState(out, check);

  const raw = createReadStream(source.file, { highWaterMark: 1024 * 1024 });
  const input: Readable = source.gzip ? raw.pipe(createGunzip()) : raw;
  if (source.gzip) raw.on('error', (error) => input.destroy(error));

  try {
    if (source.container.kind === 'ndjson') await readLines(input, state);
    else
      await readValues(
        input,
        state,
        source.container.kind === 'array' ? '$.*' : `$.${source.container.key}.*`,
      );
  } catch (error) {
    state.reject(state.records + 1, streamProblem(error));
  }

  out.end();
  await once(out, 'finish');
  return { file, records: state.records, rejected: state.rejected, firstError: state.firstError };
}

class SalvageState {
  records = 0;
  rejected = 0;
  firstError: string | null = null;
  private pending: string[] = [];

  constructor(
    private readonly out: WriteStream,
    private readonly check: RecordCheck,
  ) {}

  accept(n: number, value: unknown, text: string): void {
    this.records = Math.max(this.records, n);
    const problem = this.check(value);
    if (problem) this.reject(n, problem);
    else this.pending.push(`{"n":${n},"r":${text}}\n`);
  }

  reject(n: number, problem: string): void {
    this.records = Math.max(this.records, n);
    this.rejected++;
    this.firstError ??= `record ${n}: ${problem}`;
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    if (!this.out.write(text)) await once(this.out, 'drain');
  }
}

async function readLines(input: Readable, state: SalvageState): Promise<void> {
  let carry: Buffer = Buffer.alloc(0);
  let n = 0;

  const line = (bytes: Buffer) => {
    let text: string;
    try {
      text = utf8.decode(bytes).trim();
    } catch {
      state.reject(++n, 'invalid UTF-8');
      return;
    }
    if (text === '') return;
    n++;
    try {
      state.accept(n, JSON.parse(text), text);
    } catch (error) {
      state.reject(n, `not valid JSON (${(error as Error).message})`);
    }
  };

  try {
    for await (const chunk of input) {
      const buf = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
      let start = 0;
      for (let end = buf.indexOf(10, start); end >= 0; end = buf.indexOf(10, start)) {
        line(buf.subarray(start, end));
        start = end + 1;
      }
      carry = Buffer.from(buf.subarray(start));
      await state.flush();
    }
  } catch (error) {
    // What was read before the stream broke is kept; the cut record is the one being read.
    await state.flush();
    state.reject(n + 1, `${streamProblem(error)}; reading stopped there`);
    return;
  }

  line(carry);
  await state.flush();
}

async function readValues(input: Readable, state: SalvageState, path: string): Promise<void> {
  const parser = new JSONParser({ paths: [path], keepStack: false });
  let n = 0;
  let badBytesAt = -1;
  let offset = 0;
  const probe = new TextDecoder('utf-8', { fatal: true });

  parser.onValue = ({ value }) => {
    n++;
    state.accept(n, value, JSON.stringify(value));
  };

  try {
    for await (const chunk of input) {
      const buf = chunk as Buffer;
      if (badBytesAt < 0) {
        try {
          probe.decode(buf, { stream: true });
        } catch {
          badBytesAt = offset;
        }
      }
      offset += buf.length;
      parser.write(buf);
      await state.flush();
    }
    if (!parser.isEnded) parser.end();
  } catch (error) {
    await state.flush();
    state.reject(n + 1, `${streamProblem(error)}; reading stopped there`);
    return;
  }

  await state.flush();
  if (badBytesAt >= 0) {
    state.firstError ??= `invalid UTF-8 near byte ${badBytesAt}; those characters were replaced`;
  }
}

function streamProblem(error: unknown): string {
  const err = error as NodeJS.ErrnoException;
  if (err.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(err.message ?? '')) {
    return 'gzip stream cut short (truncated file)';
  }
  if (err.code?.startsWith('Z_')) return `gzip data corrupt (${err.message})`;
  return `not valid JSON (${err.message ?? String(error)})`;
}
