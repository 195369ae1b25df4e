import { ipPattern, isoSql } from '../graph/nodeSql.js';

/** SQL pieces several rules share. */

/** SQL: true when `col` is a network address (not a service host name or empty). */
export function isAddress(col: string): string {
  return `coalesce(regexp_matches(${col}, '${ipPattern}'), false)`;
}

/** SQL: a TIMESTAMPTZ as the ISO text the API carries. */
export const iso = isoSql;

/** SQL: the AWS account an ARN-shaped node id (`aws:role:arn:aws:iam::ID:role/x`) belongs to. */
export function accountOf(col: string): string {
  return `(CASE WHEN regexp_matches(${col}, '^aws:(user|session|role):arn:')
    THEN nullif(split_part(${col}, ':', 7), '') END)`;
}

/** Node kinds that are workloads by what they are: pods, service accounts, agents and tools. */
export const workloadKinds = [
  'k8s:sa',
  'k8s:pod',
  'agent',
  'tool',
  'gcp:sa',
  'entra:mi',
  'entra:sp',
];

/**
 * Credentials that last until someone removes them: IAM user access keys, GCP service-account
 * keys and Entra application credentials (client secrets and certificates).
 */
export function isLongLived(col: string): string {
  return `(starts_with(${col}, 'aws:key:AKIA') OR starts_with(${col}, 'gcp:key:')
    OR starts_with(${col}, 'entra:cred:'))`;
}

/**
 * CTEs `workloads(node_id)` and `workload_addresses(src_ip, event_id, acting, workload)`.
 * A workload is a node of a workload kind, a Vault entity that is a Kubernetes service account
 * (`same_as`), or an AWS session a service issued (an instance profile, a Lambda role) with its
 * key. Its addresses are those its own records came from, so that a key used from one of them
 * was used by that workload, or by something sharing its address.
 */
export const workloadCtes = `
  workloads AS (
    SELECT node_id FROM nodes WHERE kind IN (${workloadKinds.map((k) => `'${k}'`).join(', ')})
    UNION SELECT from_id FROM links WHERE kind = 'same_as' AND starts_with(to_id, 'k8s:sa:')
    UNION SELECT to_id FROM links WHERE kind = 'issued' AND starts_with(from_id, 'aws:service:')
    UNION SELECT h.to_id FROM links i JOIN links h ON h.from_id = i.to_id AND h.kind = 'holds'
      WHERE i.kind = 'issued' AND starts_with(i.from_id, 'aws:service:')),
  workload_addresses AS (
    SELECT src_ip, arg_min(event_id, (time, event_id)) AS event_id,
      arg_min(coalesce(credential, actor), (time, event_id)) AS acting,
      arg_min(workload, (time, event_id)) AS workload
    FROM (
      -- Two equality joins rather than one join on OR, which DuckDB would run as a nested loop.
      SELECT e.event_id, e.time, e.src_ip, e.credential, e.actor, w.node_id AS workload
      FROM events e JOIN workloads w ON w.node_id = e.actor
      UNION ALL
      SELECT e.event_id, e.time, e.src_ip, e.credential, e.actor, w.node_id
      FROM events e JOIN workloads w ON w.node_id = e.credential
      WHERE e.actor IS DISTINCT FROM e.credential)
    WHERE ${isAddress('src_ip')} AND time IS NOT NULL
      AND NOT coalesce(${isLongLived('credential')}, false)
    GROUP BY src_ip)`;

/** What a privileged action does, gravest first; the agent rule ranks and names hits by it. */
export const privilegedKinds = ['credential', 'permission', 'account', 'destruction'] as const;
export type PrivilegedKind = (typeof privilegedKinds)[number];

const quoted = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * The privileged actions, by source and kind: minting a credential for someone, granting
 * permissions (IAM policies and who may assume a role, GCP IAM policies, Kubernetes RBAC, Vault
 * ACL policies, Entra role and app-role assignments), creating an account, and destroying a
 * secret. Reading a secret is not on the list, since the secret rule follows what a read gave;
 * the agent rule, for which DESIGN counts a read as privileged, adds reads itself.
 */
