import type { FindingRule } from '../rule.js';
import { isAddress, iso } from '../sqlParts.js';

/** SQL: the issuing record was made by a platform on a workload's behalf. */
const platform = `coalesce(starts_with(actor, 'aws:service:')
  OR starts_with(actor, 'k8s:user:system:node:'), false)`;

/**
 * SQL: the user agent without what changes from one command to the next: the AWS CLI v2 writes
 * the command it runs (`md/command#sts.assume-role`) into it.
 */
const userAgent = `regexp_replace(user_agent, '\\s*md/command#\\S+', '', 'g')`;

/**
 * SQL: the record's address, unless an AWS service made the call on the principal's behalf
 * (`userIdentity.invokedBy`): that address is the service's, not where the holder stood.
 */
const ownAddress = `CASE WHEN source = 'aws.cloudtrail'
    AND (raw->'userIdentity'->>'invokedBy') IS NOT NULL THEN NULL ELSE src_ip END`;

/**
 * A credential used from an address, or with a user agent, it had not shown before. What it
 * "had shown" is its issuing record (where the holder stood when it was created) and its uses
 * up to then: the values of its issuing record and the first it was used with are its baseline
 * (a use dated before its issuance, by clock skew, can come first). Where a platform issued it
 * for a workload, the first use alone is the baseline, and so are the first uses of the other
 * credentials the same platform issued for the same role: a Lambda function's sessions call out
 * from a few AWS-owned addresses in turn, so one session's second address is another's first.
 * An address is never counted where an AWS service called on the holder's behalf, nor where it
 * is a service name (`lambda.amazonaws.com`). A new address rates high; a new user agent alone
 * rates low, since tools update themselves. Where the source names the session a record was made
 * in, the session is judged too: an Okta session is the records' credential already, and an
 * Entra session (`entra:session:`, from the sign-ins' source links) is judged over its sign-ins,
 * the first one as its issuance, since every sign-in issues its own token and a session replayed
 * from elsewhere (a stolen refresh token) would show in no single token.
 */
