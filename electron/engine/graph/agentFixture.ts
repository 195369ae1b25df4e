import { fixtureCase, type FixtureEvent, type FixtureLink } from './fixtureCase.js';

/**
 * A hand-made story across sources for the bridge, inference and path tests, after the
 * multi-source sample: the agent ops-copilot runs in pod agents/ops-copilot-6f7c9d-x2k4q
 * (10.42.1.17) as service account agents/ops-copilot. Its tool span vault_read_secret runs from
 * 10:00:05 to 10:00:07; in it the pod logs in to Vault (10:00:06) and reads
 * secret/data/aws/deploy-key (10:00:06.5). The long-lived key AKIADEPLOY is first used from
 * 10.42.1.17 at 10:00:27.5, 21 s after the read, to assume an admin role in 222222222222; that
 * session creates the key AKIABACKDOOR (10:05), used the next day from 203.0.113.50 to read
 * loot/data.csv. The pod also assumes a role through IRSA (10:01), and a GitHub workflow assumes
 * one with its OIDC token. Noise: a key first used from the pod's address 30 minutes after the
 * read, a key first used elsewhere long before, a Vault read by another workload, a flow from an
 * address with no records.
 */
export const agent = {
  AGENT: 'agent:ops-copilot',
  TOOL: 'tool:ops-copilot/vault_read_secret',
  POD: 'k8s:pod:agents/ops-copilot-6f7c9d-x2k4q',
  POD_IP: 'ip:10.42.1.17',
  SA: 'k8s:sa:agents/ops-copilot',
  KTOKEN: 'k8s:token:JTI=aaaa',
  ENTITY: 'vault:entity:e-ops',
  VTOKEN: 'vault:token:hmac-sha256:t-ops',
  VROLE: 'vault:role:kubernetes/ops-copilot',
  SECRET: 'vault:path:secret/data/aws/deploy-key',
  DEPLOY_USER: 'aws:user:arn:aws:iam::111111111111:user/deploy',
  DEPLOY: 'aws:key:AKIADEPLOY',
  ADMIN: 'aws:role:arn:aws:iam::222222222222:role/admin',
  SESSION: 'aws:session:arn:aws:sts::222222222222:assumed-role/admin/copilot',
  CHAIN: 'aws:key:ASIACHAIN',
  BACKDOOR_USER: 'aws:user:arn:aws:iam::222222222222:user/backdoor',
  BACKDOOR: 'aws:key:AKIABACKDOOR',
  LOOT: 'aws:resource:arn:aws:s3:::loot/data.csv',
  IRSA: 'aws:federated:arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC:system:serviceaccount:agents:ops-copilot',
  IRSA_ROLE: 'aws:role:arn:aws:iam::111111111111:role/ops-copilot-irsa',
  IRSA_SESSION: 'aws:session:arn:aws:sts::111111111111:assumed-role/ops-copilot-irsa/botocore',
  IRSA_KEY: 'aws:key:ASIAIRSA',
  GH: 'aws:federated:token.actions.githubusercontent.com:repo:acme/deployer:ref:refs/heads/main',
  GH_REPO: 'github:repo:acme/deployer',
  GH_ROLE: 'aws:role:arn:aws:iam::111111111111:role/gh-deploy',
  GH_KEY: 'aws:key:ASIAGH',
  LATE: 'aws:key:AKIALATE',
  OLD: 'aws:key:AKIAOLD',
  OTHER_ENTITY: 'vault:entity:e-other',
  OTHER_TOKEN: 'vault:token:hmac-sha256:t-other',
  VAULT_IP: 'ip:10.0.5.10',
} as const;

const a = agent;
const day = '2025-06-10T';
const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });

