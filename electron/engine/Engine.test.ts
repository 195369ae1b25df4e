import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Progress } from '../../shared/model.js';
import { cloudtrailFixtures, corpusRoot } from '../../test/corpus.js';
import { dispatch } from './dispatch.js';
import { CaseDb } from './case/CaseDb.js';
import { Engine } from './Engine.js';

// The OTRF "EC2 proxy S3 exfiltration" trail (MIT, see corpus/PROVENANCE.md). Facts below were
// read from the file by hand: AssumeRole at 2020-09-14T00:48:30Z (eventID a3a3dded-...), called
// by the AWSService ec2.amazonaws.com, returned ASIA5FLZVX4OPVKKVBMX; that key then made 11
// calls (GetObject, ListBuckets, ListObjects), all from 1.2.3.4, on mordors3stack-s3bucket-llp2yingx64a.
const corpusDir = join(corpusRoot, 'aws-cloudtrail');
const otrf = join(cloudtrailFixtures, 'otrf_ec2_proxy_s3_exfiltration_2020-09-14011940.json');
const key = 'aws:key:ASIA5FLZVX4OPVKKVBMX';
const bucket = 'aws:resource:arn:aws:s3:::mordors3stack-s3bucket-llp2yingx64a';

let dir: string;
let engine: Engine;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keytrail-engine-'));
  engine = new Engine();
});

afterEach(async () => {
  engine.close();
  await rm(dir, { recursive: true, force: true });
});

describe('Engine', () => {
  it('refuses queries before a case is open', async () => {
    expect(await dispatch(engine, 'inventory', {})).toMatchObject({
      ok: false,
      error: { code: 'no_case_open' },
    });
    expect(await dispatch(engine, 'caseInfo', {})).toEqual({ ok: true, value: null });
  });

  it('creates an empty case and reports its counts', async () => {
    const path = join(dir, 'new.keytrail.duckdb');
    const result = await dispatch(engine, 'openCase', { path });
    expect(result).toMatchObject({
      ok: true,
      value: { path, schemaVersion: 5, eventCount: 0, nodeCount: 0, linkCount: 0 },
    });
    if (result.ok) expect(result.value.settings.clockSkewSeconds).toBe(300);
  });

  it('opens a case whose findings cannot be rebuilt, saying so, with the findings it had', async () => {
    const path = join(dir, 'stale.keytrail.duckdb');
    const db = await CaseDb.open(path, { create: true });
    // Findings from other rules, and a table the rebuild cannot write: the rebuild must fail.
    await db.run(`INSERT OR REPLACE INTO meta VALUES ('findings_rules', 'older-rules#1')`);
    await db.run(`ALTER TABLE findings RENAME TO findings_kept`);
    await db.run(`CREATE VIEW findings AS SELECT * FROM findings_kept`);
    db.close();

    const result = await dispatch(engine, 'openCase', { path });
    expect(result).toMatchObject({ ok: true, value: { path } });
    if (result.ok) {
      expect(result.value.findingsProblem).toMatch(
        /^Failed to bring the findings up to date with the current rules: .+; the findings listed came from earlier rules$/,
      );
    }
    const info = await dispatch(engine, 'caseInfo', {});
    expect(info).toMatchObject({ ok: true, value: { path } });
  });

  it('keeps the open case when another case fails to open', async () => {
    const path = join(dir, 'kept.keytrail.duckdb');
    await dispatch(engine, 'openCase', { path });

    const missing = join(dir, 'no-such-folder', 'x.keytrail.duckdb');
    const failed = await dispatch(engine, 'openCase', { path: missing });
    const info = await dispatch(engine, 'caseInfo', {});

    expect(failed).toMatchObject({ ok: false, error: { code: 'case_open_failed' } });
    if (!failed.ok) expect(failed.error.message).toContain('does not exist');
    expect(info).toMatchObject({ ok: true, value: { path } });
  });
});

