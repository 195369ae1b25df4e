import { rejectedCategory } from '../ingest/jsonBatch.js';
import { field, transformSql } from './cloudtrailFields.js';
import { anyTimeSql } from './timeSql.js';

/**
 * CloudTrail normalisation, all in SQL so that DuckDB does it on its own threads: one INSERT
 * reads a batch of files, parses each record once into the fields Keytrail needs, and writes the
 * event rows; a second statement draws the source links from the few issuing calls among them.
 */

const issuingCalls = `('AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML',
  'GetSessionToken', 'GetFederationToken')`;

const changeVerbs = ['Create', 'Delete', 'Update', 'Attach', 'Detach', 'Put', 'Add', 'Remove'];

const category = `CASE
    WHEN ${field('eventName')} IN ${issuingCalls} OR ${field('eventName')} = 'CreateAccessKey'
      THEN 'credential_issue'
    WHEN (${field('eventSource')} = 'secretsmanager.amazonaws.com'
        AND ${field('eventName')} IN ('GetSecretValue', 'BatchGetSecretValue'))
      OR (${field('eventSource')} = 'ssm.amazonaws.com'
        AND ${field('eventName')} IN ('GetParameter', 'GetParameters', 'GetParametersByPath'))
      OR (${field('eventSource')} = 'kms.amazonaws.com' AND ${field('eventName')} = 'Decrypt')
      THEN 'secret_read'
    WHEN ${field('eventName')} = 'ConsoleLogin' THEN 'authentication'
    WHEN ${field('eventSource')} = 'iam.amazonaws.com'
      AND (${changeVerbs.map((verb) => `starts_with(${field('eventName')}, '${verb}')`).join(' OR ')})
      THEN 'account_change'
    ELSE 'api_call'
  END`;

const outcome = `CASE
    WHEN ${field('errorCode')} IS NOT NULL THEN 'failure'
    WHEN ${field('eventName')} = 'ConsoleLogin' AND ${field('consoleLogin')} = 'Failure' THEN 'failure'
    ELSE 'success'
  END`;

const actor = `CASE
    WHEN ${field('userType')} IN ('IAMUser', 'Root') AND ${field('userArn')} IS NOT NULL
      THEN 'aws:user:' || ${field('userArn')}
    WHEN ${field('userType')} IN ('AssumedRole', 'FederatedUser') AND ${field('userArn')} IS NOT NULL
      THEN 'aws:session:' || ${field('userArn')}
    WHEN coalesce(${field('userType')}, 'AWSService') = 'AWSService' AND ${field('invokedBy')} IS NOT NULL
      THEN 'aws:service:' || ${field('invokedBy')}
    WHEN ${field('userType')} = 'AWSAccount' AND ${field('userAccount')} IS NOT NULL
      THEN 'aws:account:' || ${field('userAccount')}
    WHEN ${field('userType')} = 'IdentityCenterUser' AND ${field('onBehalfOf')} IS NOT NULL
      THEN 'aws:idc:' || ${field('onBehalfOf')}
    WHEN ${field('userType')} IN ('SAMLUser', 'WebIdentityUser')
      AND coalesce(${field('userName')}, ${field('principalId')}) IS NOT NULL
      THEN 'aws:federated:' || coalesce(${field('identityProvider')}, 'unknown') || ':'
        || coalesce(${field('userName')}, ${field('principalId')})
    WHEN ${field('principalId')} IS NOT NULL THEN 'aws:principal:' || ${field('principalId')}
  END`;

const actorDisplay = `coalesce(CASE
    WHEN ${field('userType')} = 'AssumedRole'
      THEN nullif(split_part(${field('userArn')}, ':assumed-role/', 2), '')
    WHEN ${field('userType')} = 'FederatedUser'
      THEN nullif(split_part(${field('userArn')}, ':federated-user/', 2), '')
    WHEN ${field('userType')} = 'AWSService' THEN ${field('invokedBy')}
    WHEN ${field('userType')} = 'AWSAccount' THEN ${field('userAccount')}
    WHEN ${field('userType')} = 'Root' THEN 'root ' || coalesce(${field('userAccount')}, '')
  END, ${field('userName')}, ${field('onBehalfOf')}, ${field('invokedBy')}, ${field('principalId')})`;

