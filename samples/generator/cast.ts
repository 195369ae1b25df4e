import type { IamUser, RoleSession } from './cloudtrail.js';

/**
 * Who appears in the sample, and the identifiers the hand-written expectations
 * (samples/cloudtrail/EXPECTED.md, expected-links.json) refer to. The ids are fixed here, not
 * drawn at run time, so that the expectations can name them.
 */

export const prod = '111111111111';
export const data = '222222222222';
export const region = 'us-east-1';
export const day1 = '2024-11-05';
export const day2 = '2024-11-06';

export const at = (day: string, clock: string): string => `${day}T${clock}Z`;

/** Addresses: private ones inside the VPCs, RFC 5737 documentation ranges outside. */
export const ip = {
  appHost: '10.20.1.15',
  ciRunner: '192.0.2.10',
  office: '192.0.2.45',
  attacker: '203.0.113.77',
  backdoorUser: '198.51.100.23',
  etlWorker: '10.40.3.21',
  lambdaEgress: ['3.239.18.71', '44.204.91.12', '52.23.17.140'],
};

export const ua = {
  app:
    'aws-sdk-java/2.25.60 Linux/5.10.227-219.884.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.13+11-LTS ' +
    'Java/17.0.13 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy',
  attacker:
    'Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#6.8.0-48-generic md/arch#x86_64 ' +
    'lang/python#3.12.3 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.54',
  browser:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) ' +
    'Chrome/130.0.0.0 Safari/537.36',
  lambda:
    'Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 ' +
    'md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 ' +
    'cfg/retry-mode#legacy Botocore/1.34.145',
  glue:
    'aws-sdk-java/1.12.722 Linux/5.10.226-214.880.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.12+7-LTS ' +
    'java/17.0.12 scala/2.12.18 vendor/Amazon.com_Inc. cfg/retry-mode/standard AWSGlueETL',
};

/** The AWS CLI v2 user agent, which names the command it ran. */
export function awsCli(command: string, where: 'ci' | 'mac'): string {
  const host =
    where === 'ci'
      ? 'aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 ' +
        'lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe ' +
        'md/distrib#ubuntu.22'
      : 'aws-cli/2.18.1 md/awscrt#0.22.0 ua/2.0 os/macos#23.6.0 md/arch#arm64 ' +
        'lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source';
  return `${host} md/prompt#off md/command#${command}`;
}

export const instanceId = 'i-0c4f2a9e7b1d35e08';
export const vpcEndpoint = 'vpce-0f3c2a1b9d8e7f601';

/** The CI pipeline's IAM user and its long-lived key, which leaks. */
export const ciDeploy: IamUser = {
  kind: 'user',
  account: prod,
  name: 'ci-deploy',
  userId: 'AIDACZGQ2CVNC2VT2KYH',
  accessKeyId: 'AKIAZCK6VPQOP7DEWCNU',
};

/** The user the intruder creates, with the key it creates for it. */
export const svcBackup: IamUser = {
  kind: 'user',
  account: prod,
  name: 'svc-backup',
  userId: 'AIDASXGPZKOWMCMNGNBL',
  accessKeyId: 'AKIA5EWMGEAXVOBR2473',
};

const appServer = {
  kind: 'session' as const,
  account: prod,
  roleName: 'app-server-role',
  roleId: 'AROACHMK36D2I2Z7J7OB',
  sessionName: instanceId,
  ec2: true,
};

/** The nightly batch instance's credentials, one set a day. */
export const workloadDay1: RoleSession = {
  ...appServer,
  accessKeyId: 'ASIAHV3YULQCXH4UKHVV',
  creationDate: at(day1, '06:00:02'),
};

export const workloadDay2: RoleSession = {
  ...appServer,
  accessKeyId: 'ASIAK7AWH2UNXEHKBXBW',
  creationDate: at(day2, '06:00:03'),
};

const deployRole = {
  kind: 'session' as const,
  account: prod,
  roleName: 'deploy-role',
  roleId: 'AROAHKEHA4NZW7YQGFKZ',
};

/** The CI pipeline's own deploy session. */
export const ciSession: RoleSession = {
  ...deployRole,
  sessionName: 'gha-deploy-9121',
  accessKeyId: 'ASIAEQC6AKGQBRGBFJTG',
  creationDate: at(day1, '09:14:05'),
};

/** The intruder's session of the same role (boto3 names sessions after the epoch second). */
export const intruderDeploy: RoleSession = {
  ...deployRole,
  sessionName: 'botocore-session-1730843525',
  accessKeyId: 'ASIAUNPNQAPNHOEPHP3K',
  creationDate: at(day1, '21:52:05'),
};

/** The cross-account hop into the data account. */
export const intruderDataReader: RoleSession = {
  kind: 'session',
  account: data,
  roleName: 'data-reader',
  roleId: 'AROAK2BYU2PQWNBL24YP',
  sessionName: 'botocore-session-1730843748',
  accessKeyId: 'ASIARQPEVQHQBI4SFJ2Z',
  creationDate: at(day1, '21:55:48'),
};
