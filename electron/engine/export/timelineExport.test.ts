import { parse as parseCsv } from 'csv-parse/sync';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requests, type RequestIn } from '../../../shared/contract.js';
import { useTempCase } from '../../../test/tempCase.js';
import type { CaseDb } from '../case/CaseDb.js';
import { eid, fixtureCase } from '../graph/fixtureCase.js';
import { exportTimeline } from './exportCase.js';
import { annotateEvent } from './exportFixture.js';

const c = useTempCase();
let db: CaseDb | undefined;
afterEach(() => db?.close());

/** Three events: one at a microsecond past ten, one an hour earlier that failed, one undated. */
async function threeEvents(annotated: boolean): Promise<CaseDb> {
  db = await fixtureCase([
    {
      name: 'late',
      time: '2024-01-01T10:00:00.000001Z',
      actor: 'aws:user:arn:aws:iam::111111111111:user/alice',
      credential: 'aws:key:AKIAALICE',
      target: 'aws:resource:arn:aws:s3:::bucket1',
      srcIp: '198.51.100.7',
      action: 'GetObject',
    },
    { name: 'undated', time: null, action: 'Describe' },
    { name: 'early', time: '2024-01-01T09:00:00Z', action: '-Delete', outcome: 'failure' },
  ]);
  if (annotated) {
    await annotateEvent(db, 'late', {
      tags: ['exfil', 'c2'],
      note: '=check',
      starred: true,
      seq: 1,
    });
    await annotateEvent(db, 'early', { tags: ['noise'], note: null, starred: false, seq: 2 });
  }
  return db;
}

async function run(d: CaseDb, request: Omit<RequestIn<'exportTimeline'>, 'out'>, name: string) {
  const out = join(c.dir, name);
  const summary = await exportTimeline(d, requests.exportTimeline.parse({ ...request, out }));
  return { summary, text: readFileSync(out, 'utf8') };
}

describe('timeline export', () => {
  it('writes CSV in time order, undated last, with annotations and formula-safe text', async () => {
    const d = await threeEvents(true);
    const { summary, text } = await run(d, { format: 'csv' }, 't.csv');
    const rows = parseCsv(text, { columns: true }) as Record<string, string>[];

    expect(summary.events).toBe(3);
    expect(rows.map((r) => r.event_id)).toEqual([eid('early'), eid('late'), eid('undated')]);
    expect(rows[0]).toMatchObject({ action: "'-Delete", outcome: 'failure', tags: 'noise' });
    expect(rows[1]).toMatchObject({
      time: '2024-01-01T10:00:00.000001Z',
      actor: 'aws:user:arn:aws:iam::111111111111:user/alice',
      src_ip: '198.51.100.7',
      tags: 'exfil,c2',
      note: "'=check",
      starred: 'true',
      evidence_path: 'trail.json',
    });
    expect(rows[2]).toMatchObject({ time: '', starred: 'false', tags: '' });
  });

  it('writes Timesketch JSONL with its required fields and leaves out undated events', async () => {
    const d = await threeEvents(true);
    const { summary, text } = await run(d, { format: 'timesketch-jsonl' }, 't.jsonl');
    const lines = text.trimEnd().split('\n');
    const late = JSON.parse(lines[1]!) as Record<string, unknown>;

    expect(summary).toMatchObject({ events: 2, skipped: 1 });
    expect(lines).toHaveLength(2);
    // 2024-01-01 is day 19723 after the epoch; ten hours and one microsecond later.
    expect(lines[1]).toContain('"timestamp":1704103200000001,');
    expect(late).toMatchObject({
      datetime: '2024-01-01T10:00:00.000001+00:00',
      timestamp_desc: 'Event Recorded',
      tag: ['exfil', 'c2'],
      note: '=check',
      starred: true,
      action: 'GetObject',
    });
    expect(late.message).toBe(
      'aws.cloudtrail GetObject by aws:user:arn:aws:iam::111111111111:user/alice on ' +
        'aws:resource:arn:aws:s3:::bucket1 (success)',
    );
  });

  it('writes Timesketch CSV whose header starts with the required columns', async () => {
    const d = await threeEvents(false);
    const { text } = await run(d, { format: 'timesketch-csv' }, 'ts.csv');
    expect(text.split('\n')[0]).toMatch(/^message,datetime,timestamp_desc,timestamp,event_id,/);
    const rows = parseCsv(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.timestamp)).toEqual(['1704099600000000', '1704103200000001']);
  });

  it('takes the timeline filter, starred and tags', async () => {
    const d = await threeEvents(true);
    const ids = async (filter: RequestIn<'exportTimeline'>['filter'], name: string) => {
      const { text } = await run(d, { format: 'jsonl', filter }, name);
      return text
        .trimEnd()
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { event_id: string }).event_id);
    };

    expect(await ids({ outcomes: ['failure'] }, 'a.jsonl')).toEqual([eid('early')]);
    expect(await ids({ starred: true }, 'b.jsonl')).toEqual([eid('late')]);
    expect(await ids({ tags: ['noise', 'c2'] }, 'c.jsonl')).toEqual([eid('early'), eid('late')]);
    expect(await ids({ tags: ['absent'] }, 'd.jsonl')).toEqual([]);
    expect(await ids({ text: 'alice', starred: true }, 'e.jsonl')).toEqual([eid('late')]);
  });

  it('selects nothing starred on a case without an annotations table', async () => {
    const d = await threeEvents(false);
    const { summary, text } = await run(d, { format: 'csv', filter: { starred: true } }, 's.csv');
    expect(summary.events).toBe(0);
    expect(text.trim().split('\n')).toHaveLength(1);
  });

  it('gives byte-identical files for the same case and options', async () => {
    const d = await threeEvents(true);
    for (const format of ['csv', 'jsonl', 'timesketch-csv', 'timesketch-jsonl'] as const) {
      const first = await run(d, { format }, `1.${format}`);
      const second = await run(d, { format }, `2.${format}`);
      expect(second.summary.sha256).toBe(first.summary.sha256);
      expect(second.text).toBe(first.text);
    }
  });

  it('refuses to write over the case file, a folder or through a symbolic link', async () => {
    const refused = (out: string) =>
      expect(
        exportTimeline(c.db, requests.exportTimeline.parse({ out, format: 'csv' })),
      ).rejects.toMatchObject({ code: 'export_failed' });
    await refused(c.db.path);
    await refused(c.dir);
    const link = join(c.dir, 'link.csv');
    symlinkSync(join(c.dir, 'elsewhere.csv'), link);
    await refused(link);
    expect(existsSync(join(c.dir, 'elsewhere.csv'))).toBe(false);
  });
});
