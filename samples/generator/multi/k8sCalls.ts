import { uuidFor } from '../prng.js';
import { addr, at, copilotPod, docsPod, paymentsPod } from './cast.js';
import { event, podCall, tokenRequest, type Request, type User } from './k8s.js';

/**
 * The requests in the multi-source sample's Kubernetes audit log: the kubelets' TokenRequests for
 * the three pods, what the agent's service account did, and the cluster's routine around it
 * (coredns, Vault's TokenReviews, the other pods, an engineer with kubectl).
 */

const pythonClient = 'OpenAPI-Generator/31.0.0/python';
const corednsUser: User = {
  username: 'system:serviceaccount:kube-system:coredns',
  uid: uuidFor('ms.sa-uid:kube-system/coredns'),
  groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
  extra: {
    'authentication.kubernetes.io/credential-id': [`JTI=${uuidFor('ms.coredns-token')}`],
    'authentication.kubernetes.io/node-name': [copilotPod.node],
    'authentication.kubernetes.io/node-uid': [copilotPod.nodeUid],
    'authentication.kubernetes.io/pod-name': ['coredns-787d4945fb-l7ncz'],
    'authentication.kubernetes.io/pod-uid': [uuidFor('ms.coredns-pod')],
  },
};
const vaultReviewer: User = {
  username: 'system:serviceaccount:vault:vault-auth',
  uid: uuidFor('ms.sa-uid:vault/vault-auth'),
  groups: ['system:serviceaccounts', 'system:serviceaccounts:vault', 'system:authenticated'],
};
const alice: User = {
  username: 'alice@acme.example',
  groups: ['platform-admins', 'system:authenticated'],
};

function requests(): Request[] {
  const review = (label: string, time: string): Request => ({
    label,
    time,
    tookMs: 2,
    user: vaultReviewer,
    ip: addr.vault,
    ua: 'Go-http-client/1.1',
    verb: 'create',
    uri: '/apis/authentication.k8s.io/v1/tokenreviews',
    objectRef: { resource: 'tokenreviews', apiGroup: 'authentication.k8s.io', apiVersion: 'v1' },
    code: 201,
    reason:
      'RBAC: allowed by ClusterRoleBinding "vault-auth-delegator" of ClusterRole "system:auth-delegator" to ServiceAccount "vault-auth/vault"',
  });

  return [
    tokenRequest('payments.token-request', at('13:41:07.310214'), paymentsPod),
    tokenRequest('docs.token-request', at('13:46:52.804417'), docsPod),
    tokenRequest('copilot.token-request', at('13:58:31.552903'), copilotPod),
    {
      label: 'coredns.list-endpointslices',
      time: at('13:52:18.220871'),
      tookMs: 6,
      user: corednsUser,
      ip: addr.corednsPod,
      ua: 'coredns/v1.11.3 (linux/amd64) kubernetes/v1.11.3',
      verb: 'list',
      uri: '/apis/discovery.k8s.io/v1/endpointslices?limit=500&resourceVersion=0',
      objectRef: { resource: 'endpointslices', apiGroup: 'discovery.k8s.io', apiVersion: 'v1' },
      code: 200,
      reason:
        'RBAC: allowed by ClusterRoleBinding "system:coredns" of ClusterRole "system:coredns" to ServiceAccount "coredns/kube-system"',
    },
    podCall(
      'payments.get-config',
      at('13:55:08.904116'),
      paymentsPod,
      'get',
      'configmaps',
      'payments-api-config',
      pythonClient,
    ),
    review('vault.review-payments', at('13:55:10.131067')),
    podCall(
      'docs.get-config',
      at('13:58:04.417730'),
      docsPod,
      'get',
      'configmaps',
      'docs-helper-config',
      pythonClient,
    ),
    podCall(
      'copilot.get-config',
      at('13:59:58.402611'),
      copilotPod,
      'get',
      'configmaps',
      'ops-copilot-config',
      pythonClient,
    ),
    review('vault.review-copilot', at('14:00:02.722845')),
    podCall(
      'copilot.list-pods',
      at('14:00:41.318054'),
      copilotPod,
      'list',
      'pods',
      null,
      pythonClient,
    ),
    {
      label: 'alice.get-pods',
      time: at('14:20:15.660382'),
      tookMs: 5,
      user: alice,
      ip: addr.office,
      ua: 'kubectl/v1.31.2 (darwin/arm64) kubernetes/5864a46',
      verb: 'list',
      uri: '/api/v1/namespaces/agents/pods?limit=500',
      objectRef: { resource: 'pods', namespace: 'agents', apiVersion: 'v1' },
      code: 200,
      reason:
        'RBAC: allowed by ClusterRoleBinding "platform-admins" of ClusterRole "view" to Group "platform-admins"',
    },
    {
      ...podCall(
        'docs.list-secrets-denied',
        at('14:03:12.091455'),
        docsPod,
        'list',
        'secrets',
        null,
        pythonClient,
      ),
      code: 403,
      reason: '',
      message:
        'secrets is forbidden: User "system:serviceaccount:agents:docs-helper" cannot list resource "secrets" in API group "" in the namespace "agents"',
    },
  ];
}

/** The audit log's text: events in the order the API server wrote them. */
export function k8sAuditLog(): string {
  const all = requests().sort((a, b) => a.time.localeCompare(b.time));
  return all.map((r) => JSON.stringify(event(r))).join('\n') + '\n';
}
