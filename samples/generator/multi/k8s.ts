import { hexFor, uuidFor } from '../prng.js';
import type { Pod } from './cast.js';

/**
 * Builders for the API server's audit log (k8s/audit.jsonl; the requests are in k8sCalls.ts):
 * audit.k8s.io/v1 Events at stage ResponseComplete, one a line, after
 * test/fixtures/k8s/made/workload.jsonl. Bound service account tokens carry the pod in
 * `user.extra`; the kubelet's TokenRequest names the token it issued in the
 * `issued-credential-id` annotation (Kubernetes 1.29 and later).
 */

const kubeletUa = 'kubelet/v1.30.4 (linux/amd64) kubernetes/a51b3b7';

export interface User {
  username: string;
  /** Service accounts have one; users of a client certificate or OIDC token do not. */
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** A pod's service account, authenticated with the pod's bound token. */
function podUser(pod: Pod): User {
  const auth = 'authentication.kubernetes.io/';
  return {
    username: `system:serviceaccount:${pod.namespace}:${pod.serviceAccount}`,
    uid: uuidFor(`ms.sa-uid:${pod.namespace}/${pod.serviceAccount}`),
    groups: [
      'system:serviceaccounts',
      `system:serviceaccounts:${pod.namespace}`,
      'system:authenticated',
    ],
    extra: {
      [`${auth}credential-id`]: [`JTI=${pod.tokenJti}`],
      [`${auth}node-name`]: [pod.node],
      [`${auth}node-uid`]: [pod.nodeUid],
      [`${auth}pod-name`]: [pod.name],
      [`${auth}pod-uid`]: [pod.uid],
    },
  };
}

function kubelet(node: string): User {
  return {
    username: `system:node:${node}`,
    groups: ['system:nodes', 'system:authenticated'],
    extra: {
      'authentication.kubernetes.io/credential-id': [
        `X509SHA256=${hexFor(`ms.kubelet-cert:${node}`, 64)}`,
      ],
    },
  };
}

export interface Request {
  label: string;
  time: string;
  /** Milliseconds the API server took to answer. */
  tookMs: number;
  user: User;
  ip: string;
  ua: string;
  verb: string;
  uri: string;
  objectRef: Record<string, unknown>;
  code: number;
  reason: string;
  message?: string;
  requestObject?: Record<string, unknown>;
  issued?: string;
}

/** `time` (microseconds, as the API server writes them) plus `micros`. */
function addMicros(time: string, micros: number): string {
  const [whole, fraction = ''] = time.slice(0, -1).split('.');
  const total = Date.parse(`${whole}Z`) * 1000 + Number(fraction.padEnd(6, '0')) + micros;
  const seconds = new Date(Math.floor(total / 1e6) * 1000).toISOString().slice(0, 19);
  return `${seconds}.${String(total % 1e6).padStart(6, '0')}Z`;
}

export const auditIdOf = (label: string): string => uuidFor(`ms.k8s-audit:${label}`);

export function event(r: Request): Record<string, unknown> {
  const status: Record<string, unknown> = { metadata: {}, code: r.code };
  if (r.code >= 400) {
    Object.assign(status, { status: 'Failure', message: r.message, reason: 'Forbidden' });
  }
  const out: Record<string, unknown> = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: r.requestObject ? 'Request' : 'Metadata',
    auditID: auditIdOf(r.label),
    stage: 'ResponseComplete',
    requestURI: r.uri,
    verb: r.verb,
    user: r.user,
    sourceIPs: [r.ip],
    userAgent: r.ua,
    objectRef: r.objectRef,
    responseStatus: status,
  };
  if (r.requestObject) out.requestObject = r.requestObject;
  out.requestReceivedTimestamp = r.time;
  out.stageTimestamp = addMicros(r.time, r.tookMs * 1000);
  const annotations: Record<string, string> = {
    'authorization.k8s.io/decision': r.code >= 400 ? 'forbid' : 'allow',
    'authorization.k8s.io/reason': r.reason,
  };
  if (r.issued) annotations['authentication.kubernetes.io/issued-credential-id'] = r.issued;
  out.annotations = annotations;
  return out;
}

/** The kubelet asks for the pod's projected service account token (a TokenRequest). */
export function tokenRequest(label: string, time: string, pod: Pod): Request {
  return {
    label,
    time,
    tookMs: 4,
    user: kubelet(pod.node),
    ip: pod.nodeIp,
    ua: kubeletUa,
    verb: 'create',
    uri: `/api/v1/namespaces/${pod.namespace}/serviceaccounts/${pod.serviceAccount}/token`,
    objectRef: {
      resource: 'serviceaccounts',
      namespace: pod.namespace,
      name: pod.serviceAccount,
      apiVersion: 'v1',
      subresource: 'token',
    },
    code: 201,
    reason: '',
    requestObject: {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: {
        audiences: ['https://kubernetes.default.svc'],
        expirationSeconds: 3607,
        boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: pod.name, uid: pod.uid },
      },
      status: { token: '', expirationTimestamp: null },
    },
    issued: `JTI=${pod.tokenJti}`,
  };
}

/** The authorizer's reason, as RBAC words it: `to ServiceAccount "NAME/NAMESPACE"`. */
const rbac = (pod: Pod): string =>
  `RBAC: allowed by RoleBinding "${pod.serviceAccount}" of Role "${pod.serviceAccount}" to ` +
  `ServiceAccount "${pod.serviceAccount}/${pod.namespace}"`;

/** A service account's own call from its pod. */
export function podCall(
  label: string,
  time: string,
  pod: Pod,
  verb: string,
  resource: string,
  name: string | null,
  ua: string,
): Request {
  const path = `/api/v1/namespaces/${pod.namespace}/${resource}${name ? `/${name}` : ''}`;
  return {
    label,
    time,
    tookMs: 3,
    user: podUser(pod),
    ip: pod.ip,
    ua,
    verb,
    uri: verb === 'list' ? `${path}?limit=500` : path,
    objectRef: { resource, namespace: pod.namespace, ...(name ? { name } : {}), apiVersion: 'v1' },
    code: 200,
    reason: rbac(pod),
  };
}