const privileged = (e: string): Record<PrivilegedKind, string[]> => ({
  credential: [
    `${e}.source = 'aws.cloudtrail' AND ${e}.action IN (${quoted([
      'CreateAccessKey',
      'CreateLoginProfile',
      'UpdateLoginProfile',
      'CreateServiceSpecificCredential',
    ])})`,
    `${e}.source = 'gcp.audit' AND regexp_matches(${e}.action, '(^|[.])CreateServiceAccountKey$')`,
    `${e}.source = 'entra.audit' AND ${e}.action IN (${quoted([
      'Add service principal credentials',
      'Update application – Certificates and secrets management',
    ])})`,
  ],
  permission: [
    `${e}.source = 'aws.cloudtrail' AND ${e}.action IN (${quoted([
      'AttachUserPolicy',
      'AttachRolePolicy',
      'AttachGroupPolicy',
      'PutUserPolicy',
      'PutRolePolicy',
      'PutGroupPolicy',
      'CreatePolicy',
      'CreatePolicyVersion',
      'SetDefaultPolicyVersion',
      'UpdateAssumeRolePolicy',
      'AddUserToGroup',
    ])})`,
    `${e}.source = 'gcp.audit' AND regexp_matches(${e}.action, '(^|[.])SetIamPolicy$')`,
    `${e}.source = 'k8s.audit' AND ${e}.action IN ('create', 'update', 'patch', 'delete', 'deletecollection')
      AND regexp_matches(${e}.target, '^k8s:(roles|rolebindings|clusterroles|clusterrolebindings):')`,
    `${e}.source = 'vault.audit' AND ${e}.action IN ('create', 'update', 'delete')
      AND regexp_matches(${e}.target, '^vault:path:(.*/)?sys/(policy|policies/acl)/')`,
    `${e}.source = 'entra.audit' AND ${e}.action IN (${quoted([
      'Add member to role',
      'Add app role assignment to service principal',
      'Add eligible member to role',
    ])})`,
  ],
  account: [
    `${e}.source = 'aws.cloudtrail' AND ${e}.action IN ('CreateUser', 'CreateRole')`,
    `${e}.source = 'gcp.audit' AND regexp_matches(${e}.action, '(^|[.])CreateServiceAccount$')`,
  ],
  destruction: [
    `${e}.source = 'aws.cloudtrail' AND ${e}.action IN (${quoted([
      'DeleteSecret',
      'DeleteParameter',
      'DeleteParameters',
      'ScheduleKeyDeletion',
    ])})`,
    `${e}.source = 'gcp.audit' AND regexp_matches(${e}.action, 'SecretManagerService[.]DeleteSecret$')`,
    `${e}.source = 'k8s.audit' AND ${e}.action IN ('delete', 'deletecollection')
      AND starts_with(${e}.target, 'k8s:secret:')`,
    `${e}.source = 'vault.audit' AND ((${e}.action = 'delete'
        AND regexp_matches(${e}.target, '^vault:path:(.*/)?(secret|kv)/'))
      OR (${e}.action = 'update' AND regexp_matches(${e}.target, '^vault:path:(.*/)?(secret|kv)/destroy/')))`,
  ],
});

/**
 * SQL: the kind of privileged action (`privilegedKinds`) the events row `e` is, or NULL for one
 * off the list.
 */
export function privilegedKind(e: string): string {
  const tests = privileged(e);
  const arms = privilegedKinds.flatMap((kind) =>
    tests[kind].map((test) => `WHEN ${test} THEN '${kind}'`),
  );
  return `(CASE ${arms.join(' ')} END)`;
}

/**
 * CTE `secret_uses(read_event, credential)`: the credentials a secret read is known to have
 * given, never by time alone. The read's own record issued it (a dynamic secret), or the secret
 * `holds` it by a link whose evidence is this read: the inferred link of a first use from the
 * reader's address within the case's `secretUseWindowSeconds` after the read (graph/inferred.ts),
 * or an exact one where a source names what a secret holds. Reads `links` and `link_evidence`.
 */
export const secretUsesCte = `
  secret_uses AS (
    -- From the few links a read secret holds to their evidence by number, not from every read
    -- to every record's links by id.
    SELECT r.event_id AS read_event, l.to_id AS credential
    FROM links l JOIN link_evidence le ON le.link_no = l.link_no
    JOIN events r ON r.event_id = le.event_id AND r.target = l.from_id
    WHERE l.kind = 'holds' AND r.category = 'secret_read' AND l.from_id IN (
      SELECT target FROM events WHERE category = 'secret_read' AND target IS NOT NULL)
    UNION
    SELECT event_id, issued FROM events WHERE category = 'secret_read' AND issued IS NOT NULL)`;
