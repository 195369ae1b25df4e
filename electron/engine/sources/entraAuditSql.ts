import { rejectedCategory } from '../ingest/jsonBatch.js';
import { eventColumns, first, obj, str } from './azureJson.js';
import { anyTimeSql } from './timeSql.js';

/**
 * Entra ID audit normalisation in SQL (see docs/sources/entra.md). A record is read as JSON `j`;
 * `p` is its `properties` (diagnostic settings) or the record itself (Sentinel, Graph). The
 * initiator `ib` and the first target resource `t` are parsed once, whether the export holds
 * them as objects or as JSON text.
 */

const targetShape = JSON.stringify([
  {
    id: 'VARCHAR',
    displayName: 'VARCHAR',
    type: 'VARCHAR',
    userPrincipalName: 'VARCHAR',
    modifiedProperties: [{ displayName: 'VARCHAR', oldValue: 'VARCHAR', newValue: 'VARCHAR' }],
  },
]);

const detailShape = JSON.stringify([{ key: 'VARCHAR', value: 'VARCHAR' }]);

const pick = (camel: string, pascal: string) => first(str('p', camel), str('j', pascal));
const pickObj = (camel: string, pascal: string) =>
  `coalesce(${obj('p', camel)}, ${obj('j', pascal)})`;

const activity = first(
  str('p', 'activityDisplayName'),
  str('j', 'ActivityDisplayName'),
  str('j', 'OperationName'),
  str('j', 'operationName'),
);
const timeRaw = first(
  str('p', 'activityDateTime'),
  str('j', 'ActivityDateTime'),
  str('j', 'TimeGenerated'),
  str('j', 'time'),
);
const upn = str('ib', 'user.userPrincipalName');
const userId = str('ib', 'user.id');
const spId = str('ib', 'app.servicePrincipalId');
const appId = str('ib', 'app.appId');
const result = `lower(${first(str('p', 'result'), str('j', 'Result'), str('j', 'resultType'))})`;

/** Key ids a credential change added: named in the new KeyDescription and not in the old. */
const addedKeys = `list_filter(
    regexp_extract_all(coalesce(kd.newValue, ''), 'KeyIdentifier=([0-9A-Za-z-]+)', 1),
    k -> NOT contains(coalesce(kd.oldValue, ''), k))`;

const consent = `regexp_matches(activity,
  '(?i)consent|permission grant|app role assignment|member to role|member from role')`;

/** The node id of a target resource by its type. */
const targetId = `CASE
    WHEN t.id IS NULL OR t.id = '' THEN NULL
    WHEN t.type = 'Application' THEN 'entra:app:' || t.id
    WHEN t.type = 'ServicePrincipal' THEN 'entra:sp:' || t.id
    WHEN t.type = 'User' THEN 'entra:user:' || coalesce(nullif(t.userPrincipalName, ''), t.id)
    ELSE 'entra:object:' || t.id
  END`;

const actor = `CASE
    WHEN ${upn} IS NOT NULL THEN 'entra:user:' || ${upn}
    WHEN ${userId} IS NOT NULL THEN 'entra:user:' || ${userId}
    WHEN ${spId} IS NOT NULL THEN 'entra:sp:' || ${spId}
    WHEN ${appId} IS NOT NULL THEN 'entra:sp:' || ${appId}
  END`;

const actorKind = `CASE
    WHEN coalesce(${upn}, ${userId}) IS NOT NULL THEN 'User'
    WHEN coalesce(${spId}, ${appId}) IS NOT NULL THEN 'ServicePrincipal'
  END`;

const actorDisplay = first(
  upn,
  str('ib', 'user.displayName'),
  str('ib', 'app.displayName'),
  userId,
  spId,
  appId,
);

const userAgent = `coalesce(${str('j', 'UserAgent')},
  (list_filter(from_json(${pickObj('additionalDetails', 'AdditionalDetails')}, '${detailShape}'),
    d -> d.key = 'User-Agent')[1]).value)`;

/** Insert a staged batch of audit records as events; non-objects get the rejected marker. */
export function insertEntraAuditEventsSql(stage: string): string {
  return `INSERT INTO events (${eventColumns})
    WITH parsed AS (SELECT evidence_id, sha, g, raw, left(ltrim(raw::VARCHAR), 1) = '{' AS ok,
        raw::JSON AS j FROM ${stage}),
      props AS (SELECT *, CASE WHEN json_type(j -> '$.properties') = 'OBJECT'
        THEN j -> '$.properties' ELSE j END AS p FROM parsed),
      parts AS (SELECT *, ${pickObj('initiatedBy', 'InitiatedBy')} AS ib,
        from_json(${pickObj('targetResources', 'TargetResources')}, '${targetShape}')[1] AS t,
        ${activity} AS activity FROM props),
      keyed AS (SELECT *, list_filter(t.modifiedProperties,
        m -> m.displayName = 'KeyDescription')[1] AS kd FROM parts),
      normal AS (SELECT *, ${addedKeys}[1] AS added_key FROM keyed)
    SELECT md5(sha || ':' || g), evidence_id, g, ${anyTimeSql(timeRaw)}, ${timeRaw},
      'entra.audit', CASE WHEN NOT ok THEN '${rejectedCategory}'
        WHEN added_key IS NOT NULL THEN 'credential_issue'
        WHEN ${consent} THEN 'account_change'
        ELSE 'api_call' END,
      trim(activity), CASE WHEN ${result} = 'success' THEN 'success'
        WHEN ${result} = 'failure' THEN 'failure' ELSE 'unknown' END,
      NULL, CASE WHEN ${result} = 'failure' THEN ${pick('resultReason', 'ResultReason')} END,
      ${actor}, ${actorKind}, ${actorDisplay}, NULL, 'entra:cred:' || added_key,
      ${targetId}, nullif(t.displayName, ''), ${str('ib', 'user.ipAddress')}, ${userAgent},
      ${first(str('j', 'TenantId'), str('j', 'AADTenantId'), str('j', 'tenantId'))}, NULL,
      ${pick('correlationId', 'CorrelationId')}, raw
    FROM normal`;
}

/**
 * Source links of a batch's audit events (evidence ids in `$ids`): an application or service
 * principal holds the credential a credential change added to it.
 */
export const insertEntraAuditLinksSql = `INSERT INTO source_links
    (event_id, from_id, to_id, kind, proof, reason, score)
  SELECT event_id, target, issued, 'holds', 'exact',
    'TargetResources[0].id and KeyIdentifier in its KeyDescription newValue', 1
  FROM events WHERE list_contains($ids, evidence_id) AND source = 'entra.audit'
    AND category = 'credential_issue' AND outcome <> 'failure'
    AND target IS NOT NULL AND issued IS NOT NULL`;
