import type { FindingRule } from '../rule.js';
import { iso } from '../sqlParts.js';

/**
 * A credential used after it was ended: an IAM access key deleted (DeleteAccessKey) or made
 * Inactive (UpdateAccessKey), a Vault token revoked (`auth/token/revoke*`). A key made Active
 * again in between is not counted. A failed use is an attempt (the end worked); a successful one
 * means the end did not take, or the credential was copied before it.
 */
export const usedAfterRevoke: FindingRule = {
  id: 'credential-used-after-revoke',
  title: 'Credential used after it was deleted, deactivated or revoked',
  severity: 'critical',
  technique: 'T1078.004',
  summary:
    '{credential} was {how} at {ended_at} and then used in {uses} records ({succeeded} succeeded), first at {first_use}.',
  sql: `
    WITH ended AS (
      SELECT target AS credential, event_id, time, coalesce(credential, actor) AS ender,
        CASE WHEN action = 'DeleteAccessKey' THEN 'deleted'
          WHEN action = 'UpdateAccessKey' THEN 'deactivated' ELSE 'revoked' END AS how
      FROM events
      WHERE outcome = 'success' AND time IS NOT NULL AND target IS NOT NULL AND (
        (source = 'aws.cloudtrail' AND starts_with(target, 'aws:key:')
          AND (action = 'DeleteAccessKey' OR (action = 'UpdateAccessKey'
            AND json_extract_string(raw, '$.requestParameters.status') = 'Inactive')))
        OR (source = 'vault.audit' AND starts_with(target, 'vault:token:')
          AND starts_with(json_extract_string(raw, '$.request.path'), 'auth/token/revoke')))
      QUALIFY row_number() OVER (PARTITION BY target ORDER BY time, event_id) = 1),
    reactivated AS (
      SELECT target AS credential, time FROM events
      WHERE source = 'aws.cloudtrail' AND action = 'UpdateAccessKey' AND outcome = 'success'
        AND json_extract_string(raw, '$.requestParameters.status') = 'Active'),
    uses AS (
      SELECT d.credential, u.event_id, u.time, u.outcome, u.target
      FROM ended d JOIN events u ON u.credential = d.credential AND u.time > d.time
      WHERE u.event_id <> d.event_id AND NOT EXISTS (
        SELECT 1 FROM reactivated r
        WHERE r.credential = d.credential AND r.time > d.time AND r.time <= u.time))
    SELECT d.credential AS key,
      CASE WHEN count(*) FILTER (WHERE u.outcome = 'success') > 0 THEN 'critical' ELSE 'medium'
        END AS severity,
      ${iso('d.time')} AS first_time, ${iso('max(u.time)')} AS last_time,
      list_concat([d.ender, d.credential], list(u.target ORDER BY u.time, u.event_id)) AS node_ids,
      list_concat([d.event_id], list(u.event_id ORDER BY u.time, u.event_id)) AS event_ids,
      json_object('credential', d.credential, 'how', d.how, 'ended_at', ${iso('d.time')},
        'uses', count(*), 'succeeded', count(*) FILTER (WHERE u.outcome = 'success'),
        'first_use', ${iso('min(u.time)')}) AS vars
    FROM ended d JOIN uses u ON u.credential = d.credential
    GROUP BY d.credential, d.time, d.event_id, d.ender, d.how`,
};
