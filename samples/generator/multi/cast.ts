import type { IamUser, RoleSession } from '../cloudtrail.js';

/**
 * Who and where in the multi-source sample (samples/multi-source/), with the ids its hand-written
 * expectations name. An agent in a Kubernetes pod logs in to Vault with its service account,
 * reads a long-lived AWS key, uses it to chain into the data account and create a backdoor key,
 * which is used from outside the next day. Fixed here rather than drawn, so EXPECTED.md can name
 * them; the ids of single records (request ids, span ids, event ids) come from their labels.
 */

export const prod = '111111111111';
export const data = '222222222222';
export const region = 'us-east-1';
export const day = '2024-11-12';
export const nextDay = '2024-11-13';

/** `HH:MM:SS[.fraction]` on the day of the agent run, as an RFC 3339 UTC time. */
export const at = (clock: string, date: string = day): string => `${date}T${clock}Z`;

export interface Pod {
  namespace: string;
  name: string;
  uid: string;
  serviceAccount: string;
  ip: string;
  node: string;
  /** The node's own address, from which its kubelet calls the API server. */
  nodeIp: string;
  nodeUid: string;
  /** The projected service account token the kubelet requested for the pod (its JTI). */
  tokenJti: string;
}

/** The agent's pod: everything the intrusion does starts from its address. */
export const copilotPod: Pod = {
  namespace: 'agents',
  name: 'ops-copilot-6f7c9d-x2k4q',
  uid: '3f6b2c1e-8d47-4a9b-b2e5-71c0d9a4e6f3',
  serviceAccount: 'ops-copilot',
  ip: '10.42.1.17',
  node: 'ip-10-0-1-8.ec2.internal',
  nodeIp: '10.0.1.8',
  nodeUid: '9a2d7e4c-1b3f-4c8a-a6d5-0e7f2b9c4d18',
  tokenJti: '5c7e9a1b-2d4f-4e6a-8b0c-d1e3f5a7b9c2',
};

/** Another agent in the same namespace, on another node: chat and a harmless search. */
export const docsPod: Pod = {
  namespace: 'agents',
  name: 'docs-helper-5b8d7c-p9q2w',
  uid: '6e1a9c4b-3f7d-4b2e-9a8c-25d0f7b3e1a6',
  serviceAccount: 'docs-helper',
  ip: '10.42.2.30',
  node: 'ip-10-0-2-14.ec2.internal',
  nodeIp: '10.0.2.14',
  nodeUid: '2c8f4a6e-9d1b-4e3c-b7a5-6f0d2e8c1a94',
  tokenJti: '8d2f4b6a-1c3e-4a5b-9d7f-e0c2a4b6d8f1',
};

/** The payments service: logs in to Vault as itself and reads its own secrets. */
export const paymentsPod: Pod = {
  namespace: 'payments',
  name: 'payments-api-7c5f8b-r4t6z',
  uid: 'b4d6f8a0-2c4e-4f6a-8c0e-3a5c7e9b1d20',
  serviceAccount: 'payments-api',
  ip: '10.42.3.5',
  node: 'ip-10-0-3-11.ec2.internal',
  nodeIp: '10.0.3.11',
  nodeUid: 'e5a7c9b1-4d6f-4a8c-9e0b-7c1d3f5a9b26',
  tokenJti: 'a1c3e5b7-9d2f-4b4a-8c6e-f0b2d4a6c8e3',
};

/** Addresses: the VPC's own (Vault, interface endpoints), RFC 5737 ranges outside. */
export const addr = {
  vault: '10.0.5.10',
  apiServer: '10.0.0.50',
  stsEndpoint: '10.0.7.21',
  iamEndpoint: '10.0.7.34',
  llmGateway: '10.0.9.5',
  dns: '10.0.0.2',
  corednsPod: '10.42.1.23',
  ciRunner: '192.0.2.10',
  office: '192.0.2.45',
  outside: '203.0.113.50',
  etlWorker: '10.40.3.21',
};

/** The STS and IAM interface endpoints that put the pod's own address into CloudTrail. */
export const vpcEndpoint = { sts: 'vpce-0b7d3e5f9a1c2e4d6', iam: 'vpce-0c8e4f6a0b2d3f5e7' };

/** The IAM user whose long-lived key was stored in Vault for the agent's "deploy" tool. */
export const deployBot: IamUser = {
  kind: 'user',
  account: prod,
  name: 'deploy-bot',
  userId: 'AIDAQ7RV2WKLMDB3XHT5',
  accessKeyId: 'AKIAQ3EGRB5YK7DW2MNP',
};

/** The cross-account session the key opened in the data account. */
export const adminSession: RoleSession = {
  kind: 'session',
  account: data,
  roleName: 'cross-account-admin',
  roleId: 'AROAT4NXJ6QZK2PLW8VD',
  sessionName: 'ops-copilot',
  accessKeyId: 'ASIAT4NXQ2LMVRK7ZB3H',
  creationDate: at('14:00:25'),
};

/** The data account's sync user, for which the session created the backdoor key. */
export const svcSync: IamUser = {
  kind: 'user',
  account: data,
  name: 'svc-sync',
  userId: 'AIDAU2KX5PQ7WNJ3MRC9',
  accessKeyId: 'AKIAU6ZN3HQ4BXW7TRE2',
};

export const exfiltrated = {
  bucket: 'acme-data-warehouse',
  key: 'exports/customers-2024-11.parquet',
};

/** The Vault entity and token of the agent's Kubernetes-auth login. */
export const copilotVault = {
  entityId: '7e3a9c15-4b2d-4f8e-a6c0-d19b5e27f384',
  role: 'ops-copilot',
  secretPath: 'secret/data/aws/deploy-key',
};

export const paymentsVault = {
  entityId: 'c2f84e6a-19d3-4b7c-8e05-a6d3f1b9e472',
  role: 'payments-api',
};

/** The AWS CLI v2 in the agent's container image, which names the command it ran. */
export const agentCli = (command: string): string =>
  'aws-cli/2.18.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.1.112-124.190.amzn2023.x86_64 ' +
  'md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard ' +
  `md/installer#docker md/distrib#amzn.2023 md/prompt#off md/command#${command}`;

/** Whoever holds the backdoor key: boto3 on a Mac. */
export const outsideUa =
  'Boto3/1.35.57 md/Botocore#1.35.57 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.13.0 ' +
  'md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.57';

/** The CI runner's AWS CLI. */
export const ciCli = (command: string): string =>
  'aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 ' +
  'lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe ' +
  `md/distrib#ubuntu.22 md/prompt#off md/command#${command}`;
