import {
  accessDenied,
  api,
  assumeRole,
  callerIdentity,
  s3Bucket,
  s3Object,
  serviceSession,
} from '../calls.js';
import { userArn, type Call, type IamUser } from '../cloudtrail.js';
import { accessKeyFor } from '../prng.js';
import { addr, at, ciCli, data, exfiltrated, nextDay, outsideUa, prod, region } from './cast.js';

/**
 * Routine CloudTrail calls around the multi-source story: a release pipeline from the same CI
 * runner as deploy-bot, an app server's instance session in the same minute as the agent, the
 * Glue ETL job on the warehouse bucket (other objects), an analyst in the data account. None of
 * them uses a credential, session or role of the story.
 */

const releaseBot: IamUser = {
  kind: 'user',
  account: prod,
  name: 'release-bot',
  userId: 'AIDAR5MX3KWQ8LNV2PZT',
  accessKeyId: accessKeyFor('AKIA', 'ms.release-bot'),
};

const biReader: IamUser = {
  kind: 'user',
  account: data,
  name: 'bi-reader',
  userId: 'AIDAV8PK2NXR4WQJ6LMS',
  accessKeyId: accessKeyFor('AKIA', 'ms.bi-reader'),
};

export function trailNoise(): Call[] {
  const release = (step: string, clock: string, command: string) => ({
    label: `ms.release.${step}`,
    time: at(clock),
    trail: prod,
    region,
    who: releaseBot,
    ip: addr.ciRunner,
    ua: ciCli(command),
  });
  const appSession = serviceSession(
    prod,
    'app-server-role',
    'i-0d5e7f9a1b3c4d6e8',
    'ms.app-server',
    at('12:00:04'),
  );
  const app = (step: string, clock: string) => ({
    label: `ms.app.${step}`,
    time: at(clock),
    trail: prod,
    region,
    who: { ...appSession, ec2: true },
    ip: '10.0.4.12',
    ua: 'aws-sdk-java/2.25.60 Linux/6.1.112-124.190.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/17.0.13+11-LTS Java/17.0.13 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy',
  });
  const glue = { kind: 'service' as const, host: 'glue.amazonaws.com' };
  const etl = (date: string, clock: string) =>
    serviceSession(data, 'etl-runner', 'GlueJobRunnerSession', `ms.etl.${date}`, at(clock, date));
  const etlWhere = (date: string, step: string, clock: string) => ({
    label: `ms.etl.${date}.${step}`,
    time: at(clock, date),
    trail: data,
    region,
    who: etl(date, '01:00:03'),
    ip: addr.etlWorker,
    ua: 'aws-sdk-java/1.12.722 Linux/5.10.226-214.880.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.12+7-LTS java/17.0.12 scala/2.12.18 vendor/Amazon.com_Inc. cfg/retry-mode/standard AWSGlueETL',
  });
  const etlRun = (date: string): Call[] => [
    ...assumeRole(
      {
        label: `ms.etl.${date}.assume`,
        time: at('01:00:03', date),
        region,
        who: glue,
        ip: 'glue.amazonaws.com',
        ua: 'glue.amazonaws.com',
      },
      etl(date, '01:00:03'),
      { trails: [data] },
    ),
    s3Object(
      etlWhere(date, 'read-orders', '01:02:11'),
      'GetObject',
      exfiltrated.bucket,
      `tables/orders/dt=${date}/part-00000.parquet`,
      14_220_931,
    ),
    s3Object(
      etlWhere(date, 'write-summary', '01:09:40'),
      'PutObject',
      exfiltrated.bucket,
      `tables/orders_daily/dt=${date}/part-00000.parquet`,
      802_114,
    ),
  ];
  const bi = (step: string, clock: string) => ({
    label: `ms.bi.${step}`,
    time: at(clock),
    trail: data,
    region,
    who: biReader,
    ip: addr.office,
    ua: outsideUa.replace('macos#24.1.0', 'windows#10'),
  });

  return [
    callerIdentity(release('caller-identity', '10:05:02', 'sts.get-caller-identity')),
    s3Object(
      release('put-artifact', '10:05:40', 's3.cp'),
      'PutObject',
      'acme-prod-artifacts',
      'releases/app-2024.11.12.1.tar.gz',
      48_220_117,
    ),
    api(
      release('ecr-token', '10:06:05', 'ecr.get-login-password'),
      'ecr.amazonaws.com',
      'GetAuthorizationToken',
      { registryIds: [prod] },
    ),
    s3Object(
      app('config-1', '13:00:12'),
      'GetObject',
      'acme-prod-app-config',
      'app/settings.json',
      2_114,
    ),
    s3Object(
      app('config-2', '14:00:20'),
      'GetObject',
      'acme-prod-app-config',
      'app/settings.json',
      2_114,
    ),
    s3Object(
      app('config-3', '15:00:16'),
      'GetObject',
      'acme-prod-app-config',
      'app/settings.json',
      2_114,
    ),
    api(app('secret', '14:00:22'), 'secretsmanager.amazonaws.com', 'GetSecretValue', {
      secretId: 'prod/app/db',
    }),
    ...etlRun('2024-11-12'),
    ...etlRun(nextDay),
    s3Bucket(bi('list-buckets', '15:20:31'), 'ListBuckets', null),
    s3Object(
      bi('get-report', '15:21:04'),
      'GetObject',
      'acme-data-reports',
      'weekly/2024-W45.csv',
      188_041,
    ),
    api(bi('list-users', '15:22:40'), 'iam.amazonaws.com', 'ListUsers', null, {
      error: accessDenied(
        userArn(data, biReader.name),
        'iam:ListUsers',
        `arn:aws:iam::${data}:user/`,
      ),
    }),
  ];
}
