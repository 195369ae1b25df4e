import { insertDerived } from './derivedRows.js';
import { ipPattern } from './nodeSql.js';

/**
 * Exact links between sources, drawn after the per-record links (they read `derived`). Each one
 * rests on an identifier written in a record, named in its reason; none depends on time or a
 * setting. What the sources already draw is not repeated here: Vault's Kubernetes-auth metadata
 * (`same_as` entity and service account), the agent's `runs_on` pod or host (OTLP), the pod a
 * service account token is bound to (Kubernetes audit) and GCP delegation hops.
 */

const k8sName = `[a-z0-9]([-a-z0-9.]*[a-z0-9])?`;
const saSubject = `system:serviceaccount:(${k8sName}):(${k8sName})`;
const repoSubject = `repo:([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)(:|"|$)`;
const githubIssuer = 'token.actions.githubusercontent.com';

/**
 * A federated principal whose OIDC subject names a Kubernetes service account (EKS IRSA, GKE or
 * any cluster used as an identity provider: `system:serviceaccount:NS:NAME`) or a GitHub Actions
 * workflow (`repo:ORG/REPO:...`, issued by GitHub's token service) is that service account or
 * repository under another name: `same_as` both ways, so a walk crosses it from either side. What
 * the principal issued, assumed or delegated to in the same record is drawn from the workload too
 * ("the session it issued, assumed by it").
 */
const federated = (
  col: string,
) => `(NOT starts_with(${col}, 'k8s:') AND NOT starts_with(${col}, 'github:')
    AND (contains(${col}, 'system:serviceaccount:') OR contains(${col}, 'repo:')))`;

const oidcSubjectsSql = `
WITH named AS MATERIALIZED (
  SELECT event_id, time, call_id, from_id AS node FROM derived WHERE ${federated('from_id')}
  UNION
  SELECT event_id, time, call_id, to_id FROM derived WHERE ${federated('to_id')}
  UNION
  SELECT event_id, time, call_id, actor FROM events WHERE actor IS NOT NULL AND ${federated('actor')}),
subjects AS (
  SELECT n.*, e.source,
    CASE WHEN regexp_matches(n.node, '${saSubject}')
      THEN 'k8s:sa:' || regexp_extract(n.node, '${saSubject}', 1) || '/'
        || regexp_extract(n.node, '${saSubject}', 3) END AS sa,
    CASE WHEN regexp_matches(n.node, '${repoSubject}')
        AND (contains(n.node, '${githubIssuer}') OR contains(e.raw::VARCHAR, '${githubIssuer}'))
      THEN 'github:repo:' || regexp_extract(n.node, '${repoSubject}', 1) END AS repo
  FROM named n JOIN events e USING (event_id)),
bridged AS (
  SELECT event_id, time, call_id, node, source, coalesce(sa, repo) AS workload,
    CASE WHEN sa IS NOT NULL THEN 'system:serviceaccount subject' ELSE 'repo: subject' END AS what
  FROM subjects WHERE coalesce(sa, repo) IS NOT NULL),
field AS (
  SELECT *, CASE source
      WHEN 'aws.cloudtrail' THEN 'userIdentity.userName (web identity subject)'
      WHEN 'gcp.audit' THEN 'authenticationInfo principalSubject'
      ELSE 'the federated principal' END AS f
  FROM bridged)
SELECT event_id, time, call_id, node AS from_id, workload AS to_id, 'same_as' AS kind,
  'exact' AS proof, f || ' and the ' || what || ' it names' AS reason, 1 AS score FROM field
UNION ALL
SELECT event_id, time, call_id, workload, node, 'same_as', 'exact',
  'the ' || what || ' named in ' || f, 1 FROM field
UNION ALL
SELECT b.event_id, b.time, b.call_id, b.workload, d.to_id, d.kind, 'exact',
  d.reason || ', for the workload its ' || b.what || ' names', 1
FROM field b JOIN derived d ON d.event_id = b.event_id AND d.from_id = b.node
WHERE d.kind IN ('issued', 'assumed', 'delegated') AND d.proof = 'exact'`;

