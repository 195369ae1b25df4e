import { rejectedCategory } from '../ingest/jsonBatch.js';
import { anyTimeSql } from './timeSql.js';

/**
 * GCP Cloud Audit Logs normalisation in SQL (see docs/sources/gcp.md). Each LogEntry is parsed
 * once with `json_transform` into the struct `r`; a second statement draws the impersonation
 * chain of `serviceAccountDelegationInfo` and the hop a token-minting call makes.
 */

const V = 'VARCHAR';

const hop = {
  firstPartyPrincipal: { principalEmail: V },
  principalSubject: V,
  thirdPartyPrincipal: { thirdPartyClaims: 'JSON' },
};

const shape = {
  insertId: V,
  logName: V,
  timestamp: V,
  receiveTimestamp: V,
  resource: { labels: { project_id: V, location: V, zone: V, region: V, email_id: V } },
  protoPayload: {
    '@type': V,
    methodName: V,
    serviceName: V,
    resourceName: V,
    authenticationInfo: {
      principalEmail: V,
      principalSubject: V,
      serviceAccountKeyName: V,
      serviceAccountDelegationInfo: [hop],
    },
    requestMetadata: { callerIp: V, callerSuppliedUserAgent: V },
    status: { code: 'INTEGER', message: V },
    request: { name: V },
  },
};

function transform(rec: string): string {
  return `json_transform(${rec}, '${JSON.stringify(shape).replace(/'/g, "''")}')`;
}

/** A field of the struct `r` by its path, empty strings counted as absent. */
function f(...path: string[]): string {
  return `nullif(r${path.map((p) => `."${p}"`).join('')}, '')`;
}

/** The node id of a Google identity by its email: service accounts apart from other accounts. */
function emailIdSql(email: string): string {
  return `CASE WHEN ${email} LIKE '%.gserviceaccount.com' THEN 'gcp:sa:' || ${email}
    ELSE 'gcp:user:' || ${email} END`;
}

const p = (...path: string[]) => f('protoPayload', ...path);
const email = p('authenticationInfo', 'principalEmail');
const subject = p('authenticationInfo', 'principalSubject');
const method = p('methodName');
const resourceName = p('resourceName');
const statusCode = `r.protoPayload.status.code`;
const audit = `r.protoPayload IS NOT NULL`;

const actor = `CASE
    WHEN ${email} IS NOT NULL THEN ${emailIdSql(email)}
    WHEN ${subject} IS NOT NULL THEN 'gcp:principal:' || ${subject}
  END`;

const actorKind = `CASE
    WHEN ${email} LIKE '%.gserviceaccount.com' THEN 'ServiceAccount'
    WHEN ${email} IS NOT NULL THEN 'User'
    WHEN ${subject} IS NOT NULL THEN 'FederatedPrincipal'
  END`;

/** The calls that mint a credential for a service account (IAM Service Account Credentials). */
const minting = `regexp_matches(coalesce(${method}, ''),
  '(^|\\.)(GenerateAccessToken|SignJwt|GenerateIdToken)$')`;
const keyCreation = `regexp_matches(coalesce(${method}, ''), '(^|\\.)CreateServiceAccountKey$')`;
const secretAccess = `regexp_matches(coalesce(${method}, ''), '(^|\\.)AccessSecretVersion$')`;

/** The service account a minting call names: by email in resourceName or request, else the label. */
const saEmail = (col: string) =>
  `nullif(regexp_extract(${col}, 'serviceAccounts/([^/]+@[^/]+)', 1), '')`;
const mintedFor = `coalesce(${saEmail(resourceName)}, ${saEmail(p('request', 'name'))},
  ${f('resource', 'labels', 'email_id')})`;

const changeVerbs = ['Create', 'Delete', 'Update', 'Patch', 'Undelete', 'Enable', 'Disable'];
const lastPart = `string_split(${method}, '.')[-1]`;

const category = `CASE
    WHEN NOT ${audit} THEN 'api_call'
    WHEN ${minting} OR ${keyCreation} THEN 'credential_issue'
    WHEN ${secretAccess} THEN 'secret_read'
    WHEN ${p('serviceName')} = 'iam.googleapis.com' AND (${changeVerbs
      .map((verb) => `starts_with(${lastPart}, '${verb}')`)
      .join(' OR ')}) THEN 'account_change'
    WHEN ends_with(${method}, 'SetIamPolicy') THEN 'account_change'
    ELSE 'api_call'
  END`;

const target = `CASE
    WHEN ${minting} AND ${mintedFor} IS NOT NULL THEN 'gcp:sa:' || ${mintedFor}
    WHEN ${secretAccess} AND ${resourceName} IS NOT NULL
      THEN 'gcp:secret:' || regexp_replace(${resourceName}, '/versions/[^/]+$', '')
    WHEN ${resourceName} IS NOT NULL THEN 'gcp:resource:' || ${resourceName}
  END`;

const targetDisplay = `CASE
    WHEN ${minting} AND ${mintedFor} IS NOT NULL THEN ${mintedFor}
    ELSE ${resourceName}
  END`;

const grpcCodes = [
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];