export const newAddress: FindingRule = {
  id: 'credential-new-address',
  title: 'Credential used from an address or user agent not seen at its issuance or earlier use',
  severity: 'high',
  technique: 'T1078.004',
  summary: '{credential} was used from {fresh}, not seen at its issuance or earlier use ({known}).',
  sql: `
    WITH
    -- The platform and role each platform-issued credential was issued by and for.
    pools AS (
      SELECT issued AS credential, arg_min(actor || ' ' || target, (time, event_id)) AS pool
      FROM events
      WHERE issued IS NOT NULL AND time IS NOT NULL AND target IS NOT NULL AND ${platform}
      GROUP BY issued),
    -- Only a credential with two records, and in them two addresses or two user agents, can
    -- show a new one; most are used once. Grouped by a hash of the id, where two ids sharing
    -- one only add a candidate. Its pool's other credentials come along, for the first values
    -- they spare it.
    repeated AS (
      SELECT c FROM (
        SELECT hash(issued) AS c FROM events WHERE issued IS NOT NULL AND time IS NOT NULL
        UNION ALL
        SELECT hash(credential) FROM events WHERE credential IS NOT NULL AND time IS NOT NULL)
      GROUP BY c HAVING count(*) > 1),
    candidates AS (
      SELECT c FROM (
        SELECT hash(issued) AS c, src_ip, user_agent FROM events
        WHERE issued IS NOT NULL AND time IS NOT NULL
        UNION ALL
        SELECT hash(credential), src_ip, user_agent FROM events
        WHERE credential IS NOT NULL AND time IS NOT NULL)
      WHERE c IN (SELECT c FROM repeated)
      GROUP BY c HAVING min(src_ip) <> max(src_ip) OR min(user_agent) <> max(user_agent)),
    relevant AS (
      SELECT c FROM candidates
      UNION
      SELECT hash(p.credential) FROM pools p
      WHERE p.pool IN (
        SELECT pool FROM pools WHERE hash(credential) IN (SELECT c FROM candidates))),
    -- Their records, found by row number first, so that the large raw column is read for them only.
    relevant_rows AS (
      SELECT rowid AS row FROM events
      WHERE time IS NOT NULL AND (hash(issued) IN (SELECT c FROM relevant)
        OR hash(credential) IN (SELECT c FROM relevant))),
    relevant_events AS (SELECT * FROM events WHERE rowid IN (SELECT row FROM relevant_rows)),
    seen AS (
      SELECT issued AS credential, time, event_id,
        -- A platform issuing for a workload (EC2 for an instance, the kubelet for a pod) stands
        -- elsewhere than the holder will: its address and agent are no baseline.
        CASE WHEN NOT (${platform}) THEN ${ownAddress} END AS src_ip,
        CASE WHEN NOT (${platform}) THEN ${userAgent} END AS user_agent,
        coalesce(credential, actor) AS issuer, true AS issuance
      FROM relevant_events WHERE issued IS NOT NULL AND time IS NOT NULL
      UNION ALL
      SELECT credential, time, event_id, ${ownAddress}, ${userAgent}, NULL, false
      FROM relevant_events WHERE credential IS NOT NULL AND time IS NOT NULL
      UNION ALL
      -- Sign-ins that name their Entra session are judged per session, its first sign-in
      -- standing for its issuance: each sign-in issues a token of its own, so a session taken to
      -- another address shows only in the session. Few records name one, so all of them come.
      SELECT s.to_id, e.time, e.event_id, ${ownAddress}, ${userAgent}, s.from_id,
        row_number() OVER (PARTITION BY s.to_id ORDER BY e.time, e.event_id) = 1
      FROM source_links s JOIN events e ON e.event_id = s.event_id
      WHERE s.kind = 'has_session' AND starts_with(s.to_id, 'entra:session:')
        AND e.time IS NOT NULL),
    shown AS (
      SELECT credential, 'address' AS what, src_ip AS value, time, event_id, issuance
      FROM seen WHERE ${isAddress('src_ip')}
      UNION ALL
      SELECT credential, 'user agent', user_agent, time, event_id, issuance
      FROM seen WHERE nullif(user_agent, '') IS NOT NULL),
    firsts AS (
      SELECT credential, what, value, min(time) AS first_time,
        arg_min(event_id, (time, event_id)) AS first_event, bool_or(issuance) AS at_issuance
      FROM shown GROUP BY credential, what, value),
    ranked AS (
      SELECT *, rank() OVER (PARTITION BY credential, what ORDER BY first_time) AS r FROM firsts),
    -- What any of a pool's credentials showed first; a credential's own first values are never
    -- fresh, so this only spares it what another showed.
    pool_known AS (
      SELECT DISTINCT p.pool, r.what, r.value
      FROM pools p JOIN ranked r ON r.credential = p.credential AND r.r = 1),
    fresh AS (
      SELECT * FROM ranked f
      WHERE r > 1 AND NOT at_issuance AND NOT EXISTS (
        SELECT 1 FROM pools p JOIN pool_known k ON k.pool = p.pool
        WHERE p.credential = f.credential AND k.what = f.what AND k.value = f.value)),
    -- The baseline of each credential with something fresh.
    known AS (
      SELECT credential, string_agg(what || ' ' || value, ', ' ORDER BY what, value) AS known,
        list(first_event ORDER BY what, value) AS events
      FROM ranked WHERE (r = 1 OR at_issuance) AND credential IN (SELECT credential FROM fresh)
      GROUP BY credential),
    fresh_uses AS (
      SELECT f.credential, f.what, f.value, s.event_id, s.time
      FROM fresh f JOIN shown s ON s.credential = f.credential AND s.what = f.what
        AND s.value = f.value AND NOT s.issuance),
    issuers AS (
      SELECT credential, arg_min(issuer, (time, event_id)) AS issuer FROM seen
      WHERE issuance GROUP BY credential)
    SELECT u.credential AS key,
      CASE WHEN bool_or(u.what = 'address') THEN 'high' ELSE 'low' END AS severity,
      ${iso('min(u.time)')} AS first_time, ${iso('max(u.time)')} AS last_time,
      list_concat([any_value(i.issuer), u.credential],
        list(DISTINCT 'ip:' || u.value) FILTER (WHERE u.what = 'address')) AS node_ids,
      list_concat(any_value(k.events), list(u.event_id ORDER BY u.time, u.event_id)) AS event_ids,
      json_object('credential', u.credential, 'known', coalesce(any_value(k.known), 'nothing'),
        'fresh', (SELECT string_agg(f.what || ' ' || f.value, ', ' ORDER BY f.first_time, f.value)
          FROM fresh f WHERE f.credential = u.credential)) AS vars
    FROM fresh_uses u LEFT JOIN known k ON k.credential = u.credential
      LEFT JOIN issuers i ON i.credential = u.credential
    GROUP BY u.credential`,
};
