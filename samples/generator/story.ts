import { accessDenied, api, assumeRole, callerIdentity, s3Bucket, s3Object } from './calls.js';
import {
  at,
  awsCli,
  ciDeploy,
  ciSession,
  data,
  day1,
  day2,
  intruderDataReader,
  intruderDeploy,
  ip,
  prod,
  region,
  svcBackup,
  ua,
  vpcEndpoint,
  workloadDay1,
  workloadDay2,
} from './cast.js';
import { consoleDate, userArn, type Call, type RoleSession } from './cloudtrail.js';

/**
 * The calls the expectations are about: the nightly batch workload, the CI pipeline using its
 * key as it should, and the intrusion with that key once it leaked. Every call's label is
 * stable; EXPECTED.md names the eventIDs that come out of them.
 */

const ec2Service = { kind: 'service' as const, host: 'ec2.amazonaws.com' };

function workload(day: string, session: RoleSession): Call[] {
  const tag = `workload.${day}`;
  const where = (step: string, clock: string) => ({
    label: `${tag}.${step}`,
    time: at(day, clock),
    trail: prod,
    region,
    who: session,
    ip: ip.appHost,
    ua: ua.app,
  });
  const bucket = 'acme-prod-app-uploads';
  const reads = [1, 2, 3, 4].map((n) =>
    s3Object(
      where(`get-${n}`, `06:0${n + 4}:1${n}`),
      'GetObject',
      bucket,
      `incoming/${day}/batch-00${n}.csv`,
      180_000 + n * 7_331,
      vpcEndpoint,
    ),
  );

  return [
    ...assumeRole(
      {
        label: `${tag}.assume`,
        time: session.creationDate,
        region,
        who: ec2Service,
        ip: 'ec2.amazonaws.com',
        ua: 'ec2.amazonaws.com',
      },
      session,
      { trails: [prod], durationSeconds: 21_600 },
    ),
    ...reads,
    s3Object(
      where('put-summary', '06:21:40'),
      'PutObject',
      bucket,
      `reports/${day}/summary.json`,
      4_212,
      vpcEndpoint,
    ),
    s3Object(
      where('put-errors', '06:21:44'),
      'PutObject',
      bucket,
      `reports/${day}/errors.json`,
      318,
      vpcEndpoint,
    ),
  ];
}

function ciPipeline(): Call[] {
  const asUser = (step: string, clock: string, command: string) => ({
    label: `ci.${step}`,
    time: at(day1, clock),
    trail: prod,
    region,
    who: ciDeploy,
    ip: ip.ciRunner,
    ua: awsCli(command, 'ci'),
  });
  const asSession = (step: string, clock: string, command: string) => ({
    ...asUser(step, clock, command),
    who: ciSession,
  });

  return [
    callerIdentity(asUser('caller-identity', '09:14:01', 'sts.get-caller-identity')),
    ...assumeRole({ ...asUser('assume-deploy', '09:14:05', 'sts.assume-role') }, ciSession, {
      trails: [prod],
      sendDuration: true,
    }),
    api(
      asSession('ecr-token', '09:14:21', 'ecr.get-login-password'),
      'ecr.amazonaws.com',
      'GetAuthorizationToken',
      {
        registryIds: [prod],
      },
    ),
    s3Object(
      asSession('put-artifact', '09:15:10', 's3.cp'),
      'PutObject',
      'acme-prod-artifacts',
      'releases/app-2024.11.05.1.tar.gz',
      48_113_204,
    ),
    api(
      asSession('update-service', '09:16:02', 'ecs.update-service'),
      'ecs.amazonaws.com',
      'UpdateService',
      { cluster: 'prod', service: 'app', taskDefinition: 'app:212', forceNewDeployment: true },
      {
        readOnly: false,
        response: { service: { serviceName: 'app', desiredCount: 3, status: 'ACTIVE' } },
      },
    ),
    api(
      asSession('describe-services-1', '09:16:33', 'ecs.wait'),
      'ecs.amazonaws.com',
      'DescribeServices',
      {
        cluster: 'prod',
        services: ['app'],
      },
    ),
    api(
      asSession('describe-services-2', '09:18:03', 'ecs.wait'),
      'ecs.amazonaws.com',
      'DescribeServices',
      {
        cluster: 'prod',
        services: ['app'],
      },
    ),
  ];
}

