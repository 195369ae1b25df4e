import { col, coreColumn, fieldColumns, groupColumns } from './cloudtrailFields.js';

/**
 * CloudTrail normalisation, all in SQL so that DuckDB does it on its own threads. `stageSelect`
 * turns the records of a batch of files into event rows plus the few fields the source links
 * need; `insertEventsSql` and `insertLinksSql` then copy them into the case in one transaction.
 */

const issuingCalls = `('AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML',
  'GetSessionToken', 'GetFederationToken')`;

const changeVerbs = ['Create', 'Delete', 'Update', 'Attach', 'Detach', 'Put', 'Add', 'Remove'];

const category = `CASE
    WHEN ${col('eventName')} IN ${issuingCalls} OR ${col('eventName')} = 'CreateAccessKey'
      THEN 'credential_issue'
    WHEN (${col('eventSource')} = 'secretsmanager.amazonaws.com'
        AND ${col('eventName')} IN ('GetSecretValue', 'BatchGetSecretValue'))
      OR (${col('eventSource')} = 'ssm.amazonaws.com'
        AND ${col('eventName')} IN ('GetParameter', 'GetParameters', 'GetParametersByPath'))
      OR (${col('eventSource')} = 'kms.amazonaws.com' AND ${col('eventName')} = 'Decrypt')
      THEN 'secret_read'
    WHEN ${col('eventName')} = 'ConsoleLogin' THEN 'authentication'
    WHEN ${col('eventSource')} = 'iam.amazonaws.com'
      AND (${changeVerbs.map((verb) => `starts_with(${col('eventName')}, '${verb}')`).join(' OR ')})
      THEN 'account_change'
    ELSE 'api_call'
  END`;

const outcome = `CASE
    WHEN ${col('errorCode')} IS NOT NULL THEN 'failure'
    WHEN ${col('eventName')} = 'ConsoleLogin' AND ${col('consoleLogin')} = 'Failure' THEN 'failure'
    ELSE 'success'
  END`;

const actor = `CASE
    WHEN ${col('userType')} IN ('IAMUser', 'Root') AND ${col('userArn')} IS NOT NULL
      THEN 'aws:user:' || ${col('userArn')}
    WHEN ${col('userType')} IN ('AssumedRole', 'FederatedUser') AND ${col('userArn')} IS NOT NULL
      THEN 'aws:session:' || ${col('userArn')}
    WHEN coalesce(${col('userType')}, 'AWSService') = 'AWSService' AND ${col('invokedBy')} IS NOT NULL
      THEN 'aws:service:' || ${col('invokedBy')}
    WHEN ${col('userType')} = 'AWSAccount' AND ${col('userAccount')} IS NOT NULL
      THEN 'aws:account:' || ${col('userAccount')}
    WHEN ${col('userType')} = 'IdentityCenterUser' AND ${col('onBehalfOf')} IS NOT NULL
      THEN 'aws:idc:' || ${col('onBehalfOf')}
    WHEN ${col('userType')} IN ('SAMLUser', 'WebIdentityUser')
      AND coalesce(${col('userName')}, ${col('principalId')}) IS NOT NULL
      THEN 'aws:federated:' || coalesce(${col('identityProvider')}, 'unknown') || ':'
        || coalesce(${col('userName')}, ${col('principalId')})
    WHEN ${col('principalId')} IS NOT NULL THEN 'aws:principal:' || ${col('principalId')}
  END`;

const actorDisplay = `coalesce(CASE
    WHEN ${col('userType')} = 'AssumedRole'
      THEN nullif(split_part(${col('userArn')}, ':assumed-role/', 2), '')
    WHEN ${col('userType')} = 'FederatedUser'
      THEN nullif(split_part(${col('userArn')}, ':federated-user/', 2), '')
    WHEN ${col('userType')} = 'AWSService' THEN ${col('invokedBy')}
    WHEN ${col('userType')} = 'AWSAccount' THEN ${col('userAccount')}
    WHEN ${col('userType')} = 'Root' THEN 'root ' || coalesce(${col('userAccount')}, '')
  END, ${col('userName')}, ${col('onBehalfOf')}, ${col('invokedBy')}, ${col('principalId')})`;

