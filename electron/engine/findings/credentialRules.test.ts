import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDb } from '../case/CaseDb.js';
import { eid, lid } from '../graph/fixtureCase.js';
import { findingsCase, findingsOf } from './findingsFixture.js';
import { longLivedKeyInWorkload } from './rules/longLivedKeyInWorkload.js';
import { newAddress } from './rules/newAddress.js';
import { nhiInteractiveSignin } from './rules/nhiInteractiveSignin.js';
import { usedAfterRevoke } from './rules/usedAfterRevoke.js';

let db: CaseDb | undefined;
afterEach(() => db?.close());

const user = (name: string) => `aws:user:arn:aws:iam::111111111111:user/${name}`;
const ids = (...names: string[]) => names.map(eid);

describe('credential used after it was ended', () => {
  const KA = 'aws:key:AKIAADMIN';
  const OLD = 'aws:key:AKIAOLD';
  const FLIP = 'aws:key:AKIAFLIP';
  const TOKEN = 'vault:token:acc1';
  const BUCKET = 'aws:resource:arn:aws:s3:::loot';

  it('reports a deleted key used again, and a revoked token tried again, not a key made Active again', async () => {
    db = await findingsCase([
      { name: 'before', time: '2024-01-01T09:00:00Z', actor: user('old'), credential: OLD },
      {
        name: 'delete',
        time: '2024-01-01T10:00:00Z',
        actor: user('admin'),
        credential: KA,
        target: OLD,
        category: 'account_change',
        action: 'DeleteAccessKey',
      },
      { name: 'use1', time: '2024-01-01T10:05:00Z', credential: OLD, target: BUCKET },
      {
        name: 'use2',
        time: '2024-01-01T10:06:00Z',
        credential: OLD,
        target: BUCKET,
        outcome: 'failure',
      },
      {
        name: 'off',
        time: '2024-01-01T11:00:00Z',
        credential: KA,
        target: FLIP,
        action: 'UpdateAccessKey',
        raw: { requestParameters: { accessKeyId: 'AKIAFLIP', status: 'Inactive' } },
      },
      {
        name: 'on',
        time: '2024-01-01T11:10:00Z',
        credential: KA,
        target: FLIP,
        action: 'UpdateAccessKey',
        raw: { requestParameters: { accessKeyId: 'AKIAFLIP', status: 'Active' } },
      },
      { name: 'flipUse', time: '2024-01-01T11:20:00Z', credential: FLIP, target: BUCKET },
      {
        name: 'revoke',
        time: '2024-01-01T12:00:00Z',
        source: 'vault.audit',
        credential: TOKEN,
        target: TOKEN,
        category: 'account_change',
        action: 'update',
        raw: { request: { path: 'auth/token/revoke-self' } },
      },
      {
        name: 'tokenUse',
        time: '2024-01-01T12:01:00Z',
        source: 'vault.audit',
        credential: TOKEN,
        target: 'vault:path:secret/data/x',
        category: 'secret_read',
        outcome: 'failure',
      },
    ]);

    const found = await findingsOf(db, [usedAfterRevoke]);

    expect(found).toHaveLength(2);
    expect(found[0]).toMatchObject({
      rule_id: 'credential-used-after-revoke',
      severity: 'critical',
      technique: 'T1078.004',
      summary:
        'aws:key:AKIAOLD was deleted at 2024-01-01T10:00:00.000000Z and then used in 2 records (1 succeeded), first at 2024-01-01T10:05:00.000000Z.',
      first_time: '2024-01-01T10:00:00Z',
      last_time: '2024-01-01T10:06:00Z',
      node_ids: [KA, OLD, BUCKET],
      event_ids: ids('delete', 'use1', 'use2'),
    });
    expect(found[0]?.link_ids.sort()).toEqual(
      [lid(KA, 'accessed', OLD), lid(OLD, 'accessed', BUCKET)].sort(),
    );
    // Only a failed try after the revocation: an attempt, not a breach.
    expect(found[1]).toMatchObject({
      severity: 'medium',
      node_ids: [TOKEN, 'vault:path:secret/data/x'],
      event_ids: ids('revoke', 'tokenUse'),
    });
    expect(found[1]?.summary).toContain('was revoked at 2024-01-01T12:00:00.000000Z');
  });
});