const account = `coalesce(${field('recipientAccount')}, ${field('userAccount')})`;

const service = `replace(${field('eventSource')}, '.amazonaws.com', '')`;

/** A request parameter that names what was acted on, for the readable fallback target. */
const namedResource = `coalesce(${[
  'instanceId',
  'requestInstanceId',
  'functionName',
  'groupName',
  'groupId',
  'policyArn',
  'trailName',
  'snapshotId',
  'imageId',
  'dbSnapshot',
  'modelId',
  'sessionTarget',
  'documentName',
  'queryLogConfigId',
  'flowLogId',
  'kmsKeyId',
  'paramName',
]
  .map((name) => field(name as Parameters<typeof field>[0]))
  .join(', ')})`;

const target = `CASE
    WHEN ${field('eventName')} LIKE 'AssumeRole%' AND ${field('roleArn')} IS NOT NULL
      THEN 'aws:role:' || ${field('roleArn')}
    WHEN ${field('eventName')} = 'GetSecretValue' AND ${field('secretId')} IS NOT NULL
      THEN 'aws:secret:' || ${field('secretId')}
    WHEN ${field('eventName')} = 'BatchGetSecretValue' AND ${field('firstSecretId')} IS NOT NULL
      THEN 'aws:secret:' || ${field('firstSecretId')}
    WHEN ${field('eventSource')} = 'ssm.amazonaws.com'
      AND ${field('eventName')} IN ('GetParameter', 'GetParameters', 'GetParametersByPath')
      AND coalesce(${field('paramName')}, ${field('firstParamName')}, ${field('paramPath')}) IS NOT NULL
      THEN 'aws:secret:ssm:' || coalesce(${field('paramName')}, ${field('firstParamName')}, ${field('paramPath')})
    WHEN ${field('eventSource')} = 's3.amazonaws.com' AND ${field('bucketName')} IS NOT NULL
      THEN 'aws:resource:arn:aws:s3:::' || ${field('bucketName')}
        || coalesce('/' || ${field('objectKey')}, '')
    WHEN ${field('eventName')} = 'CreateAccessKey'
      AND coalesce(${field('requestUserName')}, ${field('createdKeyUser')}) IS NOT NULL
      AND ${account} IS NOT NULL
      THEN 'aws:user:arn:aws:iam::' || ${account} || ':user/'
        || coalesce(${field('requestUserName')}, ${field('createdKeyUser')})
    WHEN ${field('eventName')} IN ('DeleteAccessKey', 'UpdateAccessKey')
      AND ${field('requestKeyId')} IS NOT NULL
      THEN 'aws:key:' || ${field('requestKeyId')}
    WHEN ${field('resourceArn')} IS NOT NULL THEN 'aws:resource:' || ${field('resourceArn')}
    WHEN ${field('eventSource')} = 'iam.amazonaws.com' AND ${field('requestUserName')} IS NOT NULL
      AND ${account} IS NOT NULL
      THEN 'aws:user:arn:aws:iam::' || ${account} || ':user/' || ${field('requestUserName')}
    WHEN ${field('eventSource')} = 'iam.amazonaws.com' AND ${field('requestRoleName')} IS NOT NULL
      AND ${account} IS NOT NULL
      THEN 'aws:role:arn:aws:iam::' || ${account} || ':role/' || ${field('requestRoleName')}
    ELSE 'aws:resource:' || ${service} || '/' || ${namedResource}
  END`;

