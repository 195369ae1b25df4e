import { rejectedCategory } from '../ingest/jsonBatch.js';
import { anyTimeSql } from './timeSql.js';

/**
 * Kubernetes audit normalisation in SQL (see docs/sources/k8s.md). Each record is parsed once
 * with `json_transform` into the struct `r`; the stages of one request (`auditID`) are folded into
 * one event; a second statement draws what a record proves beyond its columns: impersonation,
 * the pod a service account token is bound to, the token a TokenRequest issued.
 */

const V = 'VARCHAR';
const auth = 'authentication.kubernetes.io/';

const shape = {
  auditID: V,
  stage: V,
  verb: V,
  requestURI: V,
  timestamp: V,
  requestReceivedTimestamp: V,
  stageTimestamp: V,
  user: {
    username: V,
    extra: { [`${auth}pod-name`]: [V], [`${auth}credential-id`]: [V] },
  },
  impersonatedUser: { username: V },
  sourceIPs: [V],
  userAgent: V,
  objectRef: { resource: V, namespace: V, name: V, subresource: V },
  responseStatus: { code: 'INTEGER', message: V, reason: V },
  annotations: { [`${auth}issued-credential-id`]: V },
  responseObject: { metadata: { name: V } },
  requestObject: { spec: { boundObjectRef: { kind: V, name: V } } },
};

/** `json_transform(<rec>, shape)`, the struct of every field Keytrail reads. */
export function k8sTransform(rec: string): string {
  return `json_transform(${rec}, '${JSON.stringify(shape).replace(/'/g, "''")}')`;
}

/** A field of the struct `r` by its path, empty strings counted as absent. */
function f(...path: (string | number)[]): string {
  const access = path.map((p) => (typeof p === 'number' ? `[${p}]` : `."${p}"`)).join('');
  return `nullif(r${access}, '')`;
}

/** The node id of a Kubernetes user name: service accounts by namespace/name, others as named. */
export function identitySql(username: string): string {
  return `CASE
    WHEN ${username} IS NULL THEN NULL
    WHEN starts_with(${username}, 'system:serviceaccount:')
      AND len(string_split(${username}, ':')) = 4
      THEN 'k8s:sa:' || string_split(${username}, ':')[3] || '/' || string_split(${username}, ':')[4]
    ELSE 'k8s:user:' || ${username}
  END`;
}

const username = f('user', 'username');
const resource = f('objectRef', 'resource');
const subresource = f('objectRef', 'subresource');
const namespace = f('objectRef', 'namespace');
const verb = f('verb');
const code = `r.responseStatus.code`;

/** A create with a generated name names the object only in the response. */
const objectName = `coalesce(${f('objectRef', 'name')},
  CASE WHEN ${verb} = 'create' AND ${subresource} IS NULL THEN ${f('responseObject', 'metadata', 'name')} END)`;

const targetKind = `CASE ${resource}
    WHEN 'secrets' THEN 'k8s:secret'
    WHEN 'serviceaccounts' THEN 'k8s:sa'
    WHEN 'pods' THEN 'k8s:pod'
    ELSE 'k8s:' || ${resource}
  END`;

/** `NS/NAME`, `NAME` for cluster-wide objects, `*` for a whole collection. */
const targetPath = `coalesce(${namespace} || '/', '') || coalesce(${objectName}, '*')`;

const nonResourcePath = `nullif(split_part(${f('requestURI')}, '?', 1), '')`;

const target = `CASE
    WHEN ${resource} IS NOT NULL THEN ${targetKind} || ':' || ${targetPath}
    WHEN ${nonResourcePath} IS NOT NULL THEN 'k8s:url:' || ${nonResourcePath}
  END`;

const targetDisplay = `CASE
    WHEN ${resource} IS NOT NULL
      THEN ${resource} || coalesce('/' || ${subresource}, '') || ' ' || ${targetPath}
    ELSE ${nonResourcePath}
  END`;

const rbacResources = `('serviceaccounts', 'roles', 'rolebindings', 'clusterroles', 'clusterrolebindings')`;

const category = `CASE
    WHEN ${resource} = 'serviceaccounts' AND ${subresource} = 'token' AND ${verb} = 'create'
      THEN 'credential_issue'
    WHEN ${resource} = 'secrets' AND ${subresource} IS NULL AND ${verb} IN ('get', 'list', 'watch')
      THEN 'secret_read'
    WHEN ${resource} IN ${rbacResources} AND ${subresource} IS NULL
      AND ${verb} IN ('create', 'update', 'patch', 'delete', 'deletecollection')
      THEN 'account_change'
    ELSE 'api_call'
  END`;

const outcome = `CASE
    WHEN ${code} >= 400 THEN 'failure'
    WHEN ${code} IS NOT NULL THEN 'success'
    ELSE 'unknown'
  END`;

const actorKind = `CASE
    WHEN ${username} IS NULL THEN NULL
    WHEN starts_with(${username}, 'system:serviceaccount:') THEN 'ServiceAccount'
    WHEN ${username} = 'system:anonymous' THEN 'Anonymous'
    WHEN starts_with(${username}, 'system:node:') THEN 'Node'
    ELSE 'User'
  END`;

const actorDisplay = `CASE
    WHEN starts_with(${username}, 'system:serviceaccount:')
      THEN replace(substr(${username}, 23), ':', '/')
    ELSE ${username}
  END`;

/** The most complete stage of a request ranks first; its other stages are not events. */
const stageRank = `CASE ${f('stage')}
    WHEN 'ResponseComplete' THEN 3 WHEN 'Panic' THEN 3
    WHEN 'ResponseStarted' THEN 2 WHEN 'RequestReceived' THEN 1 ELSE 0
  END`;

