import type { FindingRule } from '../rule.js';
import { iso } from '../sqlParts.js';

/** At least this many denied or failed calls... */
export const DENIED_BURST_COUNT = 10;
/** ...within this many seconds, by one credential (or identity where no credential is named). */
export const DENIED_BURST_WINDOW_SECONDS = 60;

/**
 * A burst of denied calls: someone trying what a credential may do, one call after another,
 * as permission-enumeration tools do. Copies of one call in two trails count once. A burst is a
 * run of failures with no gap longer than the window between two of them, holding at least
 * DENIED_BURST_COUNT failures within one window; it is reported once, whole. Refused network
 * connections (a port scan in Zeek or flow logs) are not calls and are left out.
 */
export const deniedBurst: FindingRule = {
  id: 'denied-burst',
  title: 'Burst of denied calls',
  severity: 'medium',
  technique: 'T1580',
  summary:
    '{node} made {failures} failed calls between {from} and {to} ({actions}; errors {errors}).',
  params: () => ({ count: DENIED_BURST_COUNT }),
  sql: `
    WITH failed AS (
      SELECT coalesce(credential, actor) AS node, time, event_id, action, target, error_code
      FROM events
      WHERE outcome = 'failure' AND time IS NOT NULL AND coalesce(credential, actor) IS NOT NULL
        AND category <> 'network'
      QUALIFY row_number() OVER (PARTITION BY coalesce(credential, actor),
        coalesce(call_id, event_id) ORDER BY event_id) = 1),
    -- Fewer failures than a burst holds make no burst: most credentials fail once or twice.
    busy AS (
      SELECT * FROM failed
      WHERE node IN (SELECT node FROM failed GROUP BY node HAVING count(*) >= $count)),
    gaps AS (
      SELECT *, CASE WHEN lag(time) OVER w IS NULL
          OR time - lag(time) OVER w > INTERVAL ${DENIED_BURST_WINDOW_SECONDS} SECOND THEN 1 ELSE 0 END
          AS starts,
        count(*) OVER (PARTITION BY node ORDER BY time
          RANGE BETWEEN INTERVAL ${DENIED_BURST_WINDOW_SECONDS} SECOND PRECEDING AND CURRENT ROW)
          AS in_window
      FROM busy WINDOW w AS (PARTITION BY node ORDER BY time, event_id)),
    runs AS (
      SELECT *, sum(starts) OVER (PARTITION BY node ORDER BY time, event_id
        ROWS UNBOUNDED PRECEDING) AS run FROM gaps),
    bursts AS (SELECT node, run FROM runs GROUP BY node, run HAVING max(in_window) >= $count)
    SELECT node || '@' || ${iso('min(time)')} AS key, NULL AS severity,
      ${iso('min(time)')} AS first_time, ${iso('max(time)')} AS last_time,
      list_concat([node], list(DISTINCT target) FILTER (WHERE target IS NOT NULL)) AS node_ids,
      list(event_id ORDER BY time, event_id) AS event_ids,
      json_object('node', node, 'failures', count(*), 'from', ${iso('min(time)')},
        'to', ${iso('max(time)')},
        'actions', string_agg(DISTINCT action, ', ' ORDER BY action),
        'errors', coalesce(string_agg(DISTINCT error_code, ', ' ORDER BY error_code), 'none named'))
        AS vars
    FROM runs JOIN bursts USING (node, run) GROUP BY node, run`,
};