/** Computed over the target column, so the target's CASE is planned once. */
const targetDisplay = `CASE
    WHEN target IS NULL THEN NULL
    WHEN starts_with(target, 'aws:role:') OR starts_with(target, 'aws:user:')
      THEN string_split(target, '/')[-1]
    WHEN starts_with(target, 'aws:resource:arn:aws:s3:::') THEN substr(target, 27)
    WHEN starts_with(target, 'aws:secret:ssm:') THEN substr(target, 16)
    ELSE substr(target, strpos(substr(target, 5), ':') + 5)
  END`;

/**
 * The record expression: the console's Event-history export carries the CloudTrail record as a
 * JSON string in `CloudTrailEvent`; `raw` keeps the exported line, the fields come from inside.
 */
function recordOf(eventHistory: boolean): string {
  return eventHistory ? `json_extract_string(raw, '$.CloudTrailEvent')` : 'raw';
}

function isObject(eventHistory: boolean): string {
  const outer = `left(ltrim(raw::VARCHAR), 1) = '{'`;
  return eventHistory ? `${outer} AND coalesce(left(ltrim(rec), 1) = '{', false)` : outer;
}

const eventColumns = `event_id, evidence_id, record_no, time, time_raw, source, category, action,
  outcome, error_code, error_message, actor, actor_kind, actor_display, actor_role, credential,
  issued, target, target_display, src_ip, user_agent, account, region, call_id, raw`;

/**
 * Insert the staged records as events. A record that is not a JSON object goes in with the
 * rejected marker, to be counted and named, then deleted.
 */
export function insertEventsSql(stage: string, eventHistory: boolean): string {
  return `INSERT INTO events (${eventColumns})
    WITH src AS (SELECT evidence_id, sha, g, raw, ${recordOf(eventHistory)} AS rec FROM ${stage}),
    parsed AS (SELECT evidence_id, sha, g, raw, ${isObject(eventHistory)} AS ok,
      ${transformSql('rec')} AS r FROM src),
    normal AS (SELECT evidence_id, md5(sha || ':' || g) AS event_id, g AS record_no, raw, ok,
      coalesce(${anyTimeSql(field('eventTime'))}, ${anyTimeSql(field('timestamp'))}) AS time,
      coalesce(${field('eventTime')}, ${field('timestamp')}) AS time_raw,
      ${category} AS category,
      ${field('eventName')} AS action,
      ${outcome} AS outcome,
      ${field('errorCode')} AS error_code,
      ${field('errorMessage')} AS error_message,
      ${actor} AS actor,
      ${field('userType')} AS actor_kind,
      ${actorDisplay} AS actor_display,
      CASE WHEN ${field('userType')} = 'AssumedRole' THEN 'aws:role:' || ${field('issuerArn')}
        END AS actor_role,
      'aws:key:' || ${field('accessKeyId')} AS credential,
      'aws:key:' || coalesce(${field('issuedKey')}, ${field('createdKey')}) AS issued,
      ${target} AS target,
      ${field('sourceIp')} AS src_ip,
      ${field('userAgent')} AS user_agent,
      ${account} AS account,
      ${field('region')} AS region,
      coalesce(${field('sharedEventId')}, ${field('eventId')}) AS call_id
      FROM parsed)
    SELECT event_id, evidence_id, record_no, time, time_raw, 'aws.cloudtrail',
      CASE WHEN ok THEN category ELSE '${rejectedCategory}' END, action, outcome, error_code,
      error_message, actor, actor_kind, actor_display, actor_role, credential, issued, target,
      ${targetDisplay}, src_ip, user_agent, account, region, call_id, raw
    FROM normal`;
}

/** The response and request parts the source links need, read only from the calls that have them. */
const linkShape = {
  responseElements: {
    accessKey: { accessKeyId: 'VARCHAR', userName: 'VARCHAR' },
    assumedRoleUser: { arn: 'VARCHAR' },
    federatedUser: { arn: 'VARCHAR' },
    credentials: { accessKeyId: 'VARCHAR' },
  },
  requestParameters: { roleArn: 'VARCHAR', secretIdList: ['VARCHAR'], names: ['VARCHAR'] },
};

