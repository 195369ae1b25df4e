import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Access chains for the path benchmark, to embed among generateCorpus's noise: in each, a user's
 * long-lived key assumes a role, the session assumes a role in a second account, that session
 * creates an access key for a new user, and the new key reads objects. Five CloudTrail records a
 * chain, ids numbered so no two chains share a node. Deterministic: chain n always reads the same.
 */
export function writeChains(dir: string, chains: number): number {
  const lines: string[] = [];
  for (let n = 0; n < chains; n++) lines.push(...chain(n).map((r) => JSON.stringify(r)));
  writeFileSync(join(dir, 'chains.json'), lines.join('\n') + '\n');
  return lines.length;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function chain(n: number): Record<string, unknown>[] {
  const a = '121212121212';
  const b = '343434343434';
  const start = Date.UTC(2024, 6, 30, 1) + n * 37_000;
  const at = (s: number) => new Date(start + s * 1000).toISOString().replace('.000', '');
  const ip = `198.18.${n % 250}.${(n >> 8) % 250}`;
  const userKey = `AKIACHAINUSER${pad(n, 7)}`;
  const first = `ASIACHAINONE${pad(n, 8)}`;
  const second = `ASIACHAINTWO${pad(n, 8)}`;
  const created = `AKIACHAINNEW${pad(n, 8)}`;
  const session1 = `arn:aws:sts::${a}:assumed-role/hop-one/chain-${n}`;
  const session2 = `arn:aws:sts::${b}:assumed-role/hop-two/chain-${n}`;
  const base = (time: string, eventName: string, eventSource: string) => ({
    eventVersion: '1.09',
    eventTime: time,
    eventSource,
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: ip,
    userAgent: 'aws-cli/2.15.0',
    eventID: `chain-${n}-${eventName}-${time}`,
    eventType: 'AwsApiCall',
    recipientAccountId: a,
  });
  const asSession = (arn: string, key: string, account: string, role: string) => ({
    type: 'AssumedRole',
    arn,
    accountId: account,
    accessKeyId: key,
    sessionContext: {
      sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${account}:role/${role}`, userName: role },
    },
  });
  const assume = (roleArn: string, key: string, arn: string) => ({
    requestParameters: { roleArn, roleSessionName: `chain-${n}` },
    responseElements: { credentials: { accessKeyId: key }, assumedRoleUser: { arn } },
  });
  return [
    {
      ...base(at(0), 'AssumeRole', 'sts.amazonaws.com'),
      userIdentity: {
        type: 'IAMUser',
        arn: `arn:aws:iam::${a}:user/chain-user-${n}`,
        accountId: a,
        accessKeyId: userKey,
        userName: `chain-user-${n}`,
      },
      ...assume(`arn:aws:iam::${a}:role/hop-one`, first, session1),
    },
    {
      ...base(at(30), 'AssumeRole', 'sts.amazonaws.com'),
      userIdentity: asSession(session1, first, a, 'hop-one'),
      ...assume(`arn:aws:iam::${b}:role/hop-two`, second, session2),
    },
    {
      ...base(at(60), 'CreateAccessKey', 'iam.amazonaws.com'),
      recipientAccountId: b,
      userIdentity: asSession(session2, second, b, 'hop-two'),
      requestParameters: { userName: `kept-${n}` },
      responseElements: { accessKey: { accessKeyId: created, userName: `kept-${n}` } },
    },
    ...[0, 1].map((i) => ({
      ...base(at(3600 + i), 'GetObject', 's3.amazonaws.com'),
      recipientAccountId: b,
      sourceIPAddress: '203.0.113.50',
      userIdentity: {
        type: 'IAMUser',
        arn: `arn:aws:iam::${b}:user/kept-${n}`,
        accountId: b,
        accessKeyId: created,
        userName: `kept-${n}`,
      },
      requestParameters: { bucketName: `loot-${n % 10}`, key: `part-${i}.csv` },
    })),
  ];
}
