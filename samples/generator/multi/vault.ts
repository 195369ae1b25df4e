import { hexFor, uuidFor } from '../prng.js';
import { at, copilotPod, copilotVault, paymentsPod, paymentsVault, type Pod } from './cast.js';

/**
 * The Vault audit device's file (vault/audit.log): a request entry and a response entry for
 * every call, one JSON object a line, strings HMAC'd as the device writes them by default
 * (`hmac-sha256:...`), after test/fixtures/vault/k8s-agent-runner.audit.log.
 */

const hmac = (label: string): string => `hmac-sha256:${hexFor(`vault-hmac:${label}`, 64)}`;

interface Token {
  label: string;
  pod: Pod;
  role: string;
  entityId: string;
  policies: string[];
  issueTime: string;
}

const copilotToken: Token = {
  label: 'ms.vault.copilot-token',
  pod: copilotPod,
  role: copilotVault.role,
  entityId: copilotVault.entityId,
  policies: ['default', 'ops-copilot'],
  issueTime: at('14:00:02'),
};

const paymentsToken: Token = {
  label: 'ms.vault.payments-token',
  pod: paymentsPod,
  role: paymentsVault.role,
  entityId: paymentsVault.entityId,
  policies: ['default', 'payments-read'],
  issueTime: at('13:55:10'),
};

/** The accessor of a token, as the audit device logs it (HMAC'd). */
export const accessorOf = (token: 'copilot' | 'payments'): string =>
  hmac(`${token === 'copilot' ? copilotToken.label : paymentsToken.label}:accessor`);

function tokenAuth(token: Token, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    client_token: hmac(`${token.label}:client-token`),
    accessor: hmac(`${token.label}:accessor`),
    display_name: `kubernetes-${token.pod.namespace}-${token.pod.serviceAccount}`,
    policies: token.policies,
    token_policies: token.policies,
    ...extra,
    metadata: {
      role: token.role,
      service_account_name: token.pod.serviceAccount,
      service_account_namespace: token.pod.namespace,
      service_account_secret_name: '',
      service_account_uid: uuidFor(`ms.sa-uid:${token.pod.namespace}/${token.pod.serviceAccount}`),
    },
    entity_id: token.entityId,
    token_type: 'service',
    token_ttl: 3600,
    token_issue_time: token.issueTime,
  };
}

const mounts = {
  kubernetes: {
    mount_point: 'auth/kubernetes/',
    mount_type: 'kubernetes',
    mount_accessor: 'auth_kubernetes_6c1e8a4f',
    version: 'v0.20.0+builtin',
    mount_class: 'auth',
  },
  token: {
    mount_point: 'auth/token/',
    mount_type: 'token',
    mount_accessor: 'auth_token_2b9d4f71',
    version: 'v1.18.1+builtin.vault',
    mount_class: 'auth',
  },
  secret: {
    mount_point: 'secret/',
    mount_type: 'kv',
    mount_accessor: 'kv_8f3a6d20',
    version: 'v0.21.0+builtin',
    mount_class: 'secret',
  },
};

interface VaultCall {
  label: string;
  /** When the request arrived and when it was answered (RFC 3339 with nanoseconds). */
  requested: string;
  answered: string;
  /** The token the call was made with; a login is made with the pod's JWT instead. */
  token: Token | null;
  /** The token a login issued. */
  issues?: Token;
  mount: keyof typeof mounts;
  operation: string;
  path: string;
  port: number;
  remote: string;
  data?: Record<string, unknown>;
  /** The response's data (KV values, HMAC'd). */
  responseData?: Record<string, unknown>;
  error?: string;
}

/** The request and response entries of one call, in the order the device writes their keys. */
function entries(call: VaultCall): Record<string, unknown>[] {
  const m = mounts[call.mount];
  const denied = call.error !== undefined;
  const requestAuth = call.token
    ? tokenAuth(call.token, {
        policy_results: denied
          ? { allowed: false }
          : {
              allowed: true,
              granting_policies: [
                { name: call.token.policies[1], namespace_id: 'root', type: 'acl' },
              ],
            },
      })
    : { token_type: 'default', policy_results: { allowed: true } };
  const request: Record<string, unknown> = {
    id: uuidFor(`ms.vault-request:${call.label}`),
    client_id: call.token?.entityId ?? '',
    operation: call.operation,
    mount_point: m.mount_point,
    mount_type: m.mount_type,
    mount_accessor: m.mount_accessor,
    mount_running_version: m.version,
    mount_class: m.mount_class,
    client_token: call.token ? hmac(`${call.token.label}:client-token`) : '',
    client_token_accessor: call.token ? hmac(`${call.token.label}:accessor`) : '',
    namespace: { id: 'root' },
    path: call.path,
    ...(call.data ? { data: call.data } : {}),
    remote_address: call.remote,
    remote_port: call.port,
  };
  const response: Record<string, unknown> = {
    mount_point: m.mount_point,
    mount_type: m.mount_type,
    mount_accessor: m.mount_accessor,
    mount_running_plugin_version: m.version,
    mount_class: m.mount_class,
  };
  if (call.issues) response.auth = tokenAuth(call.issues);
  if (call.responseData) response.data = call.responseData;
  const responseAuth = call.issues ? tokenAuth(call.issues) : requestAuth;
  const error = denied ? { error: call.error } : {};

  return [
    { time: call.requested, type: 'request', auth: requestAuth, request, ...error },
    { time: call.answered, type: 'response', auth: responseAuth, request, response, ...error },
  ];
}

