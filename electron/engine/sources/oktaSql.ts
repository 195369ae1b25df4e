import { rejectedCategory } from '../ingest/jsonBatch.js';
import { anyTimeSql } from './timeSql.js';

/**
 * Okta System Log normalisation in SQL (see docs/sources/okta.md). Each LogEvent is parsed once
 * with `json_transform` into the struct `r`; the generic graph rules draw every link it shows.
 */

const V = 'VARCHAR';

const party = { id: V, type: V, alternateId: V, displayName: V };

const shape = {
  uuid: V,
  published: V,
  eventType: V,
  displayMessage: V,
  actor: party,
  client: { ipAddress: V, userAgent: { rawUserAgent: V }, zone: V },
  authenticationContext: { credentialType: V, externalSessionId: V },
  outcome: { result: V, reason: V },
  target: [party],
  transaction: { id: V, type: V },
};

function transform(rec: string): string {
  return `json_transform(${rec}, '${JSON.stringify(shape).replace(/'/g, "''")}')`;
}

/** A field of the struct `r` by its path, empty strings counted as absent. */
function f(...path: string[]): string {
  return `nullif(r${path.map((p) => `."${p}"`).join('')}, '')`;
}

/**
 * The node id of an Okta party (`actor` or a `target` entry) by its `type`: people are
 * `okta:user`, applications and OAuth clients `okta:app` (so a client-credentials caller, actor
 * type PublicClientApp, is the same node as the app a user signs in to), groups `okta:group`;
 * other documented types keep their own name in lower case (`okta:authorizationserver:aus...`).
 */
function partyIdSql(type: string, id: string): string {
  return `CASE WHEN nullif(${id}, '') IS NULL THEN NULL
    WHEN ${type} = 'User' THEN 'okta:user:' || ${id}
    WHEN ${type} IN ('PublicClientApp', 'AppInstance', 'Client') THEN 'okta:app:' || ${id}
    WHEN ${type} = 'UserGroup' THEN 'okta:group:' || ${id}
    ELSE 'okta:' || lower(coalesce(nullif(${type}, ''), 'unknown')) || ':' || ${id} END`;
}

const eventType = f('eventType');
const tokenTypes = `('access_token', 'id_token', 'refresh_token')`;

/** The first target that is not the token a grant issued: the app, user or server acted on. */
const firstTarget = `list_filter(r.target, lambda x: coalesce(x.type, '') NOT IN ${tokenTypes})[1]`;
const grantedToken = `list_filter(r.target, lambda x: x.type = 'access_token')[1]`;

/** Okta writes `unknown` where a record has no session (client credentials, failed logins). */
const sessionId = `CASE WHEN ${f('authenticationContext', 'externalSessionId')} <> 'unknown'
  THEN 'okta:session:' || ${f('authenticationContext', 'externalSessionId')} END`;

const tokenGrant = `regexp_matches(coalesce(${eventType}, ''), '^app\\.oauth2\\.(as\\.)?token\\.grant')`;
const sessionStart = `${eventType} = 'user.session.start'`;

const category = `CASE
    WHEN ${tokenGrant} OR ${eventType} = 'system.api_token.create' THEN 'credential_issue'
    WHEN ${sessionStart} OR starts_with(${eventType}, 'user.authentication.')
      THEN 'authentication'
    WHEN starts_with(${eventType}, 'user.account.') OR starts_with(${eventType}, 'user.lifecycle.')
      OR starts_with(${eventType}, 'application.user_membership.')
      OR starts_with(${eventType}, 'group.user_membership.') THEN 'account_change'
    ELSE 'api_call'
  END`;

/**
 * What a record issued: a sign-in its session; a token grant the token, by the `access_token`
 * target's id when the record lists it, else by `transaction.id` (the grant request, the one
 * identifier every grant record has).
 */
const issued = `CASE
    WHEN ${sessionStart} AND ${f('outcome', 'result')} = 'SUCCESS' THEN ${sessionId}
    WHEN ${tokenGrant} AND ${f('outcome', 'result')} = 'SUCCESS'
      THEN 'okta:token:' || coalesce(nullif(${grantedToken}.id, ''), ${f('transaction', 'id')})
  END`;

/** The session a record was made in; a sign-in creates its session rather than using it. */
const credential = `CASE WHEN ${sessionStart} THEN NULL ELSE ${sessionId} END`;

const result = f('outcome', 'result');
const outcome = `CASE WHEN ${result} IN ('SUCCESS', 'ALLOW') THEN 'success'
    WHEN ${result} IN ('FAILURE', 'DENY') THEN 'failure' ELSE 'unknown' END`;

const timeRaw = f('published');

const eventColumns = `event_id, evidence_id, record_no, time, time_raw, source, category, action,
  outcome, error_code, error_message, actor, actor_kind, actor_display, credential, issued,
  target, target_display, src_ip, user_agent, call_id, raw`;

/** Insert a staged batch of LogEvents as events; non-objects get the rejected marker. */
export function insertOktaEventsSql(stage: string): string {
  return `INSERT INTO events (${eventColumns})
    WITH parsed AS (SELECT evidence_id, sha, g, raw, left(ltrim(raw::VARCHAR), 1) = '{' AS ok,
      ${transform('raw')} AS r FROM ${stage}),
    picked AS (SELECT *, ${firstTarget} AS t FROM parsed)
    SELECT md5(sha || ':' || g), evidence_id, g, ${anyTimeSql(timeRaw)}, ${timeRaw},
      'okta.system', CASE WHEN ok THEN ${category} ELSE '${rejectedCategory}' END,
      ${eventType}, ${outcome},
      CASE WHEN ${outcome} = 'failure' THEN ${result} END,
      CASE WHEN ${outcome} = 'failure' THEN ${f('outcome', 'reason')} END,
      ${partyIdSql('r.actor.type', 'r.actor.id')}, ${f('actor', 'type')},
      coalesce(${f('actor', 'alternateId')}, ${f('actor', 'displayName')}),
      ${credential}, ${issued},
      ${partyIdSql('t.type', 't.id')}, coalesce(nullif(t.displayName, ''), nullif(t.alternateId, '')),
      ${f('client', 'ipAddress')}, ${f('client', 'userAgent', 'rawUserAgent')},
      ${f('transaction', 'id')}, raw
    FROM picked`;
}
