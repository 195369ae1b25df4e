import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDb } from '../case/CaseDb.js';
import { eid, lid } from '../graph/fixtureCase.js';
import { findingsCase, findingsOf } from './findingsFixture.js';
import { longLivedKeyInWorkload } from './rules/longLivedKeyInWorkload.js';
import { newAddress } from './rules/newAddress.js';
import { nhiInteractiveSignin } from './rules/nhiInteractiveSignin.js';
import { secretThenOtherWorkload } from './rules/secretThenOtherWorkload.js';
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

describe('secret read by one workload, then a credential used from another', () => {
  const ENTITY = 'vault:entity:e1';
  const T1 = 'vault:token:t1';
  const PATH = 'vault:path:secret/data/aws/deploy-key';
  const LEAK = 'aws:key:AKIALEAK';

  it('pairs a key never seen issued, new at an address, with the read just before it', async () => {
    db = await findingsCase([
      {
        name: 'read',
        time: '2024-01-01T10:00:00Z',
        source: 'vault.audit',
        actor: ENTITY,
        credential: T1,
        target: PATH,
        srcIp: '10.42.1.17',
        category: 'secret_read',
      },
      {
        name: 'use',
        time: '2024-01-01T10:00:21Z',
        actor: user('deploy'),
        credential: LEAK,
        srcIp: '10.42.9.9',
      },
      {
        name: 'use2',
        time: '2024-01-01T10:02:00Z',
        actor: user('deploy'),
        credential: LEAK,
        srcIp: '10.42.9.9',
      },
      // The same workload using the key it fetched: the secret likely held it.
      {
        name: 'read2',
        time: '2024-01-01T11:00:00Z',
        source: 'vault.audit',
        credential: 'vault:token:t2',
        target: PATH,
        srcIp: '10.1.1.1',
        category: 'secret_read',
      },
      { name: 'ok', time: '2024-01-01T11:00:30Z', credential: 'aws:key:AKIAOK', srcIp: '10.1.1.1' },
      // In use before any read.
      {
        name: 'older',
        time: '2024-01-01T09:00:00Z',
        credential: 'aws:key:AKIAOLDER',
        srcIp: '5.5.5.5',
      },
    ]);

    const found = await findingsOf(db, [secretThenOtherWorkload]);

    // AKIAOLDER was in use before any read; LEAK's second use is at an address it had shown.
    expect(found).toHaveLength(2);
    expect(found[0]).toMatchObject({
      severity: 'high',
      technique: 'T1555.006',
      summary:
        "vault:token:t1 read vault:path:secret/data/aws/deploy-key from 10.42.1.17 at 2024-01-01T10:00:00.000000Z; 21 s later aws:key:AKIALEAK, never seen issued, was used from 10.42.9.9 for the first time, another workload's address.",
      node_ids: [ENTITY, T1, PATH, LEAK, 'ip:10.42.9.9'],
      event_ids: ids('read', 'use'),
    });
    expect(found[0]?.link_ids.sort()).toEqual(
      [
        lid(ENTITY, 'holds', T1),
        lid(T1, 'read_secret', PATH),
        lid(LEAK, 'from_address', 'ip:10.42.9.9'),
      ].sort(),
    );
    expect(found[1]).toMatchObject({
      severity: 'medium',
      summary:
        'vault:token:t2 read vault:path:secret/data/aws/deploy-key from 10.1.1.1 at 2024-01-01T11:00:00.000000Z; 30 s later aws:key:AKIAOK, never seen issued, was used from 10.1.1.1 for the first time, the same address: the secret likely held it.',
      node_ids: ['vault:token:t2', PATH, 'aws:key:AKIAOK', 'ip:10.1.1.1'],
      event_ids: ids('read2', 'ok'),
    });
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