describe('credential used from a new address or user agent', () => {
  const KP = 'aws:key:ASIAPARENT';
  const NEW = 'aws:key:ASIANEW';
  const Q = 'aws:key:AKIAQ';

  it('compares each use with the issuing record and the uses before it', async () => {
    db = await findingsCase([
      {
        name: 'issue',
        time: '2024-01-01T10:00:00Z',
        actor: 'aws:session:arn:aws:sts::111111111111:assumed-role/ci/run',
        credential: KP,
        issued: NEW,
        srcIp: '10.0.0.5',
        userAgent: 'aws-cli/2',
        category: 'credential_issue',
        action: 'AssumeRole',
      },
      {
        name: 'u1',
        time: '2024-01-01T10:01:00Z',
        credential: NEW,
        srcIp: '10.0.0.5',
        userAgent: 'aws-cli/2',
      },
      {
        name: 'u2',
        time: '2024-01-01T10:30:00Z',
        credential: NEW,
        srcIp: '203.0.113.50',
        userAgent: 'aws-cli/2',
      },
      {
        name: 'u3',
        time: '2024-01-01T10:31:00Z',
        credential: NEW,
        srcIp: '203.0.113.50',
        userAgent: 'aws-cli/2',
      },
      {
        name: 'q1',
        time: '2024-01-01T09:00:00Z',
        credential: Q,
        srcIp: '1.1.1.1',
        userAgent: 'boto3/1',
      },
      {
        name: 'q2',
        time: '2024-01-01T09:05:00Z',
        credential: Q,
        srcIp: '1.1.1.1',
        userAgent: 'curl/8',
      },
      // A service host name is not an address: no finding for the parent key.
      { name: 'p1', time: '2024-01-01T11:00:00Z', credential: KP, srcIp: 'ec2.amazonaws.com' },
    ]);

    const found = await findingsOf(db, [newAddress]);

    expect(found.map((f) => f.severity)).toEqual(['low', 'high']);
    expect(found[0]).toMatchObject({
      summary:
        'aws:key:AKIAQ was used from user agent curl/8, not seen at its issuance or earlier use (address 1.1.1.1, user agent boto3/1).',
      node_ids: [Q],
      event_ids: ids('q1', 'q2'),
    });
    expect(found[1]).toMatchObject({
      summary:
        'aws:key:ASIANEW was used from address 203.0.113.50, not seen at its issuance or earlier use (address 10.0.0.5, user agent aws-cli/2).',
      first_time: '2024-01-01T10:30:00Z',
      last_time: '2024-01-01T10:31:00Z',
      node_ids: [KP, NEW, 'ip:203.0.113.50'],
      event_ids: ids('issue', 'u2', 'u3'),
    });
    expect(found[1]?.link_ids.sort()).toEqual(
      [lid(KP, 'issued', NEW), lid(NEW, 'from_address', 'ip:203.0.113.50')].sort(),
    );
  });
});