describe('Engine on the OTRF CloudTrail file', () => {
  async function loaded(): Promise<Progress[]> {
    const seen: Progress[] = [];
    engine.onProgress((p) => seen.push(p));
    await engine.openCase({ path: join(dir, 'otrf.keytrail.duckdb'), create: true });
    await engine.addEvidence({ paths: [otrf] });
    return seen;
  }

  it('finds the issuing AssumeRole, the 11 uses from 1.2.3.4 and the bucket from the key', async () => {
    const progress = await loaded();
    expect(progress.some((p) => p.task === 'ingest')).toBe(true);
    expect(progress.at(-1)).toMatchObject({ task: 'links', phase: 'done' });

    const graph = await engine.paths({
      from: key,
      direction: 'both',
      exactOnly: false,
      maxDepth: 12,
      maxNodes: 2000,
      evidenceLimit: 1000,
    });
    const issued = graph.links.find(
      (l) => l.kind === 'issued' && l.to === key && l.from === 'aws:service:ec2.amazonaws.com',
    );
    expect(issued?.evidence).toHaveLength(1);
    const call = await engine.event({ eventId: issued?.evidence[0] as string });
    expect(JSON.parse(call.raw)).toMatchObject({
      eventName: 'AssumeRole',
      eventID: 'a3a3dded-7c27-42c0-a42d-891cdd436278',
    });
    expect(call.time).toBe('2020-09-14T00:48:30.000000Z');

    const address = graph.links.find((l) => l.from === key && l.to === 'ip:1.2.3.4');
    expect(address).toMatchObject({ kind: 'from_address', count: 11, evidence_count: 11 });
    expect(address?.first_time).toBe('2020-09-14T01:00:04.000000Z');
    expect(address?.last_time).toBe('2020-09-14T01:13:20.000000Z');

    expect(graph.links.some((l) => l.from === key && l.to === bucket)).toBe(true);
  });

  it('gives the timeline of a link as its evidence, oldest first', async () => {
    await loaded();
    const graph = await engine.paths({
      from: key,
      direction: 'forward',
      exactOnly: false,
      maxDepth: 1,
      maxNodes: 2000,
      evidenceLimit: 1000,
    });
    const address = graph.links.find((l) => l.to === 'ip:1.2.3.4');

    const page = await engine.timeline({
      linkIds: [address?.id as string],
      offset: 0,
      limit: 500,
      count: true,
    });
    expect(page.total).toBe(11);
    expect(new Set(page.rows.map((r) => r.srcIp))).toEqual(new Set(['1.2.3.4']));
    expect(new Set(page.rows.map((r) => r.action))).toEqual(
      new Set(['GetObject', 'ListBuckets', 'ListObjects']),
    );
    expect(page.rows.map((r) => r.eventId)).toEqual(address?.evidence);
  });

  it('refuses other work with busy while evidence is being added', async () => {
    await engine.openCase({ path: join(dir, 'busy.keytrail.duckdb'), create: true });
    const adding = engine.addEvidence({ paths: [otrf] });

    expect(await dispatch(engine, 'inventory', {})).toMatchObject({
      ok: false,
      error: { code: 'busy' },
    });
    await adding;
    expect(await dispatch(engine, 'inventory', {})).toMatchObject({ ok: true });
  });
});

// Needs the whole CloudTrail corpus beside the repository (../shared/corpus: some of its files may
// not be copied into the fixtures); skipped where it is absent.
describe.skipIf(!existsSync(corpusDir))('graph invariant on the whole CloudTrail corpus', () => {
  it('makes every record made with a credential evidence of a link leaving it', async () => {
    const path = join(dir, 'corpus.keytrail.duckdb');
    await engine.openCase({ path, create: true });
    await engine.addEvidence({ paths: [corpusDir] });
    engine.close();

    const { CaseDb } = await import('./case/CaseDb.js');
    const db = await CaseDb.open(path);
    try {
      const used = await db.one<{ n: string }>(
        `SELECT count(*) AS n FROM events WHERE credential IS NOT NULL`,
      );
      expect(Number(used?.n)).toBeGreaterThan(0);
      const orphans = await db.all(
        `SELECT e.event_id FROM events e WHERE e.credential IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM link_evidence le JOIN links l USING (link_id)
          WHERE le.event_id = e.event_id AND l.from_id = e.credential)`,
      );
      expect(orphans).toEqual([]);
    } finally {
      db.close();
    }
  });
});
