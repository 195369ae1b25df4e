import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseDb } from '../electron/engine/case/CaseDb.js';
import { rebuildGraph } from '../electron/engine/graph/rebuildGraph.js';
import { ingest } from '../electron/engine/ingest/ingest.js';
import { bundleDir } from './generate.js';
import { reachable } from './reachable.js';

/**
 * The sample bundle against the links written down by hand in samples/cloudtrail/: ingest it
 * into a fresh case and look for each one. Evidence is compared through the records' own
 * CloudTrail eventIDs, which the expectations name.
 */

interface ExpectedLink {
  hop: string;
  from: string;
  to: string;
  kind: string;
  proof: 'exact';
  evidenceEventIds: string[];
  count: number;
  evidenceIsComplete?: boolean;
}

interface LinkRow {
  proof: string;
  call_count: string;
  evidence: string[];
}

const expected = JSON.parse(
  readFileSync(join(bundleDir, 'expected-links.json'), 'utf8'),
) as ExpectedLink[];

const prodSession = (role: string, session: string): string =>
  `aws:session:arn:aws:sts::111111111111:assumed-role/${role}/${session}`;

/** The routine identities of EXPECTED.md ("The noise"). */
const noise = [
  prodSession('inventory-collector-role', 'inventory-collector'),
  prodSession('AWSServiceRoleForConfig', 'AWSConfig-Describe'),
  'aws:user:arn:aws:iam::111111111111:user/maria.santos',
  'aws:service:cloudtrail.amazonaws.com',
  'aws:service:lambda.amazonaws.com',
  'aws:service:config.amazonaws.com',
  'aws:service:glue.amazonaws.com',
  'aws:session:arn:aws:sts::222222222222:assumed-role/etl-runner/GlueJobRunnerSession',
  'aws:session:arn:aws:sts::222222222222:assumed-role/exports-writer-role/exports-writer',
];

/** Credentials and identities of the intrusion and of the workload, which noise never reaches. */
const story = [
  'aws:key:AKIAZCK6VPQOP7DEWCNU',
  'aws:key:ASIAUNPNQAPNHOEPHP3K',
  'aws:key:ASIARQPEVQHQBI4SFJ2Z',
  'aws:key:AKIA5EWMGEAXVOBR2473',
  'aws:key:ASIAHV3YULQCXH4UKHVV',
  'aws:key:ASIAK7AWH2UNXEHKBXBW',
  'aws:user:arn:aws:iam::111111111111:user/svc-backup',
  prodSession('deploy-role', 'botocore-session-1730843525'),
  'aws:session:arn:aws:sts::222222222222:assumed-role/data-reader/botocore-session-1730843748',
  'ip:203.0.113.77',
  'ip:198.51.100.23',
];

describe('the sample bundle in Keytrail', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keytrail-expected-'));
  let db: CaseDb;
  let edges: Map<string, string[]>;

  beforeAll(async () => {
    db = await CaseDb.open(join(dir, 'sample.keytrail.duckdb'), { create: true });
    await ingest(db, [bundleDir]);
    await rebuildGraph(db);
    const rows = await db.all<{ from_id: string; to_id: string }>(
      'SELECT from_id, to_id FROM links',
    );
    edges = new Map();
    for (const row of rows) edges.set(row.from_id, [...(edges.get(row.from_id) ?? []), row.to_id]);
  });

  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the ten log files, all 323 records, and skips the digest file', async () => {
    const files = await db.all<{ path: string; status: string; records_read: string }>(
      'SELECT path, status, records_read FROM evidence ORDER BY path',
    );
    const logs = files.filter((f) => /\/CloudTrail\/.*\.json(\.gz)?$/.test(f.path));
    const digests = files.filter((f) => f.path.includes('/CloudTrail-Digest/'));

    expect(logs).toHaveLength(10);
    expect(logs.every((f) => f.status === 'loaded')).toBe(true);
    expect(logs.reduce((sum, f) => sum + Number(f.records_read), 0)).toBe(323);
    expect(digests.map((f) => f.status)).toEqual(['skipped']);
    const notes = files.filter((f) => /EXPECTED\.md|expected-links\.json/.test(f.path));
    expect(notes.every((f) => f.status !== 'loaded')).toBe(true);
  });

  it.each(expected.map((link) => [`${link.hop} (${link.kind})`, link] as const))(
    'draws the link: %s',
    async (_name, link) => {
      const row = await db.one<LinkRow>(
        `SELECT l.proof, l.call_count,
           list(e.raw->>'$.eventID' ORDER BY e.raw->>'$.eventID') AS evidence
         FROM links l
         JOIN link_evidence le ON le.link_id = l.link_id
         JOIN events e ON e.event_id = le.event_id
         WHERE l.from_id = $from AND l.to_id = $to AND l.kind = $kind
         GROUP BY ALL`,
        { from: link.from, to: link.to, kind: link.kind },
      );

      expect(row, `${link.from} -${link.kind}-> ${link.to}`).toBeDefined();
      expect(row?.proof).toBe(link.proof);
      if (link.evidenceIsComplete === false) {
        expect(row?.evidence).toEqual(expect.arrayContaining(link.evidenceEventIds));
        expect(Number(row?.call_count)).toBeGreaterThanOrEqual(link.count);
      } else {
        expect(row?.evidence).toEqual([...link.evidenceEventIds].sort());
        expect(Number(row?.call_count)).toBe(link.count);
      }
    },
  );

  it('reaches none of the routine identities from the leaked key', () => {
    const chain = reachable('aws:key:AKIAZCK6VPQOP7DEWCNU', edges);

    expect(chain.has('aws:resource:arn:aws:s3:::acme-prod-backups/db/prod-2024-11-04.sql.gz')).toBe(
      true,
    );
    expect(noise.filter((node) => chain.has(node))).toEqual([]);
  });

  it('reaches no credential of the intrusion or the workload from a routine identity', () => {
    for (const start of noise) {
      const from = reachable(start, edges);
      expect(
        story.filter((node) => from.has(node)),
        start,
      ).toEqual([]);
    }
  });
});