const account = `coalesce(${col('recipientAccount')}, ${col('userAccount')})`;

const service = `replace(${col('eventSource')}, '.amazonaws.com', '')`;

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
  'requestName',
]
  .map((name) => col(name as Parameters<typeof col>[0]))
  .join(', ')})`;

const target = `CASE
    WHEN ${col('eventName')} LIKE 'AssumeRole%' AND ${col('roleArn')} IS NOT NULL
      THEN 'aws:role:' || ${col('roleArn')}
    WHEN ${col('eventName')} = 'GetSecretValue' AND ${col('secretId')} IS NOT NULL
      THEN 'aws:secret:' || ${col('secretId')}
    WHEN ${col('eventName')} = 'BatchGetSecretValue' AND ${col('firstSecretId')} IS NOT NULL
      THEN 'aws:secret:' || ${col('firstSecretId')}
    WHEN ${col('eventSource')} = 'ssm.amazonaws.com'
      AND ${col('eventName')} IN ('GetParameter', 'GetParameters', 'GetParametersByPath')
      AND coalesce(${col('paramName')}, ${col('firstParamName')}, ${col('paramPath')}) IS NOT NULL
      THEN 'aws:secret:ssm:' || coalesce(${col('paramName')}, ${col('firstParamName')}, ${col('paramPath')})
    WHEN ${col('eventSource')} = 's3.amazonaws.com' AND ${col('bucketName')} IS NOT NULL
      THEN 'aws:resource:arn:aws:s3:::' || ${col('bucketName')}
        || coalesce('/' || ${col('objectKey')}, '')
    WHEN ${col('eventName')} = 'CreateAccessKey'
      AND coalesce(${col('requestUserName')}, ${col('createdKeyUser')}) IS NOT NULL
      AND ${account} IS NOT NULL
      THEN 'aws:user:arn:aws:iam::' || ${account} || ':user/'
        || coalesce(${col('requestUserName')}, ${col('createdKeyUser')})
    WHEN ${col('eventName')} IN ('DeleteAccessKey', 'UpdateAccessKey')
      AND ${col('requestKeyId')} IS NOT NULL
      THEN 'aws:key:' || ${col('requestKeyId')}
    WHEN ${col('resourceArn')} IS NOT NULL THEN 'aws:resource:' || ${col('resourceArn')}
    WHEN ${col('eventSource')} = 'iam.amazonaws.com' AND ${col('requestUserName')} IS NOT NULL
      AND ${account} IS NOT NULL
      THEN 'aws:user:arn:aws:iam::' || ${account} || ':user/' || ${col('requestUserName')}
    WHEN ${col('eventSource')} = 'iam.amazonaws.com' AND ${col('requestRoleName')} IS NOT NULL
      AND ${account} IS NOT NULL
      THEN 'aws:role:arn:aws:iam::' || ${account} || ':role/' || ${col('requestRoleName')}
    ELSE 'aws:resource:' || ${service} || '/' || ${namedResource}
  END`;

/** Computed at insert time from the staged target, so the target's CASE is planned once. */
const targetDisplay = `CASE
    WHEN target IS NULL THEN NULL
    WHEN starts_with(target, 'aws:role:') OR starts_with(target, 'aws:user:')
      THEN string_split(target, '/')[-1]
    WHEN starts_with(target, 'aws:resource:arn:aws:s3:::') THEN substr(target, 27)
    WHEN starts_with(target, 'aws:secret:ssm:') THEN substr(target, 16)
    ELSE substr(target, strpos(substr(target, 5), ':') + 5)
  END`;

/**
 * The SELECT of staged rows from a relation `(filename, g, raw)`. `eventHistory` reads the
 * console Event-history export, whose `CloudTrailEvent` is the record as a JSON string: `raw`
 * keeps the exported line, the fields come from the inner event.
 */
export function stageSelect(relation: string, eventHistory: boolean): string {
  const rec = eventHistory ? `json_extract_string(raw, '$.CloudTrailEvent')` : 'raw';
  const ok = eventHistory
    ? `left(ltrim(raw::VARCHAR), 1) = '{' AND coalesce(left(ltrim(rec), 1) = '{', false)`
    : `left(ltrim(raw::VARCHAR), 1) = '{'`;
  return `SELECT * FROM (
    WITH src AS (SELECT filename, g, raw, ${rec} AS rec FROM ${relation}),
    x AS (SELECT filename, g, raw, rec, ${coreColumn('rec')} FROM src),
    y AS (SELECT filename, g, raw, rec, v,
      ${groupColumns('rec')}
      FROM x),
    f AS (SELECT filename, g, raw, rec, ${ok} AS ok,
      ${fieldColumns()}
      FROM y)
    SELECT filename, g, raw, ok,
      coalesce(try_cast(${col('eventTime')} AS TIMESTAMPTZ),
        try_cast(${col('timestamp')} AS TIMESTAMPTZ)) AS time,
      coalesce(${col('eventTime')}, ${col('timestamp')}) AS time_raw,
      ${category} AS category,
      ${col('eventName')} AS action,
      ${outcome} AS outcome,
      ${col('errorCode')} AS error_code,
      ${col('errorMessage')} AS error_message,
      ${actor} AS actor,
      ${col('userType')} AS actor_kind,
      ${actorDisplay} AS actor_display,
      'aws:key:' || ${col('accessKeyId')} AS credential,
      'aws:key:' || coalesce(${col('issuedKey')}, ${col('createdKey')}) AS issued,
      ${target} AS target,
      ${col('sourceIp')} AS src_ip,
      ${col('userAgent')} AS user_agent,
      ${account} AS account,
      ${col('region')} AS region,
      coalesce(${col('sharedEventId')}, ${col('eventId')}) AS call_id,
      ${col('userType')} AS l_user_type,
      ${col('userArn')} AS l_user_arn,
      ${col('issuerArn')} AS l_issuer_arn,
      ${col('roleArn')} AS l_role_arn,
      coalesce(${col('assumedRoleArn')}, ${col('federatedArn')}) AS l_session_arn,
      CASE WHEN ${col('assumedRoleArn')} IS NOT NULL THEN 'responseElements.assumedRoleUser.arn'
        ELSE 'responseElements.federatedUser.arn' END AS l_session_field,
      ${col('issuedKey')} AS l_issued_key,
      ${col('createdKey')} AS l_created_key,
      ${col('createdKeyUser')} AS l_created_key_user,
      CASE WHEN ${col('eventName')} = 'BatchGetSecretValue'
        THEN json_extract_string(rec, '$.requestParameters.secretIdList[*]') END AS l_secret_ids,
      CASE WHEN ${col('eventName')} = 'GetParameters' AND ${col('eventSource')} = 'ssm.amazonaws.com'
        THEN json_extract_string(rec, '$.requestParameters.names[*]') END AS l_param_names
    FROM f)`;
}

/** A staged row with its file's evidence id, record number and event id. */
function staged(stage: string, files: string): string {
  return `SELECT md5(m.sha || ':' || (s.g - m.base + 1)) AS event_id, m.evidence_id,
      s.g - m.base + 1 AS record_no, s.*
    FROM ${stage} AS s JOIN ${files} AS m ON s.filename = m.file
    WHERE s.ok`;
}

const eventColumns = `event_id, evidence_id, record_no, time, time_raw, source, category, action,
  outcome, error_code, error_message, actor, actor_kind, actor_display, credential, issued, target,
  target_display, src_ip, user_agent, account, region, call_id, raw`;

/** `files` is a table `(file, sha, evidence_id, base)`: `base` is the `g` of a file's record 1. */
export function insertEventsSql(stage: string, files: string): string {
  return `INSERT INTO events (${eventColumns})
    SELECT event_id, evidence_id, record_no, time, time_raw, 'aws.cloudtrail', category, action,
      outcome, error_code, error_message, actor, actor_kind, actor_display, credential, issued,
      target, ${targetDisplay}, src_ip, user_agent, account, region, call_id, raw
    FROM (${staged(stage, files)})`;
}

/**
 * Source links: what one record proves beyond its event columns. BatchGetSecretValue and ssm
 * GetParameters name several secrets; the event's target is the first, and every one of them
 * (the first too) gets a `read_secret` row here, so that the graph reads them all.
 */
export function insertLinksSql(stage: string, files: string): string {
  const who = 'coalesce(credential, actor)';
  return `INSERT INTO source_links (event_id, from_id, to_id, kind, proof, reason, score)
    WITH s AS (${staged(stage, files)})
    SELECT event_id, ${who}, 'aws:session:' || l_session_arn, 'issued', 'exact',
      l_session_field, 1 FROM s
      WHERE l_session_arn IS NOT NULL AND ${who} IS NOT NULL AND action IN ${issuingCalls}
    UNION ALL
    SELECT event_id, 'aws:session:' || l_session_arn, 'aws:key:' || l_issued_key, 'holds',
      'exact', 'responseElements.credentials.accessKeyId', 1 FROM s
      WHERE l_session_arn IS NOT NULL AND l_issued_key IS NOT NULL
    UNION ALL
    SELECT event_id, ${who}, 'aws:role:' || l_role_arn, 'assumed', 'exact',
      'requestParameters.roleArn', 1 FROM s
      WHERE action LIKE 'AssumeRole%' AND l_role_arn IS NOT NULL AND ${who} IS NOT NULL
    UNION ALL
    SELECT event_id, 'aws:role:' || l_role_arn, 'aws:session:' || l_session_arn, 'has_session',
      'exact', 'requestParameters.roleArn', 1 FROM s
      WHERE action LIKE 'AssumeRole%' AND l_role_arn IS NOT NULL AND l_session_arn IS NOT NULL
    UNION ALL
    SELECT event_id, 'aws:role:' || l_issuer_arn, 'aws:session:' || l_user_arn, 'has_session',
      'exact', 'userIdentity.sessionContext.sessionIssuer.arn', 1 FROM s
      WHERE l_user_type = 'AssumedRole' AND l_issuer_arn IS NOT NULL AND l_user_arn IS NOT NULL
    UNION ALL
    SELECT event_id, 'aws:user:arn:aws:iam::' || account || ':user/' || l_created_key_user,
      'aws:key:' || l_created_key, 'holds', 'exact', 'responseElements.accessKey.userName', 1
      FROM s
      WHERE action = 'CreateAccessKey' AND l_created_key IS NOT NULL
        AND l_created_key_user IS NOT NULL AND account IS NOT NULL
    UNION ALL
    SELECT event_id, ${who}, 'aws:secret:' || unnest(l_secret_ids), 'read_secret', 'exact',
      'requestParameters.secretIdList', 1 FROM s
      WHERE l_secret_ids IS NOT NULL AND ${who} IS NOT NULL
    UNION ALL
    SELECT event_id, ${who}, 'aws:secret:ssm:' || unnest(l_param_names), 'read_secret', 'exact',
      'requestParameters.names', 1 FROM s
      WHERE l_param_names IS NOT NULL AND ${who} IS NOT NULL`;
}

/** Per file: records staged, those that are not objects, the first of them, the first `g`. */
export function stageCountsSql(stage: string): string {
  return `SELECT filename, count(*)::INTEGER AS records,
      count(*) FILTER (WHERE NOT ok)::INTEGER AS rejected,
      min(g) FILTER (WHERE NOT ok)::BIGINT AS first_bad, min(g)::BIGINT AS base
    FROM ${stage} GROUP BY filename`;
}
