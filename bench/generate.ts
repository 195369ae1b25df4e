import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Deterministic CloudTrail-like records for the benchmark: the same seed gives the same bytes.
 * The mix follows what an incident trail holds: role sessions reading S3 and secrets, users
 * describing instances, STS issuing keys, now and then a denied call or a new access key.
 */
export function generateCorpus(dir: string, events: number, files: number): void {
  mkdirSync(dir, { recursive: true });
  const random = mulberry32(20240730);
  const perFile = Math.ceil(events / files);
  let made = 0;

  for (let f = 0; f < files && made < events; f++) {
    const lines: string[] = [];
    for (let i = 0; i < perFile && made < events; i++, made++) {
      lines.push(JSON.stringify(record(random, made)));
    }
    writeFileSync(join(dir, `trail-${String(f).padStart(4, '0')}.json`), lines.join('\n') + '\n');
  }
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const accounts = ['111122223333', '444455556666', '777788889999'];
const roles = ['deploy', 'ci-runner', 'BankingWAFRole', 'data-pipeline', 'backup'];
const users = ['alice', 'bob', 'ci-bot', 'terraform', 'christophe'];
const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const agents = ['aws-cli/2.15.0 Python/3.11.6', 'Boto3/1.34.0 Python/3.12', 'aws-sdk-go-v2/1.24.0'];

function pick<T>(random: () => number, list: T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

function hex(
  random: () => number,
  length: number,
  alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ',
) {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

function record(random: () => number, n: number): Record<string, unknown> {
  const account = pick(random, accounts);
  const role = pick(random, roles);
  const user = pick(random, users);
  const time = new Date(Date.UTC(2024, 6, 30) + n * 250).toISOString().replace('.000', '');
  const session = `arn:aws:sts::${account}:assumed-role/${role}/session-${n % 97}`;
  const common = {
    eventVersion: '1.09',
    eventTime: time,
    awsRegion: pick(random, regions),
    sourceIPAddress: `${10 + (n % 200)}.${n % 251}.${(n >> 3) % 253}.${(n >> 5) % 254}`,
    userAgent: pick(random, agents),
    requestID: `${hex(random, 8, '0123456789abcdef')}-${hex(random, 4, '0123456789abcdef')}`,
    eventID: `${hex(random, 8, '0123456789abcdef')}-${n.toString(16)}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  };
  const asRole = {
    type: 'AssumedRole',
    principalId: `AROA${hex(random, 16)}:session-${n % 97}`,
    arn: session,
    accountId: account,
    accessKeyId: `ASIA${hex(random, 16)}`,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: `AROA${hex(random, 16)}`,
        arn: `arn:aws:iam::${account}:role/${role}`,
        accountId: account,
        userName: role,
      },
      attributes: { creationDate: time, mfaAuthenticated: 'false' },
    },
  };
  const asUser = {
    type: 'IAMUser',
    principalId: `AIDA${hex(random, 16)}`,
    arn: `arn:aws:iam::${account}:user/${user}`,
    accountId: account,
    accessKeyId: `AKIA${hex(random, 16)}`,
    userName: user,
  };

  const kind = random();
  if (kind < 0.35) {
    const bucket = `logs-${account}-${n % 7}`;
    return {
      ...common,
      userIdentity: asRole,
      eventSource: 's3.amazonaws.com',
      eventName: kind < 0.2 ? 'GetObject' : 'ListObjects',
      requestParameters: {
        bucketName: bucket,
        key: `2024/07/30/part-${n % 1000}.gz`,
        Host: `${bucket}.s3.amazonaws.com`,
      },
      responseElements: null,
      resources: [
        { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/2024/07/30/part-${n % 1000}.gz` },
      ],
    };
  }
  if (kind < 0.6) {
    return {
      ...common,
      userIdentity: asUser,
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DescribeInstances',
      requestParameters: {
        instancesSet: { items: [{ instanceId: `i-${hex(random, 17, '0123456789abcdef')}` }] },
        filterSet: {},
      },
      responseElements: null,
    };
  }
  if (kind < 0.75) {
    const denied = random() < 0.2;
    return {
      ...common,
      userIdentity: asRole,
      eventSource: 'secretsmanager.amazonaws.com',
      eventName: 'GetSecretValue',
      ...(denied
        ? {
            errorCode: 'AccessDenied',
            errorMessage: `User: ${session} is not authorized to perform: secretsmanager:GetSecretValue`,
          }
        : {}),
      requestParameters: {
        secretId: `arn:aws:secretsmanager:us-east-1:${account}:secret:app/${role}/db-${n % 13}`,
      },
      responseElements: null,
    };
  }
  if (kind < 0.95) {
    return {
      ...common,
      readOnly: false,
      userIdentity: asUser,
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      requestParameters: {
        roleArn: `arn:aws:iam::${account}:role/${role}`,
        roleSessionName: `session-${n % 97}`,
        durationSeconds: 3600,
      },
      responseElements: {
        credentials: {
          accessKeyId: `ASIA${hex(random, 16)}`,
          sessionToken: hex(random, 180),
          expiration: 'Jul 30, 2024, 10:31:21 PM',
        },
        assumedRoleUser: {
          assumedRoleId: `AROA${hex(random, 16)}:session-${n % 97}`,
          arn: session,
        },
      },
      resources: [
        { accountId: account, type: 'AWS::IAM::Role', ARN: `arn:aws:iam::${account}:role/${role}` },
      ],
    };
  }
  return {
    ...common,
    readOnly: false,
    userIdentity: asUser,
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateAccessKey',
    requestParameters: { userName: `svc-${n % 11}` },
    responseElements: {
      accessKey: {
        accessKeyId: `AKIA${hex(random, 16)}`,
        status: 'Active',
        userName: `svc-${n % 11}`,
        createDate: time,
      },
    },
  };
}