const timeRaw = `coalesce(${f('requestReceivedTimestamp')}, ${f('timestamp')}, ${f('stageTimestamp')})`;

const eventColumns = `event_id, evidence_id, record_no, time, time_raw, source, category, action,
  outcome, error_code, error_message, actor, actor_kind, actor_display, credential, issued, target,
  target_display, src_ip, user_agent, call_id, raw`;

/**
 * Insert a staged batch as events. Stages of one auditID within the batch are folded: the
 * ResponseComplete (or Panic) record is kept, else the latest stage present. A record that is not
 * a JSON object goes in with the rejected marker, to be counted and named, then deleted.
 */
export function insertK8sEventsSql(stage: string): string {
  return `INSERT INTO events (${eventColumns})
    WITH parsed AS (SELECT evidence_id, sha, g, raw, left(ltrim(raw::VARCHAR), 1) = '{' AS ok,
      ${k8sTransform('raw')} AS r FROM ${stage}),
    ranked AS (SELECT *, CASE WHEN ok AND ${f('auditID')} IS NOT NULL
        THEN row_number() OVER (PARTITION BY ok, ${f('auditID')}
          ORDER BY ${stageRank} DESC, evidence_id, g)
        ELSE 1 END AS copy
      FROM parsed)
    SELECT md5(sha || ':' || g), evidence_id, g,
      ${anyTimeSql(timeRaw)}, ${timeRaw}, 'k8s.audit',
      CASE WHEN ok THEN ${category} ELSE '${rejectedCategory}' END,
      ${verb}, ${outcome},
      CASE WHEN ${code} >= 400 THEN ${code}::VARCHAR END,
      CASE WHEN ${code} >= 400 THEN coalesce(${f('responseStatus', 'message')},
        ${f('responseStatus', 'reason')}) END,
      ${identitySql(username)}, ${actorKind}, ${actorDisplay},
      'k8s:token:' || ${f('user', 'extra', `${auth}credential-id`, 1)},
      CASE WHEN ${resource} = 'serviceaccounts' AND ${subresource} = 'token'
        THEN 'k8s:token:' || ${f('annotations', `${auth}issued-credential-id`)} END,
      ${target}, ${targetDisplay},
      ${f('sourceIPs', 1)}, ${f('userAgent')}, ${f('auditID')}, raw
    FROM ranked WHERE copy = 1`;
}

/**
 * Source links of a batch's Kubernetes events (evidence ids in `$ids`). Only records that name
 * an impersonated user, a pod or an issued token are parsed again.
 */
export const insertK8sLinksSql = `INSERT INTO source_links
    (event_id, from_id, to_id, kind, proof, reason, score)
  WITH picked AS MATERIALIZED (
    SELECT event_id, category, actor, credential, issued, target, ${k8sTransform('raw')} AS r
    FROM events WHERE list_contains($ids, evidence_id) AND (issued IS NOT NULL
      OR contains(raw::VARCHAR, '"impersonatedUser"') OR contains(raw::VARCHAR, 'pod-name'))),
  s AS (SELECT *, ${identitySql(f('impersonatedUser', 'username'))} AS imp,
    ${f('user', 'extra', `${auth}pod-name`, 1)} AS pod,
    ${f('requestObject', 'spec', 'boundObjectRef', 'name')} AS bound_pod,
    ${f('requestObject', 'spec', 'boundObjectRef', 'kind')} AS bound_kind,
    ${namespace} AS ns FROM picked)
  SELECT event_id, actor, imp, 'delegated', 'exact', 'user.username and impersonatedUser.username', 1
    FROM s WHERE imp IS NOT NULL AND actor IS NOT NULL
  UNION ALL
  SELECT event_id, imp, target,
    CASE WHEN category = 'secret_read' THEN 'read_secret' ELSE 'accessed' END, 'exact',
    'impersonatedUser.username and objectRef', 1
    FROM s WHERE imp IS NOT NULL AND target IS NOT NULL
  UNION ALL
  SELECT event_id, coalesce(credential, actor), target,
    CASE WHEN category = 'secret_read' THEN 'read_secret' ELSE 'accessed' END, 'exact',
    CASE WHEN credential IS NOT NULL THEN 'user.extra credential-id and objectRef'
      ELSE 'user.username and objectRef' END, 1
    FROM s WHERE imp IS NOT NULL AND target IS NOT NULL AND coalesce(credential, actor) IS NOT NULL
  UNION ALL
  SELECT event_id, 'k8s:pod:' || split_part(split_part(actor, ':', 3), '/', 1) || '/' || pod,
    coalesce(credential, actor), 'holds', 'exact',
    CASE WHEN credential IS NOT NULL THEN 'user.extra pod-name and credential-id'
      ELSE 'user.extra pod-name and user.username' END, 1
    FROM s WHERE pod IS NOT NULL AND starts_with(actor, 'k8s:sa:')
  UNION ALL
  SELECT event_id, target, issued, 'holds', 'exact',
    'objectRef.name and annotations issued-credential-id', 1
    FROM s WHERE issued IS NOT NULL AND starts_with(target, 'k8s:sa:')
  UNION ALL
  SELECT event_id, 'k8s:pod:' || ns || '/' || bound_pod, issued, 'holds', 'exact',
    'requestObject.spec.boundObjectRef and annotations issued-credential-id', 1
    FROM s WHERE issued IS NOT NULL AND bound_kind = 'Pod' AND bound_pod IS NOT NULL
      AND ns IS NOT NULL`;
