import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, InventoryRow } from '../../../shared/model.js';
import { dispatch } from '../dispatch.js';
import { Engine } from '../Engine.js';

/**
 * The ops-copilot story in the shapes of the real logs, written by hand (all values made up):
 * the agent's pod (10.42.1.17) logs in to Vault as service account agents/ops-copilot and reads
 * secret/data/aws/deploy-key; 21 s later the long-lived key AKIADEPLOYKEY0000001 of user deploy
 * (111111111111) assumes role admin in 222222222222 from the same address; the session creates
 * key AKIABACKDOOR00000001 for user backdoor; the next day that key reads an object from
 * 203.0.113.50. Noise: alice's key listing buckets from her own address.
 *
 * Worked out by hand, the rules must find exactly four things:
 * - role-chain: AKIADEPLOY -> role admin in another account (high);
 * - credential-new-address: the backdoor key, created from 10.42.1.17, used from 203.0.113.50
 *   (high);
 * - long-lived-key-in-workload: the AKIA key used from 10.42.1.17, where the Vault entity of the
 *   service account acted (medium);
 * - secret-read-then-used-elsewhere: the key, never seen issued, first used 21 s after the read,
 *   from the reader's own address (medium: the secret likely held it).
 */

const SESSION = 'arn:aws:sts::222222222222:assumed-role/admin/ops';
const DEPLOY = 'aws:key:AKIADEPLOYKEY0000001';
const BACKDOOR = 'aws:key:AKIABACKDOOR00000001';
const ENTITY = 'vault:entity:7f3c9e2a-0000-4000-8000-000000000001';

const auth = {
  accessor: 'hmac-sha256:5a1f00000000000000000000000000000000000000000000000000000000c0de',
  display_name: 'kubernetes-agents-ops-copilot',
  metadata: {
    role: 'ops-copilot',
    service_account_name: 'ops-copilot',
    service_account_namespace: 'agents',
  },
  entity_id: '7f3c9e2a-0000-4000-8000-000000000001',
};
const vault = [
  {
    time: '2026-03-02T09:14:05.000000Z',
    type: 'response',
    auth,
    request: {
      id: 'req-login',
      operation: 'update',
      mount_type: 'kubernetes',
      mount_point: 'auth/kubernetes/',
      namespace: { id: 'root' },
      path: 'auth/kubernetes/login',
      remote_address: '10.42.1.17',
    },
    response: { auth },
  },
  {
    time: '2026-03-02T09:14:06.000000Z',
    type: 'response',
    auth,
    request: {
      id: 'req-read',
      operation: 'read',
      mount_type: 'kv',
      mount_point: 'secret/',
      namespace: { id: 'root' },
      path: 'secret/data/aws/deploy-key',
      remote_address: '10.42.1.17',
    },
    response: {},
  },
];

function record(time: string, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    eventTime: time,
    awsRegion: 'us-east-1',
    userAgent: 'aws-cli/2.15.0',
    eventType: 'AwsApiCall',
    ...fields,
  };
}
const deployUser = {
  type: 'IAMUser',
  arn: 'arn:aws:iam::111111111111:user/deploy',
  accountId: '111111111111',
  accessKeyId: 'AKIADEPLOYKEY0000001',
  userName: 'deploy',
};
const trail = {
  Records: [
    record('2026-03-02T09:14:27Z', {
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      eventID: 'c0000000-0000-4000-8000-000000000001',
      sourceIPAddress: '10.42.1.17',
      userIdentity: deployUser,
      recipientAccountId: '111111111111',
      requestParameters: {
        roleArn: 'arn:aws:iam::222222222222:role/admin',
        roleSessionName: 'ops',
      },
      responseElements: {
        credentials: { accessKeyId: 'ASIAOPSSESSION000001' },
        assumedRoleUser: { arn: SESSION },
      },
    }),
    record('2026-03-02T09:15:06Z', {
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateAccessKey',
      eventID: 'c0000000-0000-4000-8000-000000000002',
      sourceIPAddress: '10.42.1.17',
      userIdentity: {
        type: 'AssumedRole',
        arn: SESSION,
        accountId: '222222222222',
        accessKeyId: 'ASIAOPSSESSION000001',
        sessionContext: { sessionIssuer: { arn: 'arn:aws:iam::222222222222:role/admin' } },
      },
      recipientAccountId: '222222222222',
      requestParameters: { userName: 'backdoor' },
      responseElements: {
        accessKey: { accessKeyId: 'AKIABACKDOOR00000001', userName: 'backdoor' },
      },
    }),
    record('2026-03-03T02:40:11Z', {
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      eventID: 'c0000000-0000-4000-8000-000000000003',
      sourceIPAddress: '203.0.113.50',
      userIdentity: {
        type: 'IAMUser',
        arn: 'arn:aws:iam::222222222222:user/backdoor',
        accountId: '222222222222',
        accessKeyId: 'AKIABACKDOOR00000001',
        userName: 'backdoor',
      },
      recipientAccountId: '222222222222',
      requestParameters: { bucketName: 'payroll', key: 'export.csv' },
    }),
    record('2026-03-02T10:00:00Z', {
      eventSource: 's3.amazonaws.com',
      eventName: 'ListBuckets',
      eventID: 'c0000000-0000-4000-8000-000000000004',
      sourceIPAddress: '198.51.100.7',
      userIdentity: {
        type: 'IAMUser',
        arn: 'arn:aws:iam::111111111111:user/alice',
        accountId: '111111111111',
        accessKeyId: 'AKIAALICE00000000001',
        userName: 'alice',
      },
      recipientAccountId: '111111111111',
    }),
  ],
};

