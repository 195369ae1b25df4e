import { rejectedCategory } from '../ingest/jsonBatch.js';
import { eventColumns, first, obj, str } from './azureJson.js';
import { anyTimeSql } from './timeSql.js';

/**
 * Azure Activity Log normalisation in SQL (see docs/sources/azure.md). Each record is read as
 * JSON `j`; every field is taken from the SDK's snake_case name or the export's camelCase one.
 */

const j = 'j';
const claims = `coalesce(${obj(j, 'claims')}, ${obj(j, 'identity.claims')})`;

/** `operationName` is a string in diagnostic exports and `{value, localizedValue}` in the REST API. */
const valueOf = (path: string) =>
  `CASE WHEN json_type(${j} -> '$.${path}') = 'OBJECT' THEN ${str(j, `${path}.value`)}
    ELSE ${str(j, path)} END`;

const timeRaw = first(str(j, 'event_timestamp'), str(j, 'time'), str(j, 'eventTimestamp'));
const caller = str(j, 'caller');
const appId = str(claims, 'appid');
const isApp = `${str(claims, 'idtyp')} = 'app'`;
const operation = first(str(j, 'operation_name.value'), valueOf('operationName'));
const resourceId = first(str(j, 'resource_id'), str(j, 'resourceId'));
const status = first(str(j, 'status.value'), valueOf('status'), str(j, 'resultType'));
const subStatus = first(
  str(j, 'sub_status.value'),
  valueOf('subStatus'),
  str(j, 'resultSignature'),
);

const actor = `CASE
    WHEN ${isApp} AND ${appId} IS NOT NULL THEN 'entra:sp:' || ${appId}
    WHEN ${caller} IS NOT NULL THEN 'entra:user:' || ${caller}
  END`;

const actorKind = `CASE
    WHEN ${isApp} AND ${appId} IS NOT NULL THEN 'ServicePrincipal'
    WHEN ${caller} IS NOT NULL THEN 'User'
  END`;

const outcome = `CASE
    WHEN lower(${status}) IN ('succeeded', 'success') THEN 'success'
    WHEN lower(${status}) IN ('failed', 'failure') THEN 'failure'
    ELSE 'unknown'
  END`;

/** Granting or removing a role is a change of what an identity may do. */
const category = `CASE
    WHEN regexp_matches(lower(coalesce(${operation}, '')),
      '^microsoft\\.authorization/roleassignments/(write|delete)$') THEN 'account_change'
    ELSE 'api_call'
  END`;

const srcIp = first(
  str(j, 'http_request.client_ip_address'),
  str(j, 'callerIpAddress'),
  str(j, 'httpRequest.clientIpAddress'),
);

const account = first(
  str(j, 'subscription_id'),
  str(j, 'subscriptionId'),
  `nullif(regexp_extract(${resourceId}, '(?i)^/subscriptions/([^/]+)', 1), '')`,
);

/** Insert a staged batch of Activity Log records as events; non-objects get the rejected marker. */
export function insertAzureEventsSql(stage: string): string {
  return `INSERT INTO events (${eventColumns})
    WITH parsed AS (SELECT evidence_id, sha, g, raw, left(ltrim(raw::VARCHAR), 1) = '{' AS ok,
      raw::JSON AS j FROM ${stage})
    SELECT md5(sha || ':' || g), evidence_id, g, ${anyTimeSql(timeRaw)}, ${timeRaw},
      'azure.activity', CASE WHEN ok THEN ${category} ELSE '${rejectedCategory}' END,
      ${operation}, ${outcome}, CASE WHEN ${outcome} = 'failure' THEN ${subStatus} END, NULL,
      ${actor}, ${actorKind}, ${caller}, NULL, NULL,
      'azure:resource:' || lower(${resourceId}), ${resourceId},
      ${srcIp}, NULL, ${account}, ${str(j, 'location')}, ${first(str(j, 'correlation_id'), str(j, 'correlationId'))},
      raw
    FROM parsed`;
}
