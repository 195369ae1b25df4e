import type { FindingRule } from '../rule.js';
import { isAddress, iso, secretUsesCte } from '../sqlParts.js';

/**
 * A secret read, then a credential it gave used: by the reader's workload (medium: the workload
 * took a key out of the secret and used it, which is how a leaked key travels too), or then from
 * another address (high: the credential moved to another workload). Which credential a read gave
 * is never guessed from time alone, since on a busy bundle some unrelated key always turns up
 * soon after some read: the read issued it, or the secret holds it by the inferred first use from
 * the reader's address within the case's window (`secret_uses`). The first use after the read
 * must fall in that window too; a use elsewhere may come any time later. A credential the
 * reader read with is the reader, not something the secret held.
 */
export const secretThenOtherWorkload: FindingRule = {
  id: 'secret-read-then-used-elsewhere',
  title: 'Secret read, then a credential it gave used by the same workload or another',
  severity: 'high',
  technique: 'T1555.006',
  summary:
    '{reader} read {secret} from {read_ip} at {read_at}; {seconds} s later {credential}, {tie}, was used from {use_ip}{where}.',
  params: (settings) => ({ window: settings.secretUseWindowSeconds }),
  sql: `
    WITH ${secretUsesCte},
    reads AS (
      SELECT event_id, time, actor, coalesce(credential, actor) AS reader, target AS secret,
        src_ip, issued
      FROM events
      WHERE category = 'secret_read' AND outcome = 'success' AND time IS NOT NULL
        AND target IS NOT NULL AND ${isAddress('src_ip')}),
    tied AS (
      SELECT r.*, s.credential,
        CASE WHEN r.issued = s.credential THEN 'which the read issued'
          ELSE 'which the secret held (first used from the reader''s address soon after)' END AS tie
      FROM reads r JOIN secret_uses s ON s.read_event = r.event_id
      WHERE s.credential IS DISTINCT FROM r.reader),
    uses AS (
      SELECT t.event_id AS read_event, u.event_id, u.time, u.src_ip
      FROM tied t JOIN events u ON u.credential = t.credential AND u.time >= t.time
      WHERE u.time IS NOT NULL AND ${isAddress('u.src_ip')}),
    firsts AS (
      SELECT read_event, arg_min(event_id, (time, event_id)) AS use_event, min(time) AS use_time,
        arg_min(src_ip, (time, event_id)) AS use_ip
      FROM uses GROUP BY read_event),
    moved AS (
      SELECT u.read_event, arg_min(u.event_id, (u.time, u.event_id)) AS other_event,
        min(u.time) AS other_time, arg_min(u.src_ip, (u.time, u.event_id)) AS other_ip
      FROM uses u JOIN tied t ON t.event_id = u.read_event
      WHERE u.src_ip <> t.src_ip GROUP BY u.read_event),
    pairs AS (
      SELECT t.*, f.use_event, f.use_time, f.use_ip, m.other_event, m.other_time, m.other_ip
      FROM tied t JOIN firsts f ON f.read_event = t.event_id
        LEFT JOIN moved m ON m.read_event = t.event_id
      WHERE f.use_time <= t.time + to_seconds($window::BIGINT)
      QUALIFY row_number() OVER (PARTITION BY t.credential ORDER BY t.time DESC, t.event_id) = 1)
    SELECT credential AS key, CASE WHEN other_event IS NULL THEN 'medium' END AS severity,
      ${iso('time')} AS first_time, ${iso('coalesce(other_time, use_time)')} AS last_time,
      [actor, reader, secret, credential, 'ip:' || coalesce(other_ip, use_ip)] AS node_ids,
      [event_id, use_event, other_event] AS event_ids,
      json_object('reader', reader, 'secret', secret, 'read_ip', src_ip,
        'read_at', ${iso('time')}, 'credential', credential, 'tie', tie, 'use_ip', use_ip,
        'seconds', round(epoch(use_time) - epoch(time))::BIGINT,
        'where', CASE WHEN use_ip <> src_ip THEN ', another workload''s address: it moved'
          WHEN other_event IS NOT NULL THEN ', the reader''s own address, then from ' || other_ip
            || ' at ' || ${iso('other_time')} || ': it moved to another workload'
          ELSE ', the reader''s own address, and from no other after the read: the workload used what it read'
          END) AS vars
    FROM pairs`,
};
