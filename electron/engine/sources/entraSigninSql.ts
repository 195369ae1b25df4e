import { ipPattern } from '../graph/nodeSql.js';
import { rejectedCategory } from '../ingest/jsonBatch.js';
import { eventColumns, first, obj, str } from './azureJson.js';
import { anyTimeSql } from './timeSql.js';

/**
 * Entra ID sign-in normalisation in SQL (see docs/sources/entra.md). A record is read as JSON
 * `j`; `p` is its `properties` (diagnostic settings) or the record itself (Graph, Log
 * Analytics). Each field is the Graph signIn camelCase name under `p`, else the Log Analytics
 * PascalCase column of `j`.
 */

const pick = (camel: string, pascal: string) => first(str('p', camel), str('j', pascal));

/** Microsoft writes an all-zero GUID where a sign-in used no key. */
const noZeroGuid = (expr: string) => `nullif(${expr}, '00000000-0000-0000-0000-000000000000')`;

const table = first(str('j', 'category'), str('j', 'Type'));
const spId = pick('servicePrincipalId', 'ServicePrincipalId');
const appId = pick('appId', 'AppId');
const upn = pick('userPrincipalName', 'UserPrincipalName');
const userId = pick('userId', 'UserId');
const keyId = noZeroGuid(
  pick('servicePrincipalCredentialKeyId', 'ServicePrincipalCredentialKeyId'),
);
const thumbprint = pick(
  'servicePrincipalCredentialThumbprint',
  'ServicePrincipalCredentialThumbprint',
);
const fic = noZeroGuid(pick('federatedCredentialId', 'FederatedCredentialId'));
const uti = pick('uniqueTokenIdentifier', 'UniqueTokenIdentifier');

/** `ResourceId` in Log Analytics is usually the tenant's own `/tenants/...` path, not the target. */
const resource = first(
  str('p', 'resourceId'),
  str('j', 'ResourceIdentity'),
  `CASE WHEN NOT starts_with(${str('j', 'ResourceId')}, '/') THEN ${str('j', 'ResourceId')} END`,
);

const errorCode = first(
  str('p', 'status.errorCode'),
  str('j', 'ResultType'),
  str(obj('j', 'Status'), 'errorCode'),
  str('j', 'resultType'),
);

const kind = `CASE
    WHEN ${table} IN ('ManagedIdentitySignInLogs', 'AADManagedIdentitySignInLogs')
      OR ${pick('clientCredentialType', 'ClientCredentialType')} = 'managedIdentity'
      OR coalesce(${str('p', 'managedServiceIdentity.msiType')}, 'none') <> 'none' THEN 'ManagedIdentity'
    WHEN ${table} IN ('ServicePrincipalSignInLogs', 'AADServicePrincipalSignInLogs') THEN 'ServicePrincipal'
    WHEN coalesce(${upn}, ${userId}) IS NOT NULL THEN 'User'
    WHEN coalesce(${spId}, ${appId}) IS NOT NULL THEN 'ServicePrincipal'
  END`;

const actor = `CASE kind
    WHEN 'ManagedIdentity' THEN 'entra:mi:' || coalesce(${spId}, ${appId})
    WHEN 'ServicePrincipal' THEN 'entra:sp:' || coalesce(${spId}, ${appId})
    WHEN 'User' THEN 'entra:user:' || coalesce(${upn}, ${userId})
  END`;

const actorDisplay = first(
  pick('servicePrincipalName', 'ServicePrincipalName'),
  upn,
  pick('userDisplayName', 'UserDisplayName'),
  pick('appDisplayName', 'AppDisplayName'),
);

/** A federated credential is named apart: its id is not a key id of the application. */
const credential = `CASE
    WHEN ${fic} IS NOT NULL THEN 'entra:fic:' || ${fic}
    WHEN coalesce(${keyId}, ${thumbprint}) IS NOT NULL
      THEN 'entra:cred:' || coalesce(${keyId}, ${thumbprint})
  END`;

const timeRaw = first(
  str('j', 'time'),
  str('j', 'TimeGenerated'),
  str('p', 'createdDateTime'),
  str('j', 'CreatedDateTime'),
);

