import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rebuildGraph } from '../electron/engine/graph/rebuildGraph.js';
import { ingest } from '../electron/engine/ingest/ingest.js';
import { useTempCase } from '../test/tempCase.js';
import { multiSourceDir } from './generate.js';
import { reachable } from './reachable.js';

/**
 * The multi-source bundle against what samples/multi-source/EXPECTED.md and expected-links.json
 * say by hand: every file loads with its record count, every exact link is drawn with the records
 * that prove it, and the routine identities stay off the intrusion's exact links. Evidence is
 * compared through each record's own id: CloudTrail `eventID`, Vault `request.id`, Kubernetes
 * `auditID`, OTLP `spanId`, and `<file>:<line>` for a flow log line.
 */

interface ExpectedLink {
  hop: string;
  source: string;
  from: string;
  to: string;
  kind: string;
  proof: 'exact';
  evidenceEventIds: string[];
  count: number;
}

const expected = JSON.parse(
  readFileSync(join(multiSourceDir, 'expected-links.json'), 'utf8'),
) as ExpectedLink[];

/** The record counts of EXPECTED.md ("The files"): a Vault call is its request and response. */
const files: [string, string, number][] = [
  ['otel/ops-copilot-traces.jsonl', 'otel.span', 20],
  ['vault/audit.log', 'vault.audit', 7],
  ['k8s/audit.jsonl', 'k8s.audit', 12],
  ['vpcflow/eni-0a1b2c3d4e5f60718.log', 'aws.vpcflow', 24],
  [
    '111111111111_CloudTrail_us-east-1_20241112T1015Z_FnyAQva6rjAigt1P.json.gz',
    'aws.cloudtrail',
    5,
  ],
  [
    '111111111111_CloudTrail_us-east-1_20241112T1510Z_xjjVhHxYjjDjBcY7.json.gz',
    'aws.cloudtrail',
    6,
  ],
  [
    '222222222222_CloudTrail_us-east-1_20241112T0115Z_GaOBxr6eQ1qlppnn.json.gz',
    'aws.cloudtrail',
    3,
  ],
  [
    '222222222222_CloudTrail_us-east-1_20241112T1530Z_erE6NsAlpURvq9Dm.json.gz',
    'aws.cloudtrail',
    5,
  ],
  [
    '222222222222_CloudTrail_us-east-1_20241113T0350Z_bSBrjtmOebjALf8Y.json.gz',
    'aws.cloudtrail',
    6,
  ],
];

const recordId = `CASE e.source
    WHEN 'aws.cloudtrail' THEN e.raw->>'$.eventID'
    WHEN 'vault.audit' THEN e.raw->>'$.request.id'
    WHEN 'k8s.audit' THEN e.raw->>'$.auditID'
    WHEN 'otel.span' THEN e.raw->>'$.span.spanId'
    WHEN 'aws.vpcflow' THEN regexp_extract(ev.path, '[^/]+$') || ':' || e.record_no
  END`;

const agentToken =
  'vault:token:hmac-sha256:42728a5dffa042742c0545048318ae950f87b3e9577271fcf724d7bc45d79e54';
const takenObject =
  'aws:resource:arn:aws:s3:::acme-data-warehouse/exports/customers-2024-11.parquet';

/** The routine identities and credentials of EXPECTED.md ("What must not join"). */
const noise = [
  'agent:docs-helper',
  'tool:docs-helper/search_docs',
  'k8s:pod:agents/docs-helper-5b8d7c-p9q2w',
  'k8s:sa:agents/docs-helper',
  'k8s:pod:payments/payments-api-7c5f8b-r4t6z',
  'k8s:sa:payments/payments-api',
  'vault:entity:c2f84e6a-19d3-4b7c-8e05-a6d3f1b9e472',
  'vault:token:hmac-sha256:976f6cb7eeaf5bdaf39691031acfe3e1e1f21ce62539b4db6570fb9ba7101ecf',
  'k8s:sa:vault/vault-auth',
  'k8s:sa:kube-system/coredns',
  'k8s:user:alice@acme.example',
  'aws:user:arn:aws:iam::111111111111:user/release-bot',
  'aws:key:AKIAUOFJMSXCJVGFKG3E',
  'aws:session:arn:aws:sts::111111111111:assumed-role/app-server-role/i-0d5e7f9a1b3c4d6e8',
  'aws:key:ASIADAPQS3ZQZHQNIGPV',
  'aws:service:glue.amazonaws.com',
  'aws:session:arn:aws:sts::222222222222:assumed-role/etl-runner/GlueJobRunnerSession',
  'aws:key:ASIAHJIPMD7GJDWMY3IR',
  'aws:key:ASIALO3624B4NRH7CFUP',
  'aws:user:arn:aws:iam::222222222222:user/bi-reader',
  'aws:key:AKIALODIEGQZTFHWGZ5J',
];