describe('credential used from a new address, where the platform moves its workload', () => {
  const LAMBDA = 'aws:service:lambda.amazonaws.com';
  const ROLE = 'aws:role:arn:aws:iam::111111111111:role/collector';
  const OTHER_ROLE = 'aws:role:arn:aws:iam::111111111111:role/other';
  const at = (time: string) => `2024-11-05T${time}Z`;
  const issue = (name: string, time: string, key: string, role: string) => ({
    name,
    time: at(time),
    actor: LAMBDA,
    issued: key,
    target: role,
    srcIp: 'lambda.amazonaws.com',
    category: 'credential_issue',
    action: 'AssumeRole',
  });
  const call = (name: string, time: string, key: string, ip: string, raw?: object) => ({
    name,
    time: at(time),
    credential: key,
    srcIp: ip,
    ...(raw ? { raw } : {}),
  });

  /**
   * Lambda issues L1 and L2 for role collector. L1 calls from 3.239.18.71, then 44.204.91.12,
   * then 3.239.18.71 again; L2 from 44.204.91.12, then 3.239.18.71 (each the other's first
   * address), then Athena calls on its behalf from 52.1.2.3 (`invokedBy`), then someone calls
   * with it from 198.51.100.66. Lambda issues O1 for another role, first used from 10.0.0.9,
   * then from 44.204.91.12: collector's addresses are not that role's.
   */
  const events = [
    issue('iss1', '00:00:01', 'aws:key:ASIAL1', ROLE),
    call('l1a', '00:00:07', 'aws:key:ASIAL1', '3.239.18.71'),
    call('l1b', '03:00:08', 'aws:key:ASIAL1', '44.204.91.12'),
    call('l1c', '03:30:00', 'aws:key:ASIAL1', '3.239.18.71'),
    issue('iss2', '09:00:01', 'aws:key:ASIAL2', ROLE),
    call('l2a', '09:00:08', 'aws:key:ASIAL2', '44.204.91.12'),
    call('l2b', '12:00:06', 'aws:key:ASIAL2', '3.239.18.71'),
    call('l2c', '12:30:00', 'aws:key:ASIAL2', '52.1.2.3', {
      userIdentity: { invokedBy: 'athena.amazonaws.com' },
    }),
    call('l2d', '13:00:00', 'aws:key:ASIAL2', '198.51.100.66'),
    issue('iss3', '05:00:00', 'aws:key:ASIAO1', OTHER_ROLE),
    call('o1a', '05:00:05', 'aws:key:ASIAO1', '10.0.0.9'),
    call('o1b', '06:00:00', 'aws:key:ASIAO1', '44.204.91.12'),
  ];

  it('spares the addresses of sibling sessions and of AWS services, not a stranger', async () => {
    db = await findingsCase(events);

    const found = await findingsOf(db, [newAddress]);

    expect(found.map((f) => [f.severity, f.node_ids, f.event_ids])).toEqual([
      ['high', [LAMBDA, 'aws:key:ASIAO1', 'ip:44.204.91.12'], ids('o1a', 'o1b')],
      ['high', [LAMBDA, 'aws:key:ASIAL2', 'ip:198.51.100.66'], ids('l2a', 'l2d')],
    ]);
    expect(found[1]?.summary).toBe(
      'aws:key:ASIAL2 was used from address 198.51.100.66, not seen at its issuance or earlier use (address 44.204.91.12).',
    );
  });
});

describe('credential used from a new address, where a sibling session showed one address', () => {
  const LAMBDA = 'aws:service:lambda.amazonaws.com';
  const ROLE = 'aws:role:arn:aws:iam::111111111111:role/collector';
  const at = (time: string) => `2024-11-05T${time}Z`;

  /**
   * Lambda issues L1 and L2 for role collector, by records naming no address. L1 is used once,
   * from 3.3.3.3: one address, nothing new in it, yet its first address is one of the pool's.
   * L2 calls from 4.4.4.4, then 3.3.3.3 (L1's, spared), then 5.5.5.5: that one alone is new,
   * against L2's first, 4.4.4.4.
   */
  const events = [
    ...(['L1', 'L2'] as const).map((key, i) => ({
      name: `iss${key}`,
      time: at(`0${i}:00:00`),
      actor: LAMBDA,
      issued: `aws:key:ASIA${key}`,
      target: ROLE,
      category: 'credential_issue',
      action: 'AssumeRole',
    })),
    ...(
      [
        ['l1a', '00:00:05', 'L1', '3.3.3.3'],
        ['l2a', '01:00:05', 'L2', '4.4.4.4'],
        ['l2b', '02:00:00', 'L2', '3.3.3.3'],
        ['l2c', '03:00:00', 'L2', '5.5.5.5'],
      ] as const
    ).map(([name, time, key, ip]) => ({
      name,
      time: at(time),
      credential: `aws:key:ASIA${key}`,
      srcIp: ip,
    })),
  ];

  it("spares an address a sibling showed once, and reports the stranger's", async () => {
    db = await findingsCase(events);

    const found = await findingsOf(db, [newAddress]);

    expect(found.map((f) => [f.severity, f.node_ids, f.event_ids])).toEqual([
      ['high', [LAMBDA, 'aws:key:ASIAL2', 'ip:5.5.5.5'], ids('l2a', 'l2c')],
    ]);
    expect(found[0]?.summary).toBe(
      'aws:key:ASIAL2 was used from address 5.5.5.5, not seen at its issuance or earlier use (address 4.4.4.4).',
    );
  });
});

