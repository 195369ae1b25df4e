import { accessDenied, api, assumeRole, s3Bucket, serviceSession } from './calls.js';
import { at, data, day1, day2, ip, prod, region, ua } from './cast.js';
import { addSeconds, userArn, type Call, type IamUser, type RoleSession } from './cloudtrail.js';
import { accessKeyFor, randomFor } from './prng.js';
import { dataAccountNoise } from './dataAccountNoise.js';

/**
 * Routine activity around the story: a Lambda inventory collector, AWS Config, CloudTrail's own
 * bucket checks, an engineer in the console (and dataAccountNoise.ts for the data account). None of them touches a credential, session or role of the story.
 */

const days = [day1, day2];
const clockOf = (hour: number, minute: number, second: number): string =>
  [hour, minute, second].map((n) => String(n).padStart(2, '0')).join(':');

function inventoryCollector(): Call[] {
  const calls: Call[] = [];
  const lambda = { kind: 'service' as const, host: 'lambda.amazonaws.com' };
  let session: RoleSession | undefined;

  for (const [d, day] of days.entries()) {
    for (let hour = 0; hour < 24; hour += 3) {
      const run = `collector.${day}.${hour}`;
      const random = randomFor(run);
      if (hour % 9 === 0 || !session) {
        const created = at(day, clockOf(hour, 0, 1 + d));
        session = serviceSession(
          prod,
          'inventory-collector-role',
          'inventory-collector',
          run,
          created,
        );
        const where = { label: `${run}.assume`, time: created, region, who: lambda };
        calls.push(
          ...assumeRole(
            { ...where, ip: 'lambda.amazonaws.com', ua: 'lambda.amazonaws.com' },
            session,
            {
              trails: [prod],
              durationSeconds: 43_200,
            },
          ),
        );
      }
      const egress = ip.lambdaEgress[Math.floor(random() * 2)] ?? '3.239.18.71';
      let second = 5;
      const where = (step: string, callRegion = region) => ({
        label: `${run}.${step}`,
        time: at(day, clockOf(hour, 0, (second += 1 + Math.floor(random() * 4)))),
        trail: prod,
        region: callRegion,
        who: session as RoleSession,
        ip: egress,
        ua: ua.lambda,
      });
      calls.push(
        api(where('instances'), 'ec2.amazonaws.com', 'DescribeInstances', {
          instancesSet: {},
          filterSet: {},
        }),
        api(where('groups'), 'ec2.amazonaws.com', 'DescribeSecurityGroups', {
          securityGroupSet: {},
          securityGroupIdSet: {},
          filterSet: {},
        }),
        api(where('volumes'), 'ec2.amazonaws.com', 'DescribeVolumes', {
          volumeSet: {},
          filterSet: {},
        }),
        api(where('instances-eu', 'eu-west-1'), 'ec2.amazonaws.com', 'DescribeInstances', {
          instancesSet: {},
          filterSet: {},
        }),
        s3Bucket(where('buckets'), 'ListBuckets', null),
        s3Bucket(
          where('policy-uploads'),
          'GetBucketPolicy',
          'acme-prod-app-uploads',
          { policy: '' },
          {
            code: 'NoSuchBucketPolicy',
            message: 'The bucket policy does not exist',
          },
        ),
        s3Bucket(where('policy-backups'), 'GetBucketPolicy', 'acme-prod-backups', { policy: '' }),
        api(where('roles'), 'iam.amazonaws.com', 'ListRoles', null),
      );
    }
  }
  return calls;
}

function awsConfig(): Call[] {
  const calls: Call[] = [];
  const config = { kind: 'service' as const, host: 'config.amazonaws.com' };

  for (const [d, day] of days.entries()) {
    const created = at(day, clockOf(0, 12, 30 + d));
    const session = serviceSession(
      prod,
      'AWSServiceRoleForConfig',
      'AWSConfig-Describe',
      `config.${day}`,
      created,
      'config.amazonaws.com',
    );
    const from = { ip: 'config.amazonaws.com', ua: 'config.amazonaws.com' };
    calls.push(
      ...assumeRole(
        { label: `config.${day}.assume`, time: created, region, who: config, ...from },
        session,
        {
          trails: [prod],
        },
      ),
    );
    for (let hour = 0; hour < 24; hour += 2) {
      const base = { trail: prod, region, who: session, ...from };
      const time = at(day, clockOf(hour, 13, 10 + d));
      calls.push(
        api(
          { ...base, label: `config.${day}.${hour}.groups`, time },
          'ec2.amazonaws.com',
          'DescribeSecurityGroups',
          {
            securityGroupSet: {},
            securityGroupIdSet: {},
            filterSet: {},
          },
        ),
        api(
          { ...base, label: `config.${day}.${hour}.vpcs`, time: addSeconds(time, 2) },
          'ec2.amazonaws.com',
          'DescribeVpcs',
          {
            vpcSet: {},
            filterSet: {},
          },
        ),
      );
    }
  }
  return calls;
}

