import { rejectedCategory } from '../ingest/jsonBatch.js';

/**
 * GitHub audit log normalisation in SQL (see docs/sources/github.md). Each event is parsed once
 * with `json_transform` into the struct `r`; the generic graph rules draw every link it shows.
 */

const V = 'VARCHAR';

// Numbers (`@timestamp`, `token_id`) are read as text, so that nothing is rounded.
const shape = {
  '@timestamp': V,
  created_at: V,
  _document_id: V,
  action: V,
  actor: V,
  actor_ip: V,
  user_agent: V,
  org: V,
  business: V,
  repo: V,
  repository: V,
  user: V,
  team: V,
  hashed_token: V,
  programmatic_access_type: V,
};

function transform(rec: string): string {
  return `json_transform(${rec}, '${JSON.stringify(shape).replace(/'/g, "''")}')`;
}

/** A field of the struct `r` by its name, empty strings counted as absent. */
const f = (name: string) => `nullif(r."${name}", '')`;

/**
 * TIMESTAMPTZ from epoch milliseconds written as text (`1717171717123`, or with a fraction
 * `1717171717123.456`), exact to the microsecond; else the text as an ISO timestamp.
 */
function timeSql(text: string): string {
  const ms = `split_part(${text}, '.', 1)::BIGINT`;
  const fraction = `coalesce(left(rpad(split_part(${text}, '.', 2), 3, '0'), 3)::BIGINT, 0)`;
  return `CASE WHEN regexp_full_match(${text}, '\\d{1,16}(\\.\\d+)?')
      THEN to_timestamp(${ms} // 1000) + to_microseconds((${ms} % 1000) * 1000 + ${fraction})
    ELSE try_cast(${text} AS TIMESTAMPTZ) END`;
}

const timeRaw = `coalesce(${f('@timestamp')}, ${f('created_at')})`;
const action = f('action');
const matches = (pattern: string) => `regexp_matches(coalesce(${action}, ''), '${pattern}')`;

/** Actions that create a credential; the token such a record names is the one it created. */
const creation = matches(
  '^(personal_access_token\\.[a-z_]*create|oauth_access\\.create$|oauth_authorization\\.create$|integration_installation\\.[a-z_]*token|public_key\\.create$)',
);

const membership = matches(
  '^(org|team|business|org_credential_authorization)\\.|^repo\\.(add|remove|update)_member$|^personal_access_token\\.access_(granted|revoked)$',
);

const category = `CASE
    WHEN ${creation} THEN 'credential_issue'
    WHEN ${membership} THEN 'account_change'
    ELSE 'api_call'
  END`;

const token = `'github:token:' || ${f('hashed_token')}`;

/**
 * The repository acted on: `repo` (or `repository` in some exports), else the repository of a
 * GitHub Actions OIDC subject (`repo:ORG/REPO:ref:...`) the record names, so that a later bridge
 * can join it to a cloud's web-identity sign-in of that subject.
 */
const oidcRepo = `nullif(regexp_extract(raw::VARCHAR, '"repo:([^/":]+/[^/":]+):', 1), '')`;
const repo = `coalesce(${f('repo')}, ${f('repository')}, ${oidcRepo})`;

const target = `CASE
    WHEN ${repo} IS NOT NULL THEN 'github:repo:' || ${repo}
    WHEN ${f('user')} IS NOT NULL THEN 'github:user:' || ${f('user')}
    WHEN ${f('team')} IS NOT NULL THEN 'github:team:' || ${f('team')}
    WHEN ${f('org')} IS NOT NULL THEN 'github:org:' || ${f('org')}
  END`;

const targetDisplay = `coalesce(${repo}, ${f('user')}, ${f('team')}, ${f('org')})`;

const actorKind = `CASE
    WHEN ${f('actor')} IS NULL THEN NULL
    WHEN ends_with(${f('actor')}, '[bot]') THEN 'Bot'
    ELSE 'User'
  END`;

const eventColumns = `event_id, evidence_id, record_no, time, time_raw, source, category, action,
  outcome, actor, actor_kind, actor_display, credential, issued, target, target_display, src_ip,
  user_agent, account, call_id, raw`;

/** Insert a staged batch of audit events; non-objects get the rejected marker. */
export function insertGithubEventsSql(stage: string): string {
  return `INSERT INTO events (${eventColumns})
    WITH parsed AS (SELECT evidence_id, sha, g, raw, left(ltrim(raw::VARCHAR), 1) = '{' AS ok,
      ${transform('raw')} AS r FROM ${stage})
    SELECT md5(sha || ':' || g), evidence_id, g, ${timeSql(timeRaw)}, ${timeRaw},
      'github.audit', CASE WHEN ok THEN ${category} ELSE '${rejectedCategory}' END,
      ${action}, 'success', 'github:user:' || ${f('actor')}, ${actorKind}, ${f('actor')},
      CASE WHEN NOT ${creation} THEN ${token} END, CASE WHEN ${creation} THEN ${token} END,
      ${target}, ${targetDisplay}, ${f('actor_ip')}, ${f('user_agent')},
      coalesce(${f('org')}, ${f('business')}), ${f('_document_id')}, raw
    FROM parsed`;
}
