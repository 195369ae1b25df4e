import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudtrailFixtures } from '../../test/corpus.js';

const run = promisify(execFile);
const entry = join(import.meta.dirname, 'keytrail.ts');
// The OTRF trail (MIT), copied from the corpus into the fixtures with its NOTICE.
const otrf = join(cloudtrailFixtures, 'otrf_ec2_proxy_s3_exfiltration_2020-09-14011940.json');

/** Run the CLI from source; resolves with the exit code instead of throwing on failure. */
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
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keytrail-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('keytrail CLI', () => {
  it('lists its exit codes in --help', async () => {
    const help = await keytrail('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes:[\s\S]*3 {2}ingest finished/);
  });

  it('exits 2 on a usage error and on a case path with the wrong ending', async () => {
    expect((await keytrail('paths', join(dir, 'x.keytrail.duckdb'))).code).toBe(2);
    const wrong = await keytrail('inventory', join(dir, 'case.db'));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('keytrail: case path must end in .keytrail.duckdb');
  });

  it('exits 4 when the case does not exist', async () => {
    const missing = await keytrail('inventory', join(dir, 'missing.keytrail.duckdb'));
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/^keytrail: Failed to open case .*: no such file/);
  });

  it('exits 3 when ingest rejected records, and 4 when the evidence is missing', async () => {
    const record = {
      eventVersion: '1.08',
      eventTime: '2024-01-01T10:00:00Z',
      eventSource: 's3.amazonaws.com',
      eventName: 'ListBuckets',
      eventID: '11111111-2222-3333-4444-555555555555',
      awsRegion: 'us-east-1',
      sourceIPAddress: '10.0.0.1',
      userIdentity: {
        type: 'IAMUser',
        arn: 'arn:aws:iam::111111111111:user/alice',
        accountId: '111111111111',
        accessKeyId: 'AKIAEXAMPLE1',
      },
      recipientAccountId: '111111111111',
    };
    const file = join(dir, 'half.json');
    await writeFile(file, `${JSON.stringify(record)}\n{"eventVersion": "1.08", "broken\n`);
    const casePath = join(dir, 'half.keytrail.duckdb');

    const partial = await keytrail('ingest', casePath, file);
    expect(partial.code).toBe(3);
    expect(partial.stdout).toContain('1 record rejected, 0 files failed');

    const missing = await keytrail('ingest', casePath, join(dir, 'nothing.json'));
    expect(missing.code).toBe(4);

    const neverMade = join(dir, 'never.keytrail.duckdb');
    const mistyped = await keytrail('ingest', neverMade, join(dir, 'nothing.json'));
    expect(mistyped.code).toBe(4);
    expect(existsSync(neverMade)).toBe(false);
  });

  it('names the log file a digest lists that the bundle lacks, and says so once it is there', async () => {
    // The sample's one digest lists one log file of 5 November (logFiles[0].s3Object, by hand).
    const trail = join(import.meta.dirname, '../../samples/cloudtrail/AWSLogs/111111111111');
    const listed = '111111111111_CloudTrail_us-east-1_20241105T2250Z_TgBjl44BYUUxtYsp.json.gz';
    const casePath = join(dir, 'digest.keytrail.duckdb');

    const alone = await keytrail('ingest', casePath, join(trail, 'CloudTrail-Digest'));
    expect(alone.stdout).toContain('CloudTrail digests list 1 log file; the case lacks 1 of them');
    expect(alone.stdout).toContain(listed);

    const whole = await keytrail(
      'ingest',
      casePath,
      join(trail, 'CloudTrail/us-east-1/2024/11/05'),
    );
    expect(whole.stdout).toContain('CloudTrail digests list 1 log file; the case holds every one.');
  });

  it('ingests a trail and prints the key paths as JSON', async () => {
    const casePath = join(dir, 'c.keytrail.duckdb');
    const ingest = await keytrail('ingest', casePath, otrf);
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toContain('Added 103 events from 1 file in');

    const paths = await keytrail(
      'paths',
      casePath,
      '--from',
      'aws:key:ASIA5FLZVX4OPVKKVBMX',
      '--json',
    );
    expect(paths.code).toBe(0);
    const graph = JSON.parse(paths.stdout) as {
      nodes: { id: string; kind: string; label: string }[];
      links: Record<string, unknown>[];
    };
    expect(graph.nodes).toContainEqual({ id: 'ip:1.2.3.4', kind: 'ip', label: '1.2.3.4' });
    const issued = graph.links.find((l) => l.kind === 'issued');
    expect(issued).toMatchObject({
      from: 'aws:service:ec2.amazonaws.com',
      to: 'aws:key:ASIA5FLZVX4OPVKKVBMX',
      proof: 'exact',
      first_time: '2020-09-14T00:48:30.000000Z',
    });
    for (const field of [
      'from',
      'to',
      'kind',
      'proof',
      'reason',
      'evidence',
      'first_time',
      'last_time',
    ]) {
      expect(issued).toHaveProperty(field);
    }

    const unknown = await keytrail('paths', casePath, '--from', 'aws:key:NOPE');
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain('That identity, credential or resource is not in this case.');
  });
  it('prints the reconciliation of a stolen instance key in the inventory', async () => {
    const casePath = join(dir, 'r.keytrail.duckdb');
    expect((await keytrail('ingest', casePath, otrf)).code).toBe(0);

    // Hand-checked in the trail: EC2 issued the key at 00:48:30; its 11 calls ran from 01:00:04
    // to 01:13:20, so 694 s to the first use and 1490 s of work, 11 / (1490 / 60) a minute.
    const json = await keytrail('inventory', casePath, '--json');
    const rows = JSON.parse(json.stdout) as { id: string; reconciliation: unknown }[];
    expect(rows.find((r) => r.id === 'aws:key:ASIA5FLZVX4OPVKKVBMX')?.reconciliation).toEqual({
      basis: 'own',
      origin: 'issued',
      issuedAt: '2020-09-14T00:48:30.000000Z',
      firstUsedAt: '2020-09-14T01:00:04.000000Z',
      neverUsed: false,
      secondsToFirstUse: 694,
      workSeconds: 1490,
      actionsPerMinute: 0.44,
      withinReviewWindow: false,
      secretReads: [],
    });

    const text = await keytrail('inventory', casePath);
    expect(text.stdout).toContain(
      'aws:key:ASIA5FLZVX4OPVKKVBMX worked 25 minutes after getting the key, past the 15 minutes review window (11 calls, 0.44 a minute)',
    );
  });

  it('lists findings as a table and as JSON, narrowed by rule', async () => {
    const casePath = join(dir, 'f.keytrail.duckdb');
    expect((await keytrail('ingest', casePath, otrf)).code).toBe(0);

    const text = await keytrail('findings', casePath);
    expect(text.code).toBe(0);
    // The trail's one finding: the console key's agent changed (see runFindings.test.ts).
    expect(text.stdout).toMatch(/^LOW +credential-new-address +T1078\.004 /m);
    expect(text.stdout).toContain('   path: aws:key:ASIA5FLZVX4OI4ZDQJOL\n');
    expect(text.stdout).toContain('\n1 finding.\n');

    const json = await keytrail('findings', casePath, '--json', '--rule', 'role-chain');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([]);

    // A misspelt rule is an error that names the rules, not an empty list.
    const wrong = await keytrail('findings', casePath, '--rule', 'role-chains');
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toContain('no rule role-chains');
    expect(wrong.stderr).toContain('role-chain, credential-new-address');
  });

  it('prints only the paths between two nodes with --to and --exact-only', async () => {
    const casePath = join(dir, 'between.keytrail.duckdb');
    expect((await keytrail('ingest', casePath, otrf)).code).toBe(0);

    // The trail's AssumeRole by ec2.amazonaws.com issued ASIA5FLZVX4OPVKKVBMX, which then listed
    // and read the bucket mordors3stack-s3bucket-llp2yingx64a.
    const bucket = 'aws:resource:arn:aws:s3:::mordors3stack-s3bucket-llp2yingx64a';
    const from = 'aws:service:ec2.amazonaws.com';
    const paths = await keytrail('paths', casePath, '--from', from, '--to', bucket, '--exact-only');
    expect(paths.code).toBe(0);
    expect(paths.stdout).toContain(`Paths from ${from} to ${bucket} (forward, exact links only)`);

    const json = await keytrail('paths', casePath, '--from', from, '--to', bucket, '--json');
    const graph = JSON.parse(json.stdout) as {
      links: { from: string; kind: string; to: string }[];
    };
    expect(graph.links.map((l) => `${l.from} ${l.kind} ${l.to}`).sort()).toEqual(
      [
        `${from} issued aws:key:ASIA5FLZVX4OPVKKVBMX`,
        `aws:key:ASIA5FLZVX4OPVKKVBMX accessed ${bucket}`,
      ].sort(),
    );
  });
});