describe('long-lived keys in workloads, and machines signing in interactively', () => {
  const SA = 'k8s:sa:agents/ops-copilot';
  const DEPLOY = 'aws:key:AKIADEPLOY';
  const HUMAN = 'aws:key:AKIAHUMAN';
  const events = [
    {
      name: 'pod',
      time: '2024-01-01T10:00:00Z',
      source: 'k8s.audit',
      actor: SA,
      srcIp: '10.42.1.17',
    },
    {
      name: 'l1',
      time: '2024-01-01T10:05:00Z',
      actor: user('deploy'),
      credential: DEPLOY,
      srcIp: '10.42.1.17',
    },
    {
      name: 'l2',
      time: '2024-01-01T10:06:00Z',
      actor: user('deploy'),
      credential: DEPLOY,
      srcIp: '10.42.1.17',
    },
    {
      name: 'h1',
      time: '2024-01-01T10:10:00Z',
      actor: user('alice'),
      credential: HUMAN,
      srcIp: '198.51.100.7',
    },
    {
      name: 'console',
      time: '2024-01-01T11:00:00Z',
      actor: user('deploy'),
      srcIp: '198.51.100.9',
      category: 'authentication',
      action: 'ConsoleLogin',
    },
    {
      name: 'console2',
      time: '2024-01-01T11:05:00Z',
      actor: user('alice'),
      srcIp: '198.51.100.7',
      category: 'authentication',
      action: 'ConsoleLogin',
    },
  ];

  it('reports an AKIA key used from the address a service account acted from', async () => {
    db = await findingsCase(events);

    const found = await findingsOf(db, [longLivedKeyInWorkload]);

    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'medium',
      summary:
        'Long-lived key aws:key:AKIADEPLOY was used 2 times from 10.42.1.17, the address of k8s:sa:agents/ops-copilot.',
      node_ids: [SA, 'ip:10.42.1.17', DEPLOY],
      event_ids: ids('pod', 'l1', 'l2'),
    });
    expect(found[0]?.link_ids.sort()).toEqual(
      [
        lid(SA, 'from_address', 'ip:10.42.1.17'),
        lid(DEPLOY, 'from_address', 'ip:10.42.1.17'),
      ].sort(),
    );
  });

  it('reports a console login by the user whose key a workload uses, not by a person', async () => {
    db = await findingsCase(events);

    const found = await findingsOf(db, [nhiInteractiveSignin]);

    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'high',
      summary: `${user('deploy')}, a non-human identity (holds aws:key:AKIADEPLOY, used from a workload address 10.42.1.17), signed in interactively at 2024-01-01T11:00:00.000000Z from 198.51.100.9.`,
      node_ids: [user('deploy'), 'ip:198.51.100.9', DEPLOY],
      event_ids: ids('console', 'l1'),
    });
    expect(found[0]?.link_ids.sort()).toEqual(
      [
        lid(user('deploy'), 'from_address', 'ip:198.51.100.9'),
        lid(user('deploy'), 'holds', DEPLOY),
      ].sort(),
    );
  });
});