function trailBucketChecks(account: string, bucket: string, everyHours: number): Call[] {
  const cloudtrail = { kind: 'service' as const, host: 'cloudtrail.amazonaws.com' };
  const calls: Call[] = [];
  for (const day of days) {
    for (let hour = 0; hour < 24; hour += everyHours) {
      const label = `trail-acl.${account}.${day}.${hour}`;
      const where = {
        label,
        time: at(day, clockOf(hour, 41, Math.floor(randomFor(label)() * 60))),
        trail: account,
        region,
        who: cloudtrail,
        ip: 'cloudtrail.amazonaws.com',
        ua: 'cloudtrail.amazonaws.com',
      };
      calls.push(s3Bucket(where, 'GetBucketAcl', bucket, { acl: '' }));
    }
  }
  return calls;
}

const consoleCalls: [string, string, Record<string, unknown> | null][] = [
  ['ec2.amazonaws.com', 'DescribeInstances', { instancesSet: {}, filterSet: {} }],
  [
    'ec2.amazonaws.com',
    'DescribeInstanceStatus',
    { instancesSet: {}, filterSet: {}, includeAllInstances: false },
  ],
  ['monitoring.amazonaws.com', 'DescribeAlarms', { maxRecords: 100 }],
  [
    'monitoring.amazonaws.com',
    'GetMetricData',
    { startTime: 'Nov 5, 2024, 6:00:00 AM', maxDatapoints: 1440 },
  ],
  ['ecs.amazonaws.com', 'ListClusters', null],
  ['ecs.amazonaws.com', 'DescribeServices', { cluster: 'prod', services: ['app'] }],
  ['logs.amazonaws.com', 'DescribeLogGroups', { limit: 50 }],
  ['logs.amazonaws.com', 'FilterLogEvents', { logGroupName: '/ecs/prod/app', limit: 100 }],
  ['rds.amazonaws.com', 'DescribeDBInstances', null],
  ['cloudtrail.amazonaws.com', 'LookupEvents', { maxResults: 50 }],
];

function consoleEngineer(): Call[] {
  const calls: Call[] = [];
  const base = {
    kind: 'user' as const,
    account: prod,
    name: 'maria.santos',
    userId: 'AIDAV2MZP7QH5TRWKXLC',
  };
  const arn = userArn(prod, 'maria.santos');

  for (const [d, day] of days.entries()) {
    const signIn = at(day, d === 0 ? '08:31:07' : '08:44:51');
    const login: IamUser = { ...base, accessKeyId: '', console: { creationDate: signIn } };
    calls.push({
      label: `console.${day}.login`,
      time: signIn,
      trail: prod,
      region,
      who: login,
      source: 'signin.amazonaws.com',
      name: 'ConsoleLogin',
      ip: ip.office,
      ua: ua.browser,
      request: null,
      response: { ConsoleLogin: 'Success' },
      additional: {
        LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true',
        MobileVersion: 'No',
        MFAIdentifier: `arn:aws:iam::${prod}:mfa/maria.santos`,
        MFAUsed: 'Yes',
      },
      readOnly: false,
      eventType: 'AwsConsoleSignIn',
    });

    const who: IamUser = {
      ...base,
      accessKeyId: accessKeyFor('ASIA', `console.${day}`),
      console: { creationDate: signIn },
    };
    const random = randomFor(`console.${day}`);
    let time = signIn;
    const count = d === 0 ? 20 : 16;
    for (let n = 0; n < count; n++) {
      time = addSeconds(time, 20 + Math.floor(random() * 600));
      const where = {
        label: `console.${day}.${n}`,
        time,
        trail: prod,
        region,
        who,
        ip: ip.office,
        ua: ua.browser,
      };
      if (n === 7) {
        const error = accessDenied(arn, 'iam:ListRoles', `arn:aws:iam::${prod}:role/`);
        calls.push(api(where, 'iam.amazonaws.com', 'ListRoles', null, { error }));
        continue;
      }
      if (n === 12) {
        const error = accessDenied(arn, 'iam:GetAccountAuthorizationDetails', '*');
        calls.push(
          api(
            where,
            'iam.amazonaws.com',
            'GetAccountAuthorizationDetails',
            { filter: ['Role'] },
            { error },
          ),
        );
        continue;
      }
      const [source, name, request] =
        consoleCalls[Math.floor(random() * consoleCalls.length)] ?? consoleCalls[0]!;
      calls.push(api(where, source, name, request));
    }
  }
  return calls;
}

export function noiseCalls(): Call[] {
  return [
    ...inventoryCollector(),
    ...awsConfig(),
    ...trailBucketChecks(prod, 'acme-org-cloudtrail-logs', 2),
    ...trailBucketChecks(data, 'acme-data-cloudtrail-logs', 4),
    ...consoleEngineer(),
    ...dataAccountNoise(),
  ];
}
