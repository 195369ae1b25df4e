import { rejectedCategory } from '../ingest/jsonBatch.js';
import { anyTimeSql } from './timeSql.js';

/**
 * Vault audit normalisation, in SQL like CloudTrail's: one INSERT parses each record once with
 * `json_transform` into the fields below, names them in a CTE (redacted values dropped), and
 * writes the event rows; a second statement draws what a record proves beyond its columns.
 *
 * A request and its response are two entries of one call, which become one event: the response,
 * which repeats the request and says how it ended and what it issued. A request whose response
 * is not in the batch stays an event of its own (outcome `unknown` unless it carries an error).
 * `call_id` is `request.id`, so that a call loaded again in a later batch still counts once.
 */

const V = 'VARCHAR';
const metadata = { role: V, service_account_name: V, service_account_namespace: V };
const authShape = { accessor: V, display_name: V, entity_id: V, metadata };

const shape = {
  time: V,
  type: V,
  error: V,
  auth: authShape,
  request: {
    id: V,
    operation: V,
    path: V,
    remote_address: V,
    remote_port: V,
    mount_type: V,
    mount_point: V,
    namespace: { id: V, path: V },
    data: { accessor: V },
    headers: { 'user-agent': [V] },
  },
  response: { auth: authShape },
};

const shapeSql = JSON.stringify(shape).replace(/'/g, "''");

/**
 * A logged value, or NULL when it is empty or redacted. Hand-redacted excerpts replace values
 * with asterisks (`****`): such a placeholder names nothing and must never join two records, so
 * an identifier with `**` in it counts as absent; a display text only when it is all asterisks.
 */
function value(path: string, identifier = false): string {
  const redacted = identifier
    ? `contains(r.${path}, '**')`
    : `regexp_full_match(r.${path}, '\\*+')`;
  return `CASE WHEN ${redacted} THEN NULL ELSE nullif(r.${path}, '') END`;
}

/** The record's fields, by name. */
const fieldsSql = `SELECT evidence_id, sha, g, raw, ok,
    ${value('time')} AS time_raw,
    ${value('type')} AS kind,
    ${value('error')} AS error,
    ${value('auth.accessor', true)} AS accessor,
    ${value('auth.entity_id', true)} AS entity,
    ${value('auth.display_name')} AS display,
    ${value('auth.metadata.role')} AS meta_role,
    ${value('request.id', true)} AS request_id,
    ${value('request.operation')} AS operation,
    ${value('request.path')} AS path,
    ${value('request.remote_address')} AS remote,
    r.request.remote_port AS port,
    ${value('request.mount_type')} AS mount_type,
    ${value('request.mount_point')} AS mount_point,
    ${value('request.namespace.id')} AS ns_id,
    coalesce(${value('request.namespace.path')}, '') AS ns,
    ${value('request.data.accessor', true)} AS data_accessor,
    ${value('request.headers."user-agent"[1]')} AS user_agent,
    ${value('response.auth.accessor', true)} AS issued_accessor,
    ${value('response.auth.entity_id', true)} AS issued_entity,
    ${value('response.auth.display_name')} AS issued_display,
    ${value('response.auth.metadata.role')} AS issued_role
  FROM parsed`;

// `auth/<mount>/login`, `auth/<mount>/login/<user>`: a login on an auth method.
const isLogin = `coalesce(regexp_matches(path, '^auth/.+/login(/|$)'), false)`;

/** The auth mount of a login without `auth/` and the trailing slash: `kubernetes`, `jwt`. */
const loginMount = `coalesce(
    nullif(regexp_extract(mount_point, '^auth/(.+?)/?$', 1), ''),
    regexp_extract(path, '^auth/(.+?)/login(/.*)?$', 1))`;

const secretMounts = `('kv', 'generic', 'cubbyhole')`;

/** The mount a path is under, with its slash: `mount_point`, else the first part of the path. */
const mount = `coalesce(mount_point, split_part(path, '/', 1) || '/')`;

/**
 * A read that returns secret values: a read on a KV (or cubbyhole) mount, or, where the log
 * predates `mount_type`, under `secret/`, `kv/` or `cubbyhole/`. KV version 2's metadata,
 * config and subkeys endpoints return no values.
 */
const isSecretRead = `(operation = 'read'
    AND (mount_type IN ${secretMounts}
      OR (mount_type IS NULL AND regexp_matches(path, '^(secret|kv|cubbyhole)/')))
    AND NOT (starts_with(path, ${mount} || 'metadata/') OR path = ${mount} || 'config'
      OR starts_with(path, ${mount} || 'subkeys/')))`;

/**
 * Which entries are one call: those with the same `request.id`. Where the id is missing or
 * redacted, a response is paired with the latest request before it in the same file with the same
 * path, address and port (one HTTP connection): the running count of requests in that group.
 */
const pairedSql = `SELECT *,
    CASE WHEN NOT ok THEN NULL
      WHEN request_id IS NOT NULL THEN 'id:' || request_id
      ELSE 'seq:' || evidence_id || ':' || coalesce(path, '') || ':' || coalesce(remote, '') || ':'
        || coalesce(port, '') || ':' || sum(CASE WHEN kind = 'request' THEN 1 ELSE 0 END)
          OVER (PARTITION BY evidence_id, request_id IS NULL, path, remote, port
            ORDER BY g ROWS UNBOUNDED PRECEDING)
    END AS pair
  FROM fields`;

/** The response of a call ranks first; the other entries of the call are not events. */
const keptSql = `SELECT * FROM paired
  QUALIFY pair IS NULL OR row_number() OVER (PARTITION BY pair
    ORDER BY kind = 'response' DESC, evidence_id, g) = 1`;

const derivedSql = `SELECT *,
    ${isLogin} AS login,
    coalesce(starts_with(path, 'auth/token/create'), false) AS token_create,
    coalesce(starts_with(path, 'auth/token/revoke'), false) AS revoke,
    coalesce(regexp_extract(path, '^auth/token/[a-z]+-(self|accessor)$', 1), '') AS token_op
  FROM kept`;

/** The token a login or `auth/token/create` response issued (a login's `auth` is the new token). */
const issuedAccessor = `CASE
    WHEN kind = 'response' AND error IS NULL AND login THEN coalesce(issued_accessor, accessor)
    WHEN kind = 'response' AND error IS NULL AND token_create THEN issued_accessor
  END`;

const loginEntity = `coalesce(issued_entity, entity)`;

const loginRole = `coalesce(issued_role, meta_role)`;

/**
 * The token the call was made with. A login is made with a JWT or password, not a token; a
 * renew-self response names the renewed token (its own) again, which helps where the request's
 * accessor was redacted.
 */
const credentialAccessor = `CASE
    WHEN login THEN NULL
    WHEN path = 'auth/token/renew-self' THEN coalesce(accessor, issued_accessor)
    ELSE accessor
  END`;

const normalSql = `SELECT *,
    ${issuedAccessor} AS issued_token,
    ${credentialAccessor} AS used_token,
    CASE WHEN login AND ${loginRole} IS NOT NULL AND ${loginMount} IS NOT NULL
      THEN ns || ${loginMount} || '/' || ${loginRole} END AS role_name
  FROM derived`;

const category = `CASE
    WHEN login AND issued_token IS NOT NULL THEN 'credential_issue'
    WHEN login THEN 'authentication'
    WHEN token_create THEN 'credential_issue'
    WHEN revoke THEN 'account_change'
    WHEN ${isSecretRead} THEN 'secret_read'
    ELSE 'api_call'
  END`;

const outcome = `CASE
    WHEN error IS NOT NULL THEN 'failure'
    WHEN kind = 'response' THEN 'success'
    ELSE 'unknown'
  END`;

/** Who acted: the entity where the record names one, else the token (or, for a login, the role). */
const actor = `CASE
    WHEN login AND ${loginEntity} IS NOT NULL THEN 'vault:entity:' || ${loginEntity}
    WHEN login AND role_name IS NOT NULL THEN 'vault:role:' || role_name
    WHEN login THEN NULL
    WHEN entity IS NOT NULL THEN 'vault:entity:' || entity
    WHEN used_token IS NOT NULL THEN 'vault:token:' || used_token
  END`;

const actorKind = `CASE
    WHEN starts_with(actor, 'vault:entity:') THEN 'entity'
    WHEN starts_with(actor, 'vault:token:') THEN 'token'
    WHEN starts_with(actor, 'vault:role:') THEN 'role'
  END`;

/**
 * What was acted on: the role a login logged in with; the token of a `-self` or `-accessor`
 * token call (its own, or the one in `request.data.accessor`); else the path called, with the
 * namespace in front.
 */
const target = `CASE
    WHEN role_name IS NOT NULL THEN 'vault:role:' || role_name
    WHEN token_op = 'self' AND used_token IS NOT NULL THEN 'vault:token:' || used_token
    WHEN token_op = 'accessor' AND data_accessor IS NOT NULL THEN 'vault:token:' || data_accessor
    WHEN path IS NOT NULL THEN 'vault:path:' || ns || path
  END`;

const eventColumns = `event_id, evidence_id, record_no, time, time_raw, source, category, action,
  outcome, error_code, error_message, actor, actor_kind, actor_display, actor_role, credential,
  issued, target, target_display, src_ip, user_agent, account, region, call_id, raw`;

/**
 * Insert the staged records as events. A record that is not a JSON object goes in with the
 * rejected marker, to be counted and named, then deleted.
 */
export function insertEventsSql(stage: string): string {
  return `INSERT INTO events (${eventColumns})
    WITH parsed AS (SELECT evidence_id, sha, g, raw, left(ltrim(raw::VARCHAR), 1) = '{' AS ok,
        json_transform(raw, '${shapeSql}') AS r FROM ${stage}),
      fields AS (${fieldsSql}),
      paired AS (${pairedSql}),
      kept AS (${keptSql}),
      derived AS (${derivedSql}),
      normal AS (${normalSql}),
      acting AS (SELECT *, ${actor} AS actor FROM normal)
    SELECT md5(sha || ':' || g), evidence_id, g, ${anyTimeSql('time_raw')}, time_raw,
      'vault.audit', CASE WHEN ok THEN ${category} ELSE '${rejectedCategory}' END, operation,
      ${outcome}, NULL, error, actor, ${actorKind},
      CASE WHEN login THEN coalesce(issued_display, display) ELSE display END, NULL,
      'vault:token:' || used_token, 'vault:token:' || issued_token, ${target},
      CASE WHEN role_name IS NOT NULL THEN role_name ELSE ns || path END, remote, user_agent,
      coalesce(nullif(rtrim(ns, '/'), ''), ns_id), NULL, request_id, raw
    FROM acting`;
}

/** The parts of a record the source links need. */
const linkShape = { auth: authShape, request: { path: V }, response: { auth: authShape } };

const linkShapeSql = JSON.stringify(linkShape).replace(/'/g, "''");

/** A value of the link struct `x`, NULL when empty or redacted. */
function linked(path: string): string {
  return `CASE WHEN contains(x.${path}, '**') THEN NULL ELSE nullif(x.${path}, '') END`;
}

/** `k8s:sa:NS/NAME` from Kubernetes-auth metadata under `part`, when both names are there. */
function serviceAccount(part: string): string {
  return `'k8s:sa:' || ${linked(`${part}.metadata.service_account_namespace`)} || '/'
    || ${linked(`${part}.metadata.service_account_name`)}`;
}

/**
 * Source links of a batch (evidence ids in `$ids`):
 * - an issued token is held by the entity the response names (`response.auth.entity_id`; a
 *   login's own `auth` describes the new token too), and a login's entity `assumed` the role it
 *   logged in with;
 * - Kubernetes-auth metadata names the service account behind an entity: `same_as`, drawn both
 *   ways, since one identity under two names is walked from either side (backward from a secret
 *   to the service account, forward from the service account to what it read).
 */
export const insertLinksSql = `INSERT INTO source_links (event_id, from_id, to_id, kind, proof,
    reason, score)
  WITH picked AS MATERIALIZED (
    SELECT event_id, category, actor, issued, target, raw FROM events
    WHERE list_contains($ids, evidence_id) AND source = 'vault.audit'
      AND (issued IS NOT NULL OR starts_with(actor, 'vault:entity:'))),
  x AS (SELECT *, json_transform(raw, '${linkShapeSql}') AS x FROM picked),
  s AS (
    SELECT event_id, category, actor, issued, target,
      coalesce(regexp_matches(x.request.path, '^auth/.+/login(/|$)'), false) AS login,
      'vault:entity:' || ${linked('response.auth.entity_id')} AS holder,
      CASE WHEN starts_with(actor, 'vault:entity:') THEN coalesce(
        CASE WHEN category IN ('credential_issue', 'authentication')
          THEN ${serviceAccount('response.auth')} END,
        ${serviceAccount('auth')}) END AS sa
    FROM x)
  SELECT event_id, CASE WHEN login THEN coalesce(holder, actor) ELSE holder END, issued, 'holds',
    'exact', 'response.auth.entity_id and response.auth.accessor', 1
    FROM s WHERE issued IS NOT NULL
      AND (CASE WHEN login THEN coalesce(holder, actor) ELSE holder END) LIKE 'vault:entity:%'
  UNION ALL
  SELECT event_id, actor, target, 'assumed', 'exact', 'auth.metadata.role and request.path', 1
    FROM s WHERE login AND starts_with(actor, 'vault:entity:') AND starts_with(target, 'vault:role:')
  UNION ALL
  SELECT event_id, actor, sa, 'same_as', 'exact',
    'auth.entity_id and auth.metadata (service_account_namespace, service_account_name)', 1
    FROM s WHERE sa IS NOT NULL
  UNION ALL
  SELECT event_id, sa, actor, 'same_as', 'exact',
    'auth.metadata (service_account_namespace, service_account_name) and auth.entity_id', 1
    FROM s WHERE sa IS NOT NULL`;