/**
 * Source links of a batch: what one record proves beyond its event columns. BatchGetSecretValue
 * and ssm GetParameters name several secrets; the event's target is the first, and every one of
 * them (the first too) gets a `read_secret` row here, so that the graph reads them all. Takes
 * the batch's evidence ids as the list parameter `$ids`.
 */
export function insertLinksSql(eventHistory: boolean): string {
  const who = 'coalesce(credential, actor)';
  const shapeText = JSON.stringify(linkShape).replace(/'/g, "''");
  return `INSERT INTO source_links (event_id, from_id, to_id, kind, proof, reason, score)
    WITH picked AS MATERIALIZED (
      SELECT event_id, action, account, credential, actor, raw FROM events
      WHERE list_contains($ids, evidence_id) AND (category = 'credential_issue'
        OR (category = 'secret_read' AND action IN ('BatchGetSecretValue', 'GetParameters')))),
    s AS (
      SELECT event_id, action, account, credential, actor, x.responseElements AS re,
        x.requestParameters AS rp,
        coalesce(nullif(x.responseElements.assumedRoleUser.arn, ''),
          nullif(x.responseElements.federatedUser.arn, '')) AS session_arn,
        CASE WHEN nullif(x.responseElements.assumedRoleUser.arn, '') IS NOT NULL
          THEN 'responseElements.assumedRoleUser.arn' ELSE 'responseElements.federatedUser.arn'
          END AS session_field
      FROM (SELECT *, json_transform(${recordOf(eventHistory)}, '${shapeText}') AS x FROM picked)
    )
    SELECT event_id, ${who}, 'aws:session:' || session_arn, 'issued', 'exact', session_field, 1
      FROM s WHERE session_arn IS NOT NULL AND ${who} IS NOT NULL AND action IN ${issuingCalls}
    UNION ALL
    SELECT event_id, 'aws:session:' || session_arn, 'aws:key:' || re.credentials.accessKeyId,
      'holds', 'exact', 'responseElements.credentials.accessKeyId', 1
      FROM s WHERE session_arn IS NOT NULL AND nullif(re.credentials.accessKeyId, '') IS NOT NULL
    UNION ALL
    SELECT event_id, ${who}, 'aws:role:' || rp.roleArn, 'assumed', 'exact',
      'requestParameters.roleArn', 1
      FROM s WHERE action LIKE 'AssumeRole%' AND nullif(rp.roleArn, '') IS NOT NULL
        AND ${who} IS NOT NULL
    UNION ALL
    SELECT event_id, 'aws:role:' || rp.roleArn, 'aws:session:' || session_arn, 'has_session',
      'exact', 'requestParameters.roleArn', 1
      FROM s WHERE action LIKE 'AssumeRole%' AND nullif(rp.roleArn, '') IS NOT NULL
        AND session_arn IS NOT NULL
    UNION ALL
    SELECT event_id, 'aws:user:arn:aws:iam::' || account || ':user/' || re.accessKey.userName,
      'aws:key:' || re.accessKey.accessKeyId, 'holds', 'exact',
      'responseElements.accessKey.userName', 1
      FROM s WHERE action = 'CreateAccessKey' AND nullif(re.accessKey.accessKeyId, '') IS NOT NULL
        AND nullif(re.accessKey.userName, '') IS NOT NULL AND account IS NOT NULL
    UNION ALL
    SELECT event_id, ${who}, 'aws:secret:' || unnest(rp.secretIdList), 'read_secret', 'exact',
      'requestParameters.secretIdList', 1
      FROM s WHERE action = 'BatchGetSecretValue' AND rp.secretIdList IS NOT NULL
        AND ${who} IS NOT NULL
    UNION ALL
    SELECT event_id, ${who}, 'aws:secret:ssm:' || unnest(rp.names), 'read_secret', 'exact',
      'requestParameters.names', 1
      FROM s WHERE action = 'GetParameters' AND rp.names IS NOT NULL AND ${who} IS NOT NULL`;
}
