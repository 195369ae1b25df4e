import type { FindingRule } from '../rule.js';
import { isAddress, isLongLived, iso } from '../sqlParts.js';

/**
 * How long after a secret read the first use of a credential still counts as following it. A
 * machine that fetches a key uses it within seconds; an hour paired unrelated keys whose first
 * record merely fell where the bundle starts (seen on the Stratus red team trails).
 */
export const SECRET_TO_USE_WINDOW_SECONDS = 300;

/**
 * A secret read by one workload, then a credential used from another. The credential is a
 * long-lived key (what a secret store holds; short-lived ones are minted, not stored) that the
 * bundle never shows issued (so it came from somewhere outside, such as the secret), showing at
 * an address for the first time within the window after the read nearest before it. From another address than
 * the read it rates high: the key moved between workloads. From the same address it rates medium:
 * the workload took a long-lived key out of the secret and used it, which is how a leaked key
 * travels too. A credential whose nearest read is its own is the reader, not a key from the secret.
 */
export const secretThenOtherWorkload: FindingRule = {
  id: 'secret-read-then-used-elsewhere',
  title: 'Secret read, then a credential first used soon after, from another workload or the same',
  severity: 'high',
  technique: 'T1555.006',
  summary:
    '{reader} read {secret} from {read_ip} at {read_at}; {seconds} s later {credential}, never seen issued, was used from {use_ip} for the first time, {where}.',
  params: () => ({ window: SECRET_TO_USE_WINDOW_SECONDS }),
  sql: `
    WITH reads AS (
      SELECT event_id, time, actor, coalesce(credential, actor) AS reader, target AS secret, src_ip
      FROM events
      WHERE category = 'secret_read' AND outcome = 'success' AND time IS NOT NULL
        AND target IS NOT NULL AND ${isAddress('src_ip')}),
    -- The first time each key shows at each address: a key taken from a secret turns up where
    -- it had not been before, even when it was in use elsewhere.
    first_use AS (
      SELECT credential, src_ip, min(time) AS time, arg_min(event_id, (time, event_id)) AS event_id
      FROM events e
      WHERE ${isLongLived('credential')} AND time IS NOT NULL AND ${isAddress('src_ip')}
        AND NOT EXISTS (SELECT 1 FROM events i WHERE i.issued = e.credential)
      GROUP BY credential, src_ip),
    -- ASOF takes, for each first use, the one read nearest before it (a range join here would
    -- pair every read with every key first used in the window after it). A read from the use's
    -- own address is preferred: another workload's read a moment earlier is a weaker tie.
    candidates AS (
      SELECT f.credential, f.time AS use_time, f.event_id AS use_event, f.src_ip AS use_ip,
        r.event_id AS read_event, r.time AS read_time, r.actor, r.reader, r.secret,
        r.src_ip AS read_ip, 0 AS preference
      FROM first_use f ASOF JOIN reads r ON f.src_ip = r.src_ip AND f.time >= r.time
      UNION ALL
      SELECT f.credential, f.time, f.event_id, f.src_ip, r.event_id, r.time, r.actor, r.reader,
        r.secret, r.src_ip, 1
      FROM first_use f ASOF JOIN reads r ON f.time >= r.time),
    pairs AS (
      SELECT * FROM candidates
      WHERE use_time <= read_time + to_seconds($window::BIGINT)
        AND reader IS DISTINCT FROM credential
      QUALIFY row_number() OVER (PARTITION BY credential
        ORDER BY use_time, preference, use_event) = 1)
    SELECT credential AS key, CASE WHEN use_ip = read_ip THEN 'medium' END AS severity, ${iso('read_time')} AS first_time,
      ${iso('use_time')} AS last_time,
      [actor, reader, secret, credential, 'ip:' || use_ip] AS node_ids,
      [read_event, use_event] AS event_ids,
      json_object('reader', reader, 'secret', secret, 'read_ip', read_ip,
        'read_at', ${iso('read_time')}, 'credential', credential, 'use_ip', use_ip,
        'seconds', round(epoch(use_time) - epoch(read_time))::BIGINT,
        'where', CASE WHEN use_ip = read_ip THEN 'the same address: the secret likely held it'
          ELSE 'another workload''s address' END) AS vars
    FROM pairs`,
};