const podNameSql = `json_extract_string(raw, '$.user.extra."authentication.kubernetes.io/pod-name"[0]')`;

/**
 * The address a pod called from: a Kubernetes audit record made with a service account token
 * bound to a pod names the pod (`user.extra` pod-name) and the address (`sourceIPs`). The pod's
 * namespace is the service account's.
 */
const podAddressSql = `
WITH pods AS (
  SELECT event_id, time, call_id, src_ip, ${podNameSql} AS pod,
    split_part(substr(actor, 8), '/', 1) AS ns
  FROM events
  WHERE source = 'k8s.audit' AND starts_with(actor, 'k8s:sa:') AND src_ip IS NOT NULL
    AND contains(raw::VARCHAR, 'pod-name') AND regexp_matches(src_ip, '${ipPattern}'))
SELECT event_id, time, call_id, 'k8s:pod:' || ns || '/' || pod AS from_id, 'ip:' || src_ip AS to_id,
  'from_address' AS kind, 'exact' AS proof, 'user.extra pod-name and sourceIPs' AS reason,
  1 AS score
FROM pods WHERE nullif(pod, '') IS NOT NULL AND ns <> ''`;

const resourceAttr = (key: string) => `(SELECT nullif(coalesce(a->'value'->>'stringValue', ''), '')
    FROM (SELECT unnest(CAST(raw->'resource'->'attributes' AS JSON[])) AS a) WHERE a->>'key' = '${key}'
    LIMIT 1)`;

/**
 * The address a workload has by its own telemetry: the resource of an agent's span names the pod
 * (or host) it runs on and, where the SDK records it, that pod's or host's address.
 */
const resourceAddressSql = `
WITH workloads AS (
  SELECT d.event_id, d.time, d.call_id, d.to_id AS workload,
    CASE WHEN starts_with(d.to_id, 'k8s:pod:') THEN ${resourceAttr('k8s.pod.ip')}
      ELSE ${resourceAttr('host.ip')} END AS ip,
    CASE WHEN starts_with(d.to_id, 'k8s:pod:') THEN 'resource k8s.pod.name and k8s.pod.ip'
      ELSE 'resource host.name and host.ip' END AS reason
  FROM derived d JOIN events e USING (event_id)
  WHERE d.kind = 'runs_on' AND e.source = 'otel.span')
SELECT event_id, time, call_id, workload AS from_id, 'ip:' || ip AS to_id, 'from_address' AS kind,
  'exact' AS proof, reason || ' of one span' AS reason, 1 AS score
FROM workloads WHERE ip IS NOT NULL AND regexp_matches(ip, '${ipPattern}')`;

/**
 * Entra credential key ids written in different case by two exports (a sign-in's
 * `servicePrincipalCredentialKeyId`, an audit record's `KeyIdentifier`) are one credential: the
 * records naming either spelling are the evidence of a `same_as` both ways.
 */
const entraKeySql = `
WITH named AS (
  SELECT event_id, time, call_id, n.node FROM events, unnest([credential, issued]) AS n(node)
  WHERE source IN ('entra.signin', 'entra.audit') AND starts_with(n.node, 'entra:cred:')),
spellings AS (SELECT DISTINCT node, lower(node) AS k FROM named),
pairs AS (
  SELECT a.node AS a, b.node AS b FROM spellings a JOIN spellings b ON a.k = b.k AND a.node <> b.node)
SELECT n.event_id, n.time, n.call_id, p.a AS from_id, p.b AS to_id, 'same_as' AS kind,
  'exact' AS proof, 'credential key id equal but for letter case across records' AS reason,
  1 AS score
FROM pairs p JOIN named n ON n.node = p.a OR n.node = p.b`;

/** The bridge statements of a rebuild, in order, each with what it does for the progress line. */
export const bridgeSteps: [string, string][] = [
  ['linking OIDC subjects to service accounts and repositories', insertDerived(oidcSubjectsSql)],
  ['linking pods to the addresses they called from', insertDerived(podAddressSql)],
  ['linking workloads to the addresses their telemetry names', insertDerived(resourceAddressSql)],
  ['joining credential key ids spelled in two cases', insertDerived(entraKeySql)],
];
