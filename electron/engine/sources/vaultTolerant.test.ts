import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseDb } from '../case/CaseDb.js';
import { ingest } from '../ingest/ingest.js';
import { salvageConcatenated } from '../ingest/salvage.js';
import type { FileHead } from './types.js';
import { vault } from './vault.js';

const fixtures = resolve(import.meta.dirname, '../../../test/fixtures/vault');

/**
 * hand-edited-login.json holds lines 5 and 6 of k8s-agent-runner.audit.log (the ledger-sync
 * login) pretty-printed with sorted keys, then edited by hand: a trailing comma in the first
 * entry's `request.namespace`, a comma after the first entry, and trailing commas after the last
 * policy of three of the four policy lists in the second.
 */
const handEdited = join(fixtures, 'hand-edited-login.json');
const ndjson = join(fixtures, 'k8s-agent-runner.audit.log');

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keytrail-vault-tolerant-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function head(text: string): FileHead {
  const bytes = Buffer.from(text);
  return { name: 'audit.log', bytes, text, gzip: false, complete: true, size: bytes.length };
}

describe('recognising Vault audit files', () => {
  it('tells one entry a line from entries spread over several lines, and arrays', () => {
    const line = readFileSync(ndjson, 'utf8').split('\n')[0]!;
    expect(vault.detect(head(`${line}\n${line}\n`))).toEqual({ layout: 'ndjson' });
    expect(vault.detect(head(readFileSync(handEdited, 'utf8')))).toEqual({
      layout: 'concatenated',
    });
    expect(vault.detect(head(`[${line},\n${line}]`))).toEqual({ layout: 'array' });
  });

  it('leaves other JSON logs alone', () => {
    const cloudtrail =
      '{"eventVersion":"1.08","eventSource":"s3.amazonaws.com","eventName":"GetObject"}';
    expect(vault.detect(head(cloudtrail))).toBeNull();
    expect(vault.detect(head('{"type":"request","request":{"method":"tools/call"}}'))).toBeNull();
  });
});

describe('the tolerant reader for values one after another', () => {
  async function lines(text: string | Buffer, gzip = false) {
    const file = join(dir, gzip ? 'in.json.gz' : 'in.json');
    writeFileSync(file, gzip ? gzipSync(text) : text);
    const read = await salvageConcatenated({ file, gzip }, dir);
    return { ...read, text: readFileSync(read.file, 'utf8') };
  }

  it('puts each value on a line of its own, keeping strings and numbers as written', async () => {
    const read = await lines('{\n  "a": "x  y\\" }",\n  "n": 1.50\n}\n  [1,\n 2]{"b":{}}');

    expect(read.text).toBe('{"a":"x  y\\" }","n":1.50}\n[1,2]\n{"b":{}}\n');
    expect(read).toMatchObject({ records: 3, rejected: 0, firstError: null, tolerated: [] });
  });

  it('drops and counts trailing commas and commas between values', async () => {
    const read = await lines('{"a": [1, 2, ], "b": {"c": 3,},},\n{"d": 4}');

    expect(read.text).toBe('{"a":[1,2],"b":{"c":3}}\n{"d":4}\n');
    expect(read.tolerated).toEqual(['3 trailing commas removed', '1 comma between values removed']);
  });

  it('stops at a value that does not parse and names it, keeping those before', async () => {
    const read = await lines('{"a": 1}\n{"b": [1,, 2]}\n{"c": 3}');

    expect(read.text).toBe('{"a":1}\n');
    expect(read.rejected).toBe(1);
    expect(read.firstError).toMatch(/^record 2: not valid JSON \(.*\); reading stopped there$/);
  });

  it('keeps strings and values whole across the chunks the file is read in', async () => {
    // The reader takes 1 MiB chunks of a plain file and about 16 KiB of a gzip stream: a string
    // of 1.2 million characters, and 300 pretty-printed entries gzipped, cross many boundaries.
    const long = { a: 'x'.repeat(1_200_000), b: [1, 2] };
    const plain = await lines(`${JSON.stringify(long, null, 2)}\n{"c": 3}`);
    expect(plain.text).toBe(`${JSON.stringify(long)}\n{"c":3}\n`);

    const entry = JSON.parse(readFileSync(ndjson, 'utf8').split('\n')[1]!) as object;
    const entries = Array.from({ length: 300 }, (_, i) => ({ ...entry, n: i }));
    const pretty = entries.map((e) => JSON.stringify(e, null, 2)).join('\n');
    const zipped = await lines(pretty, true);
    expect(zipped.text).toBe(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    expect(zipped).toMatchObject({ records: 300, rejected: 0, firstError: null });
  });

  it('names a value cut short at the end of the file, also in gzip', async () => {
    const read = await lines('{"a": 1}\n{"b": "open', true);

    expect(read.text).toBe('{"a":1}\n');
    expect(read.firstError).toBe('record 2: not valid JSON (the file ends inside it)');
  });
});

describe('a hand-edited Vault excerpt', () => {
  let db: CaseDb;

  beforeEach(async () => {
    db = await CaseDb.open(join(dir, 'case.keytrail.duckdb'), { create: true });
  });

  afterEach(() => db.close());

  it('is read whole and says on its evidence row how it was read', async () => {
    const summary = await ingest(db, [handEdited]);

    expect(summary.files[0]).toMatchObject({
      format: 'vault.audit',
      layout: 'concatenated',
      status: 'partial',
      // Two entries, one call.
      recordsRead: 1,
      recordsRejected: 0,
      firstError:
        'read tolerantly: 2 JSON objects written over several lines one after another, not one ' +
        'a line; 4 trailing commas removed; 1 comma between values removed',
    });
    // The same login as lines 5 and 6 of the one-a-line fixture, read as its response.
    const [login] = await db.all<Record<string, unknown>>(
      `SELECT category, actor, issued, target, call_id FROM events WHERE record_no = 2`,
    );
    expect(login).toEqual({
      category: 'credential_issue',
      actor: 'vault:entity:9d41a6e2-7b05-c3f8-2e19-84c6f0a3d752',
      issued:
        'vault:token:hmac-sha256:76d354e768c69bcebfad9d547f7ffd2aefa953ba433a45860c746a3f55719dfe',
      target: 'vault:role:kubernetes/payments-ledger',
      call_id: 'e8a1f0c3-29d7-4b65-a0e3-7c18b5d9f204',
    });
  });
});
