import type { FindingRule } from '../rule.js';
import { isLongLived, iso, workloadCtes } from '../sqlParts.js';

/**
 * A long-lived key (an IAM user's AKIA key, a GCP service-account key, an Entra application
 * secret or certificate) used from the address of an agent or workload: a pod, a service account,
 * an agent's spans, an instance role. A workload should hold short-lived credentials from its
 * platform; a long-lived key in one can be copied out and used anywhere, for as long as it lives.
 * The workload's address comes from its own records, never from the key's.
 */
export const longLivedKeyInWorkload: FindingRule = {
  id: 'long-lived-key-in-workload',
  title: 'Long-lived key used by an agent or workload',
  severity: 'medium',
  technique: 'T1078.004',
  summary:
    'Long-lived key {credential} was used {uses} times from {address}, the address of {workload}.',
  sql: `
    WITH ${workloadCtes},
    -- Uses from the workloads' few addresses, picked before any join: a long-lived key's uses
    -- elsewhere can be millions. Those are network addresses: workload_addresses holds no other.
    uses AS (
      SELECT u.credential, u.event_id, u.time, u.src_ip
      FROM events u
      WHERE ${isLongLived('u.credential')} AND u.time IS NOT NULL
        AND u.src_ip IN (SELECT src_ip FROM workload_addresses)
        AND u.credential NOT IN (SELECT node_id FROM workloads))
    SELECT u.credential AS key, NULL AS severity,
      ${iso('min(u.time)')} AS first_time, ${iso('max(u.time)')} AS last_time,
      [arg_min(a.workload, u.time), arg_min(a.acting, u.time), 'ip:' || arg_min(a.src_ip, u.time),
        u.credential] AS node_ids,
      list_concat([arg_min(a.event_id, u.time)], list(u.event_id ORDER BY u.time, u.event_id))
        AS event_ids,
      json_object('credential', u.credential, 'uses', count(*),
        'address', string_agg(DISTINCT a.src_ip, ', '), 'workload', arg_min(a.workload, u.time))
        AS vars
    FROM uses u JOIN workload_addresses a ON a.src_ip = u.src_ip
    GROUP BY u.credential`,
};
