import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseDb } from '../case/CaseDb.js';
import { useTempCase } from '../../../test/tempCase.js';
import { KeytrailError } from '../KeytrailError.js';
import { listEvidence } from './evidenceList.js';
import { ingest } from './ingest.js';
import { eventDetail } from '../queries/eventDetail.js';
import { readFileSync } from 'node:fs';

const fixtures = resolve(import.meta.dirname, '../../../test/fixtures');
const bad = join(fixtures, 'bad');
const made = join(fixtures, 'made');
const deleteTrail = join(
  fixtures,
  'cloudtrail/stratus-red-team/aws.defense-evasion.cloudtrail-delete.json',
);
const passwordData = join(
  fixtures,
  'cloudtrail/stratus-red-team/aws.credential-access.ec2-get-password-data.json',
);

const temp = useTempCase();

const count = async (sql: string) => Number((await temp.db.one<{ n: string }>(sql))?.n);

describe('bad input', () => {
  it('names each problem on its file and loads the good records around it', async () => {
    const summary = await ingest(temp.db, [bad]);

    const byPath = Object.fromEntries(summary.files.map((f) => [f.path, f]));
    expect(byPath['empty.json']).toMatchObject({
      status: 'failed',
      firstError: 'empty file (0 bytes)',
    });
    expect(byPath['not-json.json']).toMatchObject({ status: 'failed', recordsRead: 0 });
    expect(byPath['not-json.json']?.firstError).toMatch(/^record 1: not valid JSON/);
    expect(byPath['invalid-utf8.jsonl']).toMatchObject({
      status: 'partial',
      recordsRead: 2,
      recordsRejected: 1,
      firstError: 'record 2: invalid UTF-8',
    });
    expect(byPath['not-object.json']).toMatchObject({
      status: 'partial',
      recordsRead: 3,
      recordsRejected: 1,
      firstError: 'record 3: not a JSON object',
    });
    expect(byPath['empty-records.json']).toMatchObject({ status: 'skipped', recordsRead: 0 });
    expect(byPath['empty-records.json']?.skipReason).toMatch(/no records/);

    // Half of the gzip stream of a 34-record file: some records come through, then it stops.
    const truncated = byPath['truncated.json.gz'];
    expect(truncated?.status).toBe('partial');
    expect(truncated?.recordsRead).toBeGreaterThan(0);
    expect(truncated?.recordsRead).toBeLessThan(34);
    expect(truncated?.firstError).toMatch(/^record \d+: gzip stream cut short/);
  });

  it('refuses an archive member whose path climbs out of the extraction folder', async () => {
    const summary = await ingest(temp.db, [join(bad, 'escape.zip'), join(bad, 'escape.tar.gz')]);

    const byPath = Object.fromEntries(summary.files.map((f) => [f.path, f]));
    expect(byPath['escape.zip/../escaped.json']?.status).toBe('failed');
    expect(byPath['escape.zip/../escaped.json']?.firstError).toMatch(/escapes the archive/);
    expect(byPath['escape.tar.gz/../../escaped.json']?.status).toBe('failed');
    expect(byPath['escape.zip/logs/cloudtrail-delete.json']?.status).toBe('loaded');
    expect(existsSync(join(temp.dir, 'escaped.json'))).toBe(false);
    expect(existsSync(resolve(temp.dir, '..', 'escaped.json'))).toBe(false);
  });

  it('keeps the events already in the case when a later file fails', async () => {
    await ingest(temp.db, [passwordData]);

    await ingest(temp.db, [join(bad, 'not-json.json'), join(bad, 'empty.json')]);

    expect(await count(`SELECT count(*) AS n FROM events`)).toBe(34);
  });
});