export const agentEvents: FixtureEvent[] = [
  {
    name: 'A1',
    time: `${day}10:00:00Z`,
    source: 'otel.span',
    category: 'agent_run',
    action: 'invoke_agent',
    actor: a.AGENT,
    raw: {
      resource: {
        attributes: [
          attr('service.name', 'ops-copilot'),
          attr('k8s.namespace.name', 'agents'),
          attr('k8s.pod.name', 'ops-copilot-6f7c9d-x2k4q'),
          attr('k8s.pod.ip', '10.42.1.17'),
        ],
      },
      span: { name: 'invoke_agent ops-copilot' },
    },
  },
  {
    name: 'T1',
    time: `${day}10:00:05Z`,
    source: 'otel.span',
    category: 'tool_call',
    action: 'execute_tool vault_read_secret',
    actor: a.AGENT,
    target: a.TOOL,
    // 2025-06-10T10:00:07Z in nanoseconds.
    raw: {
      span: { name: 'execute_tool vault_read_secret', endTimeUnixNano: '1749549607000000000' },
    },
  },
  {
    name: 'K1',
    time: `${day}09:59:00Z`,
    source: 'k8s.audit',
    action: 'get',
    actor: a.SA,
    credential: a.KTOKEN,
    target: 'k8s:configmaps:agents/copilot',
    srcIp: '10.42.1.17',
    raw: {
      user: {
        username: 'system:serviceaccount:agents:ops-copilot',
        extra: { 'authentication.kubernetes.io/pod-name': ['ops-copilot-6f7c9d-x2k4q'] },
      },
      sourceIPs: ['10.42.1.17'],
    },
  },
  {
    name: 'V1',
    time: `${day}10:00:06Z`,
    source: 'vault.audit',
    category: 'credential_issue',
    action: 'update',
    actor: a.ENTITY,
    issued: a.VTOKEN,
    target: a.VROLE,
    srcIp: '10.42.1.17',
  },
  {
    name: 'V2',
    time: `${day}10:00:06.5Z`,
    source: 'vault.audit',
    category: 'secret_read',
    action: 'read',
    actor: a.ENTITY,
    credential: a.VTOKEN,
    target: a.SECRET,
    srcIp: '10.42.1.17',
  },
  {
    name: 'C1',
    time: `${day}10:00:27.5Z`,
    category: 'credential_issue',
    action: 'AssumeRole',
    actor: a.DEPLOY_USER,
    credential: a.DEPLOY,
    issued: a.CHAIN,
    target: a.ADMIN,
    srcIp: '10.42.1.17',
  },
  {
    name: 'C2',
    time: `${day}10:05:00Z`,
    category: 'credential_issue',
    action: 'CreateAccessKey',
    actor: a.SESSION,
    credential: a.CHAIN,
    issued: a.BACKDOOR,
    target: a.BACKDOOR_USER,
    srcIp: '10.42.1.17',
  },
  {
    name: 'C3',
    time: '2025-06-11T11:00:00Z',
    action: 'GetObject',
    actor: a.BACKDOOR_USER,
    credential: a.BACKDOOR,
    target: a.LOOT,
    srcIp: '203.0.113.50',
  },
  {
    name: 'W1',
    time: `${day}10:01:00Z`,
    category: 'credential_issue',
    action: 'AssumeRoleWithWebIdentity',
    actor: a.IRSA,
    issued: a.IRSA_KEY,
    target: a.IRSA_ROLE,
    srcIp: '10.42.1.17',
    raw: { eventName: 'AssumeRoleWithWebIdentity' },
  },
  {
    name: 'G1',
    time: `${day}09:00:00Z`,
    category: 'credential_issue',
    action: 'AssumeRoleWithWebIdentity',
    actor: a.GH,
    issued: a.GH_KEY,
    target: a.GH_ROLE,
    srcIp: '192.0.2.80',
  },
  { name: 'N1', time: `${day}10:30:00Z`, credential: a.LATE, srcIp: '10.42.1.17' },
  { name: 'N2', time: `${day}08:00:00Z`, credential: a.OLD, srcIp: '198.51.100.7' },
  { name: 'N3', time: `${day}10:00:45Z`, credential: a.OLD, srcIp: '10.42.1.17' },
  {
    name: 'N4',
    time: `${day}10:00:10Z`,
    source: 'vault.audit',
    category: 'secret_read',
    action: 'read',
    actor: a.OTHER_ENTITY,
    credential: a.OTHER_TOKEN,
    target: 'vault:path:secret/data/other',
    srcIp: '10.42.9.9',
  },
  {
    name: 'F1',
    time: `${day}10:00:05Z`,
    source: 'aws.vpcflow',
    category: 'network',
    action: 'tcp/8200 ACCEPT',
    actor: a.POD_IP,
    target: a.VAULT_IP,
    srcIp: '10.42.1.17',
  },
  {
    name: 'F2',
    time: `${day}10:00:05Z`,
    source: 'aws.vpcflow',
    category: 'network',
    action: 'tcp/8200 ACCEPT',
    actor: 'ip:10.42.7.7',
    target: a.VAULT_IP,
    srcIp: '10.42.7.7',
  },
];

/** What the sources draw from single records (as otel.ts, k8s.ts, vault.ts and cloudtrail.ts do). */
export const agentLinks: FixtureLink[] = [
  { event: 'A1', from: a.AGENT, to: a.POD, kind: 'runs_on' },
  { event: 'T1', from: a.AGENT, to: a.TOOL, kind: 'called_tool' },
  { event: 'K1', from: a.POD, to: a.KTOKEN, kind: 'holds' },
  { event: 'V1', from: a.ENTITY, to: a.VTOKEN, kind: 'holds' },
  { event: 'V1', from: a.ENTITY, to: a.VROLE, kind: 'assumed' },
  { event: 'V1', from: a.ENTITY, to: a.SA, kind: 'same_as' },
  { event: 'V1', from: a.SA, to: a.ENTITY, kind: 'same_as' },
  { event: 'C1', from: a.DEPLOY, to: a.SESSION, kind: 'issued' },
  { event: 'C1', from: a.SESSION, to: a.CHAIN, kind: 'holds' },
  { event: 'C1', from: a.DEPLOY, to: a.ADMIN, kind: 'assumed' },
  { event: 'C2', from: a.BACKDOOR_USER, to: a.BACKDOOR, kind: 'holds' },
  { event: 'W1', from: a.IRSA, to: a.IRSA_SESSION, kind: 'issued' },
  { event: 'W1', from: a.IRSA_SESSION, to: a.IRSA_KEY, kind: 'holds' },
  { event: 'W1', from: a.IRSA, to: a.IRSA_ROLE, kind: 'assumed' },
  { event: 'G1', from: a.GH, to: a.GH_ROLE, kind: 'assumed' },
  { event: 'F1', from: a.POD_IP, to: a.VAULT_IP, kind: 'connected' },
  { event: 'F2', from: 'ip:10.42.7.7', to: a.VAULT_IP, kind: 'connected' },
];

export function agentCase() {
  return fixtureCase(agentEvents, agentLinks);
}