/** Insert a staged batch of sign-ins as events; non-objects get the rejected marker. */
export function insertEntraSigninEventsSql(stage: string): string {
  return `INSERT INTO events (${eventColumns})
    WITH parsed AS (SELECT evidence_id, sha, g, raw, left(ltrim(raw::VARCHAR), 1) = '{' AS ok,
        raw::JSON AS j FROM ${stage}),
      props AS (SELECT *, CASE WHEN json_type(j -> '$.properties') = 'OBJECT'
        THEN j -> '$.properties' ELSE j END AS p FROM parsed),
      typed AS (SELECT *, ${kind} AS kind, ${errorCode} AS code FROM props)
    SELECT md5(sha || ':' || g), evidence_id, g, ${anyTimeSql(timeRaw)}, ${timeRaw},
      'entra.signin', CASE WHEN ok THEN 'authentication' ELSE '${rejectedCategory}' END,
      coalesce(${str('j', 'operationName')}, ${str('j', 'OperationName')}, 'Sign-in activity'),
      CASE WHEN code = '0' THEN 'success' WHEN code IS NOT NULL THEN 'failure' ELSE 'unknown' END,
      CASE WHEN code <> '0' THEN code END,
      CASE WHEN code <> '0' THEN ${first(str('p', 'status.failureReason'), str('j', 'ResultDescription'))} END,
      ${actor}, kind, ${actorDisplay}, ${credential},
      CASE WHEN code = '0' THEN 'entra:token:' || ${uti} END,
      'entra:resource:' || ${resource}, ${pick('resourceDisplayName', 'ResourceDisplayName')},
      ${first(str('p', 'ipAddress'), str('j', 'IPAddress'), str('j', 'callerIpAddress'))},
      ${pick('userAgent', 'UserAgent')},
      ${first(str('j', 'tenantId'), str('j', 'TenantId'), str('p', 'resourceTenantId'))}, NULL,
      ${pick('correlationId', 'CorrelationId')}, raw
    FROM typed`;
}

/**
 * The session a sign-in belongs to, `sessionId` (Graph signIn, under `properties` in diagnostic
 * settings) or `SessionId` (Log Analytics): user sign-ins carry it, interactive or not, and every
 * sign-in made from one authentication (a token refresh, single sign-on to another app) repeats
 * it. Over an events row's `raw`.
 */
const sessionIdSql = noZeroGuid(
  first(
    `nullif(raw -> '$.properties' ->> '$.sessionId', '')`,
    str('raw', 'sessionId'),
    str('raw', 'SessionId'),
  ),
);

/**
 * Source links of a batch's sign-ins (evidence ids in `$ids`): the token a successful sign-in
 * issued is held by the identity that signed in, so that what the token did leads back to it.
 * A sign-in that names its session makes the session a node, `entra:session:<sessionId>`, like
 * an Okta session: the identity `has_session` it, it `issued` the sign-in's token and was used
 * `from_address` the sign-in's address. Every link is drawn from one record that names both of
 * its ends, so they are exact, and the sign-ins that share a session id gather on its node: the
 * session's links list them all, and a path from any of its tokens reaches the others.
 */
export const insertEntraSigninLinksSql = `INSERT INTO source_links
    (event_id, from_id, to_id, kind, proof, reason, score)
  WITH signins AS (
    SELECT event_id, actor, issued, src_ip, ${sessionIdSql} AS session_id
    FROM events WHERE list_contains($ids, evidence_id) AND source = 'entra.signin'),
  sessions AS (
    SELECT *, 'entra:session:' || session_id AS session FROM signins
    WHERE session_id IS NOT NULL)
  SELECT event_id, actor, issued, 'holds', 'exact',
    'the signed-in identity (servicePrincipalId, appId or userPrincipalName) and uniqueTokenIdentifier', 1
  FROM signins WHERE actor IS NOT NULL AND issued IS NOT NULL
  UNION ALL
  SELECT event_id, actor, session, 'has_session', 'exact',
    'the signed-in identity and sessionId ' || session_id || ' of one sign-in', 1
  FROM sessions WHERE actor IS NOT NULL
  UNION ALL
  SELECT event_id, session, issued, 'issued', 'exact',
    'sessionId ' || session_id || ' and uniqueTokenIdentifier of one sign-in', 1
  FROM sessions WHERE issued IS NOT NULL
  UNION ALL
  SELECT event_id, session, 'ip:' || src_ip, 'from_address', 'exact',
    'sessionId ' || session_id || ' and ipAddress of one sign-in', 1
  FROM sessions WHERE regexp_matches(coalesce(src_ip, ''), '${ipPattern}')`;