const login = (token: Token): Record<string, unknown> => ({
  jwt: hmac(`${token.label}:jwt`),
  role: hmac(`${token.label}:role`),
});

/** KV version 2's answer to a read: the values HMAC'd, the version metadata. */
function kvData(label: string, keys: string[], version: number): Record<string, unknown> {
  return {
    data: Object.fromEntries(keys.map((k) => [k, hmac(`${label}:${k}`)])),
    metadata: {
      created_time: hmac(`${label}:created`),
      custom_metadata: null,
      deletion_time: hmac('empty'),
      destroyed: false,
      version,
    },
  };
}

const denied = '1 error occurred:\n\t* permission denied\n\n';

const calls: VaultCall[] = [
  {
    label: 'payments.login',
    requested: at('13:55:10.118402736'),
    answered: at('13:55:10.161937205'),
    token: null,
    issues: paymentsToken,
    mount: 'kubernetes',
    operation: 'update',
    path: 'auth/kubernetes/login',
    port: 41602,
    remote: paymentsPod.ip,
    data: login(paymentsToken),
  },
  {
    label: 'payments.read-stripe',
    requested: at('13:55:11.020331847'),
    answered: at('13:55:11.023902114'),
    token: paymentsToken,
    mount: 'secret',
    operation: 'read',
    path: 'secret/data/payments/stripe',
    port: 41610,
    remote: paymentsPod.ip,
    responseData: kvData('payments.stripe', ['api_key', 'webhook_secret'], 4),
  },
  {
    label: 'payments.read-db',
    requested: at('13:55:11.240118659'),
    answered: at('13:55:11.243377021'),
    token: paymentsToken,
    mount: 'secret',
    operation: 'read',
    path: 'secret/data/payments/db',
    port: 41610,
    remote: paymentsPod.ip,
    responseData: kvData('payments.db', ['username', 'password'], 7),
  },
  {
    label: 'copilot.login',
    requested: at('14:00:02.714318502'),
    answered: at('14:00:02.741093866'),
    token: null,
    issues: copilotToken,
    mount: 'kubernetes',
    operation: 'update',
    path: 'auth/kubernetes/login',
    port: 52814,
    remote: copilotPod.ip,
    data: login(copilotToken),
  },
  {
    label: 'copilot.read-deploy-key',
    requested: at('14:00:03.108724913'),
    answered: at('14:00:03.112650378'),
    token: copilotToken,
    mount: 'secret',
    operation: 'read',
    path: copilotVault.secretPath,
    port: 52820,
    remote: copilotPod.ip,
    responseData: kvData('copilot.deploy-key', ['aws_access_key_id', 'aws_secret_access_key'], 2),
  },
  {
    label: 'payments.read-admin-denied',
    requested: at('14:06:41.502774190'),
    answered: at('14:06:41.503881452'),
    token: paymentsToken,
    mount: 'secret',
    operation: 'read',
    path: 'secret/data/payments/admin',
    port: 41688,
    remote: paymentsPod.ip,
    error: denied,
  },
  {
    label: 'payments.renew',
    requested: at('14:45:10.330187224'),
    answered: at('14:45:10.351642907'),
    token: paymentsToken,
    issues: paymentsToken,
    mount: 'token',
    operation: 'update',
    path: 'auth/token/renew-self',
    port: 41730,
    remote: paymentsPod.ip,
  },
];

/** The calls by label, for the expectations: `request.id` names each. */
export const vaultRequestId = (label: string): string => uuidFor(`ms.vault-request:${label}`);

/** The audit log's text: entries in the order they were written. */
export function vaultAuditLog(): string {
  const all = calls.flatMap(entries);
  all.sort((a, b) => String(a.time).localeCompare(String(b.time)));
  return all.map((entry) => JSON.stringify(entry)).join('\n') + '\n';
}
