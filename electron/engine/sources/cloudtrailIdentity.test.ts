import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { useTempCase } from '../../../test/tempCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { ingest } from '../ingest/ingest.js';

/**
 * Hand-written records, one per kind of `userIdentity` AWS documents, each shaped like the
 * examples in the CloudTrail userIdentity reference, plus the missing and null cases.
 */
const base = {
  eventVersion: '1.09',
  eventTime: '2024-01-01T00:00:00Z',
  eventSource: 'sts.amazonaws.com',
  eventName: 'GetCallerIdentity',
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.7',
  recipientAccountId: '111122223333',
};

const identities: [string, unknown, string | null, string | null][] = [
  [
    'IAMUser',
    {
      type: 'IAMUser',
      arn: 'arn:aws:iam::111122223333:user/alice',
      userName: 'alice',
      accessKeyId: 'AKIAEXAMPLE1',
    },
    'aws:user:arn:aws:iam::111122223333:user/alice',
    'alice',
  ],
  [
    'Root',
    {
      type: 'Root',
      arn: 'arn:aws:iam::111122223333:root',
      accountId: '111122223333',
      principalId: '111122223333',
    },
    'aws:user:arn:aws:iam::111122223333:root',
    'root 111122223333',
  ],
  [
    'AssumedRole',
    {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111122223333:assumed-role/deploy/ci-run-9',
      sessionContext: {
        sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/deploy' },
      },
      accessKeyId: 'ASIAEXAMPLE2',
    },
    'aws:session:arn:aws:sts::111122223333:assumed-role/deploy/ci-run-9',
    'deploy/ci-run-9',
  ],
  [
    'FederatedUser',
    {
      type: 'FederatedUser',
      arn: 'arn:aws:sts::111122223333:federated-user/bob',
      principalId: '111122223333:bob',
    },
    'aws:session:arn:aws:sts::111122223333:federated-user/bob',
    'bob',
  ],
  [
    'AWSService',
    { type: 'AWSService', invokedBy: 'lambda.amazonaws.com' },
    'aws:service:lambda.amazonaws.com',
    'lambda.amazonaws.com',
  ],
  [
    'AWSAccount',
    { type: 'AWSAccount', accountId: '444455556666', principalId: 'AIDAEXAMPLE' },
    'aws:account:444455556666',
    '444455556666',
  ],
  [
    'IdentityCenterUser',
    {
      type: 'IdentityCenterUser',
      accountId: '111122223333',
      onBehalfOf: {
        userId: '906744a5-c0d1-70e4',
        identityStoreArn: 'arn:aws:identitystore::111122223333:identitystore/d-1',
      },
    },
    'aws:idc:906744a5-c0d1-70e4',
    '906744a5-c0d1-70e4',
  ],
  [
    'SAMLUser',
    {
      type: 'SAMLUser',
      principalId: 'SAMPLE:carol',
      userName: 'carol',
      identityProvider: 'bdGOnTesti4+ZREHJ2OWAtpZ8Wlfk=',
    },
    'aws:federated:bdGOnTesti4+ZREHJ2OWAtpZ8Wlfk=:carol',
    'carol',
  ],
  [
    'WebIdentityUser',
    {
      type: 'WebIdentityUser',
      principalId: 'accounts.google.com:app:sub',
      userName: 'sub-123',
      identityProvider: 'accounts.google.com',
    },
    'aws:federated:accounts.google.com:sub-123',
    'sub-123',
  ],
  [
    'Unknown',
    { type: 'Unknown', principalId: 'ANONYMOUS' },
    'aws:principal:ANONYMOUS',
    'ANONYMOUS',
  ],
  ['missing', undefined, null, null],
  ['null', null, null, null],
];

const temp = useTempCase({ perFile: true });

beforeAll(async () => {
  const lines = identities.map(([, userIdentity]) => JSON.stringify({ ...base, userIdentity }));
  writeFileSync(join(temp.dir, 'identities.jsonl'), lines.join('\n') + '\n');
  await ingest(temp.db, [join(temp.dir, 'identities.jsonl')]);
});

it.each(identities.map((entry, index) => [entry[0], index + 1, entry[2], entry[3]] as const))(
  'names the %s actor by its documented id',
  async (_type, recordNo, actor, display) => {
    const row = await temp.db.one<{ actor: string | null; actor_display: string | null }>(
      `SELECT actor, actor_display FROM events WHERE record_no = $n`,
      { n: recordNo },
    );

    expect(row).toEqual({ actor, actor_display: display });
  },
);

it('keeps every record, whatever its identity lacks', async () => {
  const row = await temp.db.one<{ n: string }>(`SELECT count(*) AS n FROM events`);

  expect(Number(row?.n)).toBe(identities.length);
});

it('names the role behind an AssumedRole record, which the graph draws as has_session', async () => {
  const roles = await temp.db.all(
    `SELECT actor, actor_role FROM events WHERE actor_role IS NOT NULL ORDER BY actor`,
  );
  await rebuildGraph(temp.db);
  const links = await temp.db.all(
    `SELECT from_id, to_id, reason FROM links WHERE kind = 'has_session'`,
  );

  expect(roles).toEqual([
    {
      actor: 'aws:session:arn:aws:sts::111122223333:assumed-role/deploy/ci-run-9',
      actor_role: 'aws:role:arn:aws:iam::111122223333:role/deploy',
    },
  ]);
  expect(links).toEqual([
    {
      from_id: 'aws:role:arn:aws:iam::111122223333:role/deploy',
      to_id: 'aws:session:arn:aws:sts::111122223333:assumed-role/deploy/ci-run-9',
      reason: 'userIdentity.sessionContext.sessionIssuer.arn and userIdentity.arn',
    },
  ]);
});