const errorCode = `CASE WHEN coalesce(${statusCode}, 0) <> 0
    THEN coalesce([${grpcCodes.map((c) => `'${c}'`).join(', ')}][${statusCode}], ${statusCode}::VARCHAR)
  END`;

const outcome = `CASE
    WHEN NOT ${audit} THEN 'unknown'
    WHEN coalesce(${statusCode}, 0) <> 0 THEN 'failure'
    ELSE 'success'
  END`;

/** A log entry that is not an audit record is named by its log: `projects/P/logs/<this>`. */
const action = `CASE WHEN ${audit} THEN ${method}
    ELSE nullif(split_part(${f('logName')}, '/logs/', 2), '') END`;

const region = `coalesce(${f('resource', 'labels', 'location')}, ${f('resource', 'labels', 'zone')},
  ${f('resource', 'labels', 'region')})`;

const timeRaw = `coalesce(${f('timestamp')}, ${f('receiveTimestamp')})`;

const eventColumns = `event_id, evidence_id, record_no, time, time_raw, source, category, action,
  outcome, error_code, error_message, actor, actor_kind, actor_display, credential, target,
  target_display, src_ip, user_agent, account, region, call_id, raw`;

/** Insert a staged batch of LogEntries as events; non-objects get the rejected marker. */
export function insertGcpEventsSql(stage: string): string {
  return `INSERT INTO events (${eventColumns})
    WITH parsed AS (SELECT evidence_id, sha, g, raw, left(ltrim(raw::VARCHAR), 1) = '{' AS ok,
      ${transform('raw')} AS r FROM ${stage})
    SELECT md5(sha || ':' || g), evidence_id, g, ${anyTimeSql(timeRaw)}, ${timeRaw},
      'gcp.audit', CASE WHEN ok THEN ${category} ELSE '${rejectedCategory}' END,
      ${action}, ${outcome}, ${errorCode},
      CASE WHEN coalesce(${statusCode}, 0) <> 0 THEN ${p('status', 'message')} END,
      ${actor}, ${actorKind}, coalesce(${email}, ${subject}),
      'gcp:key:' || ${p('authenticationInfo', 'serviceAccountKeyName')},
      ${target}, ${targetDisplay},
      ${p('requestMetadata', 'callerIp')}, ${p('requestMetadata', 'callerSuppliedUserAgent')},
      ${f('resource', 'labels', 'project_id')}, ${region}, ${f('insertId')}, raw
    FROM parsed`;
}

/** The node id of one delegation hop, or NULL for an empty hop (`{}`). */
const hopId = `CASE
    WHEN nullif(h.firstPartyPrincipal.principalEmail, '') IS NOT NULL
      THEN ${emailIdSql('h.firstPartyPrincipal.principalEmail')}
    WHEN nullif(h.principalSubject, '') IS NOT NULL THEN 'gcp:principal:' || h.principalSubject
    WHEN h.thirdPartyPrincipal.thirdPartyClaims IS NOT NULL
      AND h.thirdPartyPrincipal.thirdPartyClaims::VARCHAR NOT IN ('{}', 'null')
      THEN 'gcp:principal:' || h.thirdPartyPrincipal.thirdPartyClaims::VARCHAR
  END`;

const delegationField = 'protoPayload.authenticationInfo.serviceAccountDelegationInfo';

/**
 * Source links of a batch's GCP events (evidence ids in `$ids`): each hop of the delegation
 * chain, first delegator to the principal, and the hop a successful token-minting call makes
 * from the caller to the service account it minted for.
 */
export const insertGcpLinksSql = `INSERT INTO source_links
    (event_id, from_id, to_id, kind, proof, reason, score)
  WITH picked AS MATERIALIZED (
    SELECT event_id, actor, credential, target, category, outcome, ${transform('raw')} AS r
    FROM events WHERE list_contains($ids, evidence_id)
      AND (contains(raw::VARCHAR, 'serviceAccountDelegationInfo') OR category = 'credential_issue')),
  hops AS (
    SELECT event_id, actor, pos - 1 AS hop_no, ${hopId} AS id
    FROM picked, unnest(r.protoPayload.authenticationInfo.serviceAccountDelegationInfo)
      WITH ORDINALITY AS u(h, pos)),
  chain AS (
    SELECT event_id, id, hop_no,
      lead(id) OVER w AS next_id, lead(hop_no) OVER w AS next_no, actor
    FROM hops WHERE id IS NOT NULL
    WINDOW w AS (PARTITION BY event_id ORDER BY hop_no))
  SELECT event_id, id, coalesce(next_id, actor), 'delegated', 'exact',
    CASE WHEN next_id IS NOT NULL
      THEN '${delegationField}[' || hop_no || '] and [' || next_no || ']'
      ELSE '${delegationField}[' || hop_no || '] and the principal' END, 1
    FROM chain WHERE coalesce(next_id, actor) IS NOT NULL
  UNION ALL
  SELECT event_id, coalesce(credential, actor), target, 'delegated', 'exact',
    'protoPayload.methodName and the service account it names', 1
    FROM picked WHERE category = 'credential_issue' AND outcome = 'success'
      AND starts_with(target, 'gcp:sa:') AND coalesce(credential, actor) IS NOT NULL`;