let dir: string;
const engine = new Engine();
let findings: Finding[] = [];
let rows: InventoryRow[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keytrail-ops-copilot-'));
  await writeFile(join(dir, 'vault.log'), vault.map((v) => JSON.stringify(v)).join('\n') + '\n');
  await writeFile(join(dir, 'trail.json'), JSON.stringify(trail));
  await dispatch(engine, 'openCase', { path: join(dir, 'ops.keytrail.duckdb') });
  const added = await dispatch(engine, 'addEvidence', {
    paths: [join(dir, 'vault.log'), join(dir, 'trail.json')],
  });
  expect(added).toMatchObject({ ok: true, value: { eventsAdded: 6 } });
  const found = await dispatch(engine, 'findings', {});
  const inventory = await dispatch(engine, 'inventory', {});
  if (found.ok) findings = found.value;
  if (inventory.ok) rows = inventory.value;
});
afterAll(async () => {
  engine.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the ops-copilot story', () => {
  it('finds the cross-account hop, the backdoor key from outside, the key from the secret and the key in the workload', () => {
    // Gravest first, then by first time: the read (09:14:06) comes before the key's use (09:14:27).
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['role-chain', 'high'],
      ['credential-new-address', 'high'],
      ['secret-read-then-used-elsewhere', 'medium'],
      ['long-lived-key-in-workload', 'medium'],
    ]);
  });

  it('explains the role chain by its hop into account 222222222222', () => {
    const chain = findings.find((f) => f.ruleId === 'role-chain');
    expect(chain?.summary).toBe(
      `Role chain of 1 hop from ${DEPLOY}: arn:aws:iam::222222222222:role/admin, across accounts 111111111111 -> 222222222222.`,
    );
    expect(chain?.nodeIds).toEqual([
      DEPLOY,
      'aws:role:arn:aws:iam::222222222222:role/admin',
      `aws:session:${SESSION}`,
      'aws:key:ASIAOPSSESSION000001',
    ]);
    expect(chain?.linkIds.length).toBeGreaterThanOrEqual(3);
  });

  it('says where the backdoor key came from and where it was used', () => {
    const fresh = findings.find((f) => f.ruleId === 'credential-new-address');
    expect(fresh?.nodeIds).toEqual(['aws:key:ASIAOPSSESSION000001', BACKDOOR, 'ip:203.0.113.50']);
    expect(fresh?.summary).toBe(
      `${BACKDOOR} was used from address 203.0.113.50, not seen at its issuance or earlier use (address 10.42.1.17, user agent aws-cli/2.15.0).`,
    );
    expect(fresh?.firstTime).toBe('2026-03-03T02:40:11.000000Z');
  });

  it('names the Vault identity of the service account as the workload holding the AKIA key', () => {
    const key = findings.find((f) => f.ruleId === 'long-lived-key-in-workload');
    expect(key?.nodeIds).toEqual([ENTITY, 'ip:10.42.1.17', DEPLOY]);
    expect(key?.eventIds).toHaveLength(2);
  });

  it('reconciles the read secret with the key used 21 s later, and the session as quick work', () => {
    const entity = rows.find((r) => r.id === ENTITY);
    expect(entity?.reconciliation.secretReads).toEqual([
      expect.objectContaining({
        time: '2026-03-02T09:14:06.000000Z',
        secret: 'vault:path:secret/data/aws/deploy-key',
        srcIp: '10.42.1.17',
        nextUse: expect.objectContaining({
          credential: DEPLOY,
          time: '2026-03-02T09:14:27.000000Z',
          srcIp: '10.42.1.17',
          secondsAfterRead: 21,
        }),
      }),
    ]);
    // Issued at 09:14:27, its one call at 09:15:06: 39 s, inside the 15-minute window.
    const session = rows.find((r) => r.id === 'aws:key:ASIAOPSSESSION000001');
    expect(session?.reconciliation).toMatchObject({
      origin: 'issued',
      secondsToFirstUse: 39,
      workSeconds: 39,
      actionsPerMinute: 1,
      withinReviewWindow: true,
    });
    const deploy = rows.find((r) => r.id === DEPLOY);
    expect(deploy?.reconciliation).toMatchObject({ origin: 'outside', issuedAt: null });
  });
});
