import { parse as parseCsv } from 'csv-parse/sync';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../test/corpus.js';
import { CaseDb } from '../engine/case/CaseDb.js';
import { quoteLiteral } from '../engine/case/sql.js';
import { findChromium } from '../engine/export/pdfReport.js';

const run = promisify(execFile);
const entry = join(import.meta.dirname, 'keytrail.ts');

async function keytrail(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', entry, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dir: string;
let casePath: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keytrail-export-'));
  casePath = join(dir, 'sample.keytrail.duckdb');
  const ingest = await keytrail('ingest', casePath, join(repoRoot, 'samples/cloudtrail'));
  expect(ingest.code).toBe(0);
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('keytrail export on the sample bundle', () => {
  it('writes each timeline format, and the same bytes twice', async () => {
    for (const format of ['csv', 'jsonl', 'timesketch', 'timesketch-jsonl']) {
      const out = join(dir, `1.${format}`);
      const done = await keytrail('export', casePath, '--format', format, '--out', out, '--json');
      expect(done.code).toBe(0);
      // EXPECTED.md: the bundle holds 323 records.
      expect((JSON.parse(done.stdout) as { events: number }).events).toBe(323);
    }
    const again = await keytrail(
      'export',
      casePath,
      '--format',
      'csv',
      '--out',
      join(dir, '2.csv'),
    );
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, '2.csv'))).toEqual(readFileSync(join(dir, '1.csv')));

    const header = readFileSync(join(dir, '1.timesketch'), 'utf8').split('\n')[0];
    expect(header?.split(',').slice(0, 4)).toEqual([
      'message',
      'datetime',
      'timestamp_desc',
      'timestamp',
    ]);
  }, 120_000);

  it('maps its filter options onto the timeline filter', async () => {
    const out = join(dir, 'denied.csv');
    const done = await keytrail(
      'export',
      casePath,
      '--format',
      'csv',
      '--out',
      out,
      '--outcome',
      'failure',
      '--filter',
      '{"sources":["aws.cloudtrail"]}',
    );
    expect(done.code).toBe(0);
    const rows = parseCsv(readFileSync(out), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.outcome === 'failure')).toBe(true);
    // EXPECTED.md, intrusion step 1: the leaked key's ListAttachedUserPolicies was denied.
    expect(
      rows.some((r) => r.action === 'ListAttachedUserPolicies' && r.error_code === 'AccessDenied'),
    ).toBe(true);

    const bad = await keytrail(
      'export',
      casePath,
      '--format',
      'csv',
      '--out',
      out,
      '--filter',
      '{',
    );
    expect(bad.code).toBe(2);
  }, 60_000);

  it('writes Parquet that DuckDB reads back with the same count, and HTML and STIX', async () => {
    const pq = join(dir, 'pq');
    expect((await keytrail('export', casePath, '--format', 'parquet', '--out', pq)).code).toBe(0);
    const db = await CaseDb.open(casePath);
    try {
      const row = await db.one<{ n: string }>(
        `SELECT count(*) AS n FROM read_parquet(${quoteLiteral(join(pq, 'events/**/*.parquet'))},
          hive_partitioning = true)`,
      );
      expect(Number(row?.n)).toBe(323);
    } finally {
      db.close();
    }

    const html = join(dir, 'r.html');
    const report = await keytrail(
      'export',
      casePath,
      '--format',
      'html',
      '--out',
      html,
      '--paths-from',
      'aws:key:AKIAZCK6VPQOP7DEWCNU',
    );
    expect(report.code).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('AKIAZCK6VPQOP7DEWCNU');

    const stix = join(dir, 'b.json');
    expect((await keytrail('export', casePath, '--format', 'stix', '--out', stix)).code).toBe(0);
    const bundle = JSON.parse(readFileSync(stix, 'utf8')) as { objects: { type: string }[] };
    expect(bundle.objects.some((o) => o.type === 'relationship')).toBe(true);
  }, 90_000);

  it.skipIf(!findChromium())(
    'prints the report to PDF through Chromium, the same bytes twice',
    async () => {
      const pdf = join(dir, 'r.pdf');
      const again = join(dir, 'r2.pdf');
      expect((await keytrail('export', casePath, '--format', 'pdf', '--out', pdf)).code).toBe(0);
      expect((await keytrail('export', casePath, '--format', 'pdf', '--out', again)).code).toBe(0);
      expect(existsSync(pdf)).toBe(true);
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
      expect(readFileSync(again)).toEqual(readFileSync(pdf));
    },
    120_000,
  );
});
