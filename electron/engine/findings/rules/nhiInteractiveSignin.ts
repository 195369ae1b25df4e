import type { FindingRule } from '../rule.js';
import { isAddress, isLongLived, iso, workloadCtes } from '../sqlParts.js';

/**
 * A non-human identity signing in interactively: a CloudTrail ConsoleLogin, or an Entra sign-in
 * marked `isInteractive`, by an identity that is a workload (see `workloadCtes`) or holds a
 * long-lived key used from a workload's address. Machines call APIs; a console session on a
 * machine's identity means a person holds its password or key.
 */
export const nhiInteractiveSignin: FindingRule = {
  id: 'nhi-interactive-signin',
  title: 'Non-human identity signed in interactively',
  severity: 'high',
  technique: 'T1078.004',
  summary: '{identity}, a non-human identity ({why}), signed in interactively at {at} from {ip}.',
  sql: `
    WITH ${workloadCtes},
    workload_keys AS (
      SELECT u.credential, arg_min(u.event_id, (u.time, u.event_id)) AS event_id,
        arg_min(u.src_ip, (u.time, u.event_id)) AS src_ip
      FROM events u JOIN workload_addresses a ON a.src_ip = u.src_ip
      WHERE ${isLongLived('u.credential')} GROUP BY u.credential),
    machines AS (
      SELECT node_id, 'a workload' AS why, NULL AS credential, NULL AS event_id, NULL AS src_ip
      FROM workloads
      UNION ALL
      SELECT h.from_id, 'holds ' || k.credential || ', used from a workload address ' || k.src_ip,
        k.credential, k.event_id, k.src_ip
      FROM links h JOIN workload_keys k ON k.credential = h.to_id WHERE h.kind = 'holds'),
    -- Two scans, so that the raw records are read for Entra sign-ins alone.
    signins AS (
      SELECT event_id, time, actor, src_ip FROM events
      WHERE time IS NOT NULL AND actor IS NOT NULL AND outcome = 'success'
        AND source = 'aws.cloudtrail' AND action = 'ConsoleLogin'
      UNION ALL
      SELECT event_id, time, actor, src_ip FROM events
      WHERE time IS NOT NULL AND actor IS NOT NULL AND outcome = 'success'
        AND source = 'entra.signin' AND lower(coalesce(
          json_extract_string(raw, '$.properties.isInteractive'),
          json_extract_string(raw, '$.isInteractive'), json_extract_string(raw, '$.IsInteractive'),
          '')) = 'true')
    SELECT s.actor || '@' || s.event_id AS key, NULL AS severity,
      ${iso('s.time')} AS first_time, ${iso('s.time')} AS last_time,
      [s.actor, CASE WHEN ${isAddress('s.src_ip')} THEN 'ip:' || s.src_ip END,
        any_value(m.credential)] AS node_ids,
      [s.event_id, any_value(m.event_id)] AS event_ids,
      json_object('identity', s.actor, 'why', min(m.why), 'at', ${iso('s.time')},
        'ip', coalesce(s.src_ip, 'an unknown address')) AS vars
    FROM signins s JOIN machines m ON m.node_id = s.actor
    GROUP BY s.actor, s.event_id, s.time, s.src_ip`,
};