describe('intake', () => {
  it('lists a digest file, a README and the OTRF honeybucket CSV as skipped, with no events', async () => {
    const summary = await ingest(temp.db, [
      made,
      join(fixtures, 'cloudtrail/otrf_AWS_S3_HoneyBucketLogs.csv'),
    ]);

    expect(summary.files.map((f) => [f.path, f.status])).toEqual([
      ['111122223333_CloudTrail-Digest_us-east-1_example_20240730T210000Z.json.gz', 'skipped'],
      ['README.md', 'skipped'],
      ['otrf_AWS_S3_HoneyBucketLogs.csv', 'skipped'],
    ]);
    expect(summary.files[0]?.skipReason).toMatch(/digest/);
    expect(summary.files.every((f) => f.firstError === null)).toBe(true);
    expect(await count(`SELECT count(*) AS n FROM events`)).toBe(0);
  });

  it('marks content added twice as a duplicate and adds no events for it', async () => {
    const copy = join(temp.dir, 'copy-of-delete.json');
    copyFileSync(deleteTrail, copy);
    await ingest(temp.db, [deleteTrail]);

    const again = await ingest(temp.db, [deleteTrail, copy]);

    expect(again.files.map((f) => f.status)).toEqual(['duplicate', 'duplicate']);
    expect(again.eventsAdded).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM events`)).toBe(1);
    expect((await listEvidence(temp.db)).map((f) => f.status).sort()).toEqual([
      'duplicate',
      'loaded',
    ]);
  });

  it('stores a record found again in a later, overlapping export once, and names both places', async () => {
    // The Stratus file holds 34 records; the later export repeats records 2 and 3, laid out one
    // a line with different spacing, and adds one record of its own.
    const records = JSON.parse(readFileSync(passwordData, 'utf8')) as Record<string, unknown>[];
    const own = { ...records[0], eventID: 'a-record-of-its-own' };
    const later = join(temp.dir, 'later-export.jsonl');
    writeFileSync(
      later,
      [records[1], records[2], own]
        .map((r) => JSON.stringify(r, null, 1).replace(/\n/g, ' '))
        .join('\n'),
    );

    const first = await ingest(temp.db, [passwordData]);
    const second = await ingest(temp.db, [later]);

    expect(second.files[0]).toMatchObject({
      recordsRead: 3,
      recordsDuplicate: 2,
      status: 'loaded',
    });
    expect(second.eventsAdded).toBe(1);
    expect(await count('SELECT count(*) AS n FROM events')).toBe(35);

    const kept = await temp.db.one<{ event_id: string }>(
      `SELECT event_id FROM events WHERE evidence_id = $e AND record_no = 2`,
      { e: first.files[0]!.evidenceId },
    );
    const detail = await eventDetail(temp.db, { eventId: kept!.event_id });
    expect(detail.copies).toEqual([
      { evidenceId: second.files[0]!.evidenceId, evidencePath: 'later-export.jsonl', recordNo: 1 },
    ]);
  });

  it('hashes each file with SHA-256 and derives stable ids from it', async () => {
    const summary = await ingest(temp.db, [deleteTrail]);

    // sha256sum test/fixtures/cloudtrail/stratus-red-team/aws.defense-evasion.cloudtrail-delete.json
    const file = summary.files[0];
    expect(file?.sha256).toBe(SHA_DELETE);
    expect(file?.evidenceId).toMatch(/^[0-9a-f]{32}$/);
    const event = await temp.db.one<{ event_id: string }>(`SELECT event_id FROM events`);
    expect(event?.event_id).toMatch(/^[0-9a-f]{32}$/);

    const other = await CaseDb.open(join(temp.dir, 'other.keytrail.duckdb'), { create: true });
    await ingest(other, [deleteTrail]);
    const again = await other.one<{ event_id: string }>(`SELECT event_id FROM events`);
    other.close();
    expect(again?.event_id).toBe(event?.event_id);
  });

  it('throws evidence_not_found for a path that does not exist', async () => {
    const missing = join(temp.dir, 'no-such-bundle.zip');

    await expect(ingest(temp.db, [missing])).rejects.toSatisfy(
      (error) => error instanceof KeytrailError && error.code === 'evidence_not_found',
    );
  });

  it('removes its temporary folder and never writes beside the evidence', async () => {
    writeFileSync(join(temp.dir, 'marker'), '');
    await ingest(temp.db, [join(bad, 'escape.zip')]);

    const left = readdirSync(temp.dir).filter((name) => !name.endsWith('.wal'));
    expect(left.sort()).toEqual(['case.keytrail.duckdb', 'marker']);
    expect(readdirSync(bad).sort()).toEqual([
      'empty-records.json',
      'empty.json',
      'escape.tar.gz',
      'escape.zip',
      'invalid-utf8.jsonl',
      'not-json.json',
      'not-object.json',
      'truncated.json.gz',
    ]);
  });
});

const SHA_DELETE = 'dad4efb68dd1e14c2a3562218a2b45d82f0490fc58a7bfc94ab05c80ce574245';

describe('the folders beside the case', () => {
  it("leaves DuckDB's spill folder in place, so a query after the ingest can still spill", async () => {
    // DuckDB spills to CASE.tmp, creating it once; an ingest must not take it away.
    const spill = `${temp.db.path}.tmp`;
    mkdirSync(spill, { recursive: true });
    await ingest(temp.db, [join(fixtures, 'cloudtrail')]);
    expect(existsSync(spill)).toBe(true);
    expect(existsSync(`${temp.db.path}.unpack`)).toBe(false);
  });
});