/** The intrusion's credentials and identities, which no routine identity reaches. */
const story = [
  agentToken,
  'vault:entity:7e3a9c15-4b2d-4f8e-a6c0-d19b5e27f384',
  'k8s:token:JTI=5c7e9a1b-2d4f-4e6a-8b0c-d1e3f5a7b9c2',
  'aws:key:AKIAQ3EGRB5YK7DW2MNP',
  'aws:key:ASIAT4NXQ2LMVRK7ZB3H',
  'aws:key:AKIAU6ZN3HQ4BXW7TRE2',
  'aws:session:arn:aws:sts::222222222222:assumed-role/cross-account-admin/ops-copilot',
  takenObject,
];

describe('the multi-source sample bundle in Keytrail', () => {
  const tc = useTempCase({ perFile: true });
  const forward = new Map<string, string[]>();
  const backward = new Map<string, string[]>();

  beforeAll(async () => {
    await ingest(tc.db, [multiSourceDir]);
    await rebuildGraph(tc.db);
    const rows = await tc.db.all<{ from_id: string; to_id: string }>(
      "SELECT from_id, to_id FROM links WHERE proof = 'exact'",
    );
    for (const { from_id: from, to_id: to } of rows) {
      forward.set(from, [...(forward.get(from) ?? []), to]);
      backward.set(to, [...(backward.get(to) ?? []), from]);
    }
  });

  it('loads every file with the records EXPECTED.md counts, none rejected', async () => {
    const rows = await tc.db.all<{
      path: string;
      status: string;
      format: string;
      records_read: string;
      records_rejected: string;
    }>('SELECT path, status, format, records_read, records_rejected FROM evidence ORDER BY path');
    const logs = rows.filter((row) => !/EXPECTED\.md|expected-links\.json$/.test(row.path));

    expect(logs).toHaveLength(files.length);
    for (const [name, format, records] of files) {
      const row = logs.find((r) => r.path.endsWith(name));
      expect(row, name).toBeDefined();
      expect([row?.status, row?.format, Number(row?.records_read)], name).toEqual([
        'loaded',
        format,
        records,
      ]);
      expect(Number(row?.records_rejected), name).toBe(0);
    }
  });

  it.each(expected.map((link) => [`${link.hop} (${link.kind})`, link] as const))(
    'draws the link: %s',
    async (_name, link) => {
      const row = await tc.db.one<{ proof: string; call_count: string; evidence: string[] }>(
        `SELECT l.proof, l.call_count, list(${recordId} ORDER BY ${recordId}) AS evidence
         FROM links l
         JOIN link_evidence le ON le.link_id = l.link_id
         JOIN events e ON e.event_id = le.event_id
         JOIN evidence ev ON ev.evidence_id = e.evidence_id
         WHERE l.from_id = $from AND l.to_id = $to AND l.kind = $kind
         GROUP BY ALL`,
        { from: link.from, to: link.to, kind: link.kind },
      );

      expect(row, `${link.from} -${link.kind}-> ${link.to}`).toBeDefined();
      expect(row?.proof).toBe(link.proof);
      expect(row?.evidence).toEqual([...link.evidenceEventIds].sort());
      expect(Number(row?.call_count)).toBe(link.count);
    },
  );

  it("keeps the routine identities off the exact links forward from the agent's Vault token", () => {
    const after = reachable(agentToken, forward);

    expect(after.has('vault:path:secret/data/aws/deploy-key')).toBe(true);
    expect(noise.filter((node) => after.has(node))).toEqual([]);
  });

  it('keeps the routine identities off the exact links backward from the object taken', () => {
    const before = reachable(takenObject, backward);

    expect(before.has('aws:user:arn:aws:iam::111111111111:user/deploy-bot')).toBe(true);
    expect(noise.filter((node) => before.has(node))).toEqual([]);
  });

  it('reaches no credential of the intrusion from a routine identity', () => {
    for (const start of noise) {
      const after = reachable(start, forward);
      expect(
        story.filter((node) => after.has(node)),
        start,
      ).toEqual([]);
    }
  });
});
