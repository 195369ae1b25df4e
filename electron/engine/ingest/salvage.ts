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

/** What the concatenated-values reader wrote and what it had to tolerate. */
export interface ValueLines {
  /** NDJSON: one top-level value a line, in file order, so that line n is record n. */
  file: string;
  records: number;
  rejected: number;
  firstError: string | null;
  /** Departures from JSON that were mended, in words (`2 trailing commas removed`). */
  tolerated: string[];
}

/** A record larger than this is taken for a framing error rather than held in memory. */
const MAX_VALUE_CHARS = 256 * 1024 * 1024;

/**
 * A second tolerant mode, for JSON values written one after another with no framing: `jq .`
 * output, pretty-printed objects, hand-edited excerpts. Each top-level value is written on a line
 * of its own with the whitespace outside strings dropped (strings and numbers stay as written), so
 * the NDJSON reader takes the result. Commas JSON forbids but hand-edited files carry - before a
 * closing bracket, or between top-level values - are dropped and counted. Anything else that does
 * not parse stops the reading there, as in the array reader, since what follows cannot be framed
 * with certainty.
 */
export async function salvageConcatenated(
  source: { file: string; gzip: boolean },
  tmpDir: string,
  name = 'values.ndjson',
): Promise<ValueLines> {
  const file = join(tmpDir, name);
  const out = createWriteStream(file);
  const splitter = new ValueSplitter();
  let pending: string[] = [];
  let stopped = false;
  let badBytesAt = -1;
  let offset = 0;
  const decoder = new TextDecoder('utf-8');
  const probe = new TextDecoder('utf-8', { fatal: true });

  const raw = createReadStream(source.file, { highWaterMark: 1024 * 1024 });
  const input: Readable = source.gzip ? raw.pipe(createGunzip()) : raw;
  if (source.gzip) raw.on('error', (error) => input.destroy(error));

  const flush = async () => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    if (!out.write(text)) await once(out, 'drain');
  };
  const take = (text: string) => {
    if (!splitter.feed(text, (value) => pending.push(`${value}\n`))) stopped = true;
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
      take(decoder.decode(buf, { stream: true }));
      await flush();
      if (stopped) break;
    }
    if (!stopped) take(decoder.decode());
    if (!stopped) splitter.end();
  } catch (error) {
    splitter.fail(`${streamProblem(error)}; reading stopped there`);
  }
  input.destroy();
  raw.destroy();

  await flush();
  out.end();
  await once(out, 'finish');
  let firstError = splitter.firstError;
  if (badBytesAt >= 0) {
    firstError ??= `invalid UTF-8 near byte ${badBytesAt}; those characters were replaced`;
  }
  return {
    file,
    records: splitter.values + splitter.rejected,
    rejected: splitter.rejected,
    firstError,
    tolerated: splitter.tolerated(),
  };
}

// Character codes the splitter looks for.
const Ch = {
  Tab: 9,
  Newline: 10,
  Return: 13,
  Space: 32,
  Quote: 34,
  Comma: 44,
  OpenList: 91,
  Backslash: 92,
  CloseList: 93,
  OpenObject: 123,
  CloseObject: 125,
  Bom: 0xfeff,
} as const;

/**
 * Finds where each top-level value ends by counting brackets outside strings, one character at a
 * time across chunks, copying runs of characters rather than single ones.
 */
class ValueSplitter {
  values = 0;
  rejected = 0;
  firstError: string | null = null;
  private trailingCommas = 0;
  private betweenCommas = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private pendingComma = false;
  private parts: string[] = [];
  private size = 0;

  /** Reads a chunk, handing each complete value to `emit`; false once reading must stop. */
  feed(text: string, emit: (value: string) => void): boolean {
    // A string cut by the chunk boundary goes on from the first character.
    let run = this.inString ? 0 : -1;
    const keep = (end: number) => {
      if (run < 0) return;
      this.parts.push(text.slice(run, end));
      this.size += end - run;
      run = -1;
    };

    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === Ch.Backslash) this.escaped = true;
        else if (c === Ch.Quote) this.inString = false;
        continue;
      }
      if (c === Ch.Space || c === Ch.Newline || c === Ch.Return || c === Ch.Tab || c === Ch.Bom) {
        keep(i);
        continue;
      }
      if (c === Ch.Comma) {
        keep(i);
        if (this.depth === 0) this.betweenCommas++;
        else if (this.pendingComma) this.parts.push(',');
        else this.pendingComma = true;
        continue;
      }
      if (this.depth === 0 && c !== Ch.OpenObject && c !== Ch.OpenList) {
        return this.fail(`not valid JSON (unexpected ${JSON.stringify(text[i])} between values)`);
      }
      if (this.pendingComma) {
        if (c === Ch.CloseObject || c === Ch.CloseList) this.trailingCommas++;
        else this.parts.push(',');
        this.pendingComma = false;
      }
      if (run < 0) run = i;
      if (c === Ch.Quote) this.inString = true;
      else if (c === Ch.OpenObject || c === Ch.OpenList) this.depth++;
      else if (c === Ch.CloseObject || c === Ch.CloseList) {
        this.depth--;
        if (this.depth === 0) {
          keep(i + 1);
          if (!this.complete(emit)) return false;
        }
      }
    }
    keep(text.length);
    if (this.size > MAX_VALUE_CHARS) {
      return this.fail(`not valid JSON (a value longer than ${MAX_VALUE_CHARS} characters)`);
    }
    return true;
  }

  /** At the end of the input: a value still open was cut short. */
  end(): void {
    if (this.depth > 0 || this.inString) this.fail('not valid JSON (the file ends inside it)');
  }

  fail(problem: string): false {
    this.rejected++;
    this.firstError ??= `record ${this.values + 1}: ${problem}`;
    return false;
  }

  tolerated(): string[] {
    const count = (n: number, what: string, where: string) =>
      n > 0 ? [`${n} ${what}${n === 1 ? '' : 's'} ${where}removed`] : [];
    return [
      ...count(this.trailingCommas, 'trailing comma', ''),
      ...count(this.betweenCommas, 'comma', 'between values '),
    ];
  }

  private complete(emit: (value: string) => void): boolean {
    const value = this.parts.join('');
    this.parts = [];
    this.size = 0;
    try {
      JSON.parse(value);
    } catch (error) {
      return this.fail(`not valid JSON (${(error as Error).message}); reading stopped there`);
    }
    this.values++;
    emit(value);
    return true;
  }
}