function intrusion(): Call[] {
  const as = (who: Call['who'], trail: string) => (step: string, clock: string) => ({
    label: `attack.${step}`,
    time: at(day1, clock),
    trail,
    region,
    who,
    ip: ip.attacker,
    ua: ua.attacker,
  });
  const key = as(ciDeploy, prod);
  const deploy = as(intruderDeploy, prod);
  const reader = as(intruderDataReader, data);
  const ciArn = userArn(prod, 'ci-deploy');
  const created = at(day1, '22:10:30');
  const keyCreated = at(day1, '22:10:52');

  return [
    callerIdentity(key('caller-identity', '21:47:12')),
    api(
      key('list-policies', '21:48:40'),
      'iam.amazonaws.com',
      'ListAttachedUserPolicies',
      { userName: 'ci-deploy' },
      {
        error: accessDenied(ciArn, 'iam:ListAttachedUserPolicies', `user ci-deploy`),
      },
    ),
    ...assumeRole(key('assume-deploy', '21:52:05'), intruderDeploy, { trails: [prod] }),
    callerIdentity(deploy('session-caller-identity', '21:53:30')),
    ...assumeRole(deploy('assume-data-reader', '21:55:48'), intruderDataReader, {
      trails: [prod, data],
    }),
    api(reader('list-secrets', '21:57:10'), 'secretsmanager.amazonaws.com', 'ListSecrets', {
      maxResults: 100,
    }),
    api(reader('get-secret', '21:57:44'), 'secretsmanager.amazonaws.com', 'GetSecretValue', {
      secretId: 'data/warehouse/admin-credentials',
    }),
    s3Bucket(reader('list-exports', '21:59:02'), 'ListObjects', 'acme-data-exports', {
      'list-type': '2',
      prefix: 'finance/',
    }),
    s3Object(
      reader('get-export', '22:00:15'),
      'GetObject',
      'acme-data-exports',
      'finance/customers-2024-10.csv.gz',
      48_213_377,
    ),
    api(
      key('create-user', '22:10:30'),
      'iam.amazonaws.com',
      'CreateUser',
      { userName: 'svc-backup' },
      {
        readOnly: false,
        response: {
          user: {
            path: '/',
            userName: 'svc-backup',
            userId: svcBackup.userId,
            arn: userArn(prod, 'svc-backup'),
            createDate: consoleDate(created, false),
          },
        },
      },
    ),
    api(
      key('create-key', '22:10:52'),
      'iam.amazonaws.com',
      'CreateAccessKey',
      { userName: 'svc-backup' },
      {
        readOnly: false,
        response: {
          accessKey: {
            userName: 'svc-backup',
            accessKeyId: svcBackup.accessKeyId,
            status: 'Active',
            createDate: consoleDate(keyCreated, false),
          },
        },
      },
    ),
    api(
      key('attach-policy', '22:11:20'),
      'iam.amazonaws.com',
      'AttachUserPolicy',
      { userName: 'svc-backup', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      { readOnly: false },
    ),
  ];
}

function backdoor(): Call[] {
  const as = (step: string, clock: string, command: string) => ({
    label: `backdoor.${step}`,
    time: at(day2, clock),
    trail: prod,
    region,
    who: svcBackup,
    ip: ip.backdoorUser,
    ua: awsCli(command, 'mac'),
  });
  const bucket = 'acme-prod-backups';

  return [
    callerIdentity(as('caller-identity', '03:12:44', 'sts.get-caller-identity')),
    s3Bucket(as('list-buckets', '03:13:05', 's3.ls'), 'ListBuckets', null),
    s3Object(
      as('get-backup-1', '03:14:10', 's3.cp'),
      'GetObject',
      bucket,
      'db/prod-2024-11-05.sql.gz',
      912_448_113,
    ),
    s3Object(
      as('get-backup-2', '03:15:31', 's3.cp'),
      'GetObject',
      bucket,
      'db/prod-2024-11-04.sql.gz',
      908_731_540,
    ),
  ];
}

export function storyCalls(): Call[] {
  return [
    ...workload(day1, workloadDay1),
    ...workload(day2, workloadDay2),
    ...ciPipeline(),
    ...intrusion(),
    ...backdoor(),
  ];
}
