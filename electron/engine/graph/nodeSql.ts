/**
 * SQL twins of `nodeKind` and `nodeLabel` in shared/nodeIds.ts, so that the nodes table of a
 * case with millions of events is filled in one statement instead of a round trip through
 * JavaScript per node. A unit test checks that both give the same answers.
 */

/** SQL expression: the kind prefix of the node id in `col`. */
export function kindSql(col: string): string {
  return `(CASE
    WHEN position(':' IN ${col}) = 0 THEN 'unknown'
    WHEN split_part(${col}, ':', 1) IN ('ip', 'agent') THEN split_part(${col}, ':', 1)
    WHEN position(':' IN substr(${col}, position(':' IN ${col}) + 1)) = 0
      THEN split_part(${col}, ':', 1)
    ELSE split_part(${col}, ':', 1) || ':' || split_part(${col}, ':', 2)
  END)`;
}

/**
 * SQL expression: the label of the node id in `col`, given its kind in `kindCol` and its value
 * (the id without the kind prefix) in `valueCol`.
 */
export function labelSql(kindCol: string, valueCol: string): string {
  const resource = `array_to_string(string_split(${valueCol}, ':')[6:], ':')`;
  const parts = `string_split(${resource}, '/')`;
  return `(CASE
    WHEN NOT starts_with(${valueCol}, 'arn:') THEN ${valueCol}
    WHEN ${kindCol} = 'aws:session' THEN (CASE
      WHEN len(${parts}) >= 3 THEN ${parts}[2] || '/' || array_to_string(${parts}[3:], '/')
      ELSE ${resource} END)
    WHEN ${kindCol} IN ('aws:role', 'aws:user') THEN (CASE
      WHEN ${parts}[-1] = '' THEN ${resource} ELSE ${parts}[-1] END)
    WHEN ${resource} = '' THEN ${valueCol}
    ELSE ${resource}
  END)`;
}

/** SQL expression: the value part of the node id in `col`, given its kind in `kindCol`. */
export function valueSql(col: string, kindCol: string): string {
  return `(CASE WHEN length(${col}) > length(${kindCol})
    THEN substr(${col}, length(${kindCol}) + 2) ELSE ${col} END)`;
}

/** SQL expression: a TIMESTAMPTZ column as ISO 8601 in UTC with microseconds. */
export function isoSql(col: string): string {
  return `strftime(${col} AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ')`;
}

/**
 * An address worth a node: an IPv4 dotted quad or something IPv6-shaped. CloudTrail writes service
 * host names (`ec2.amazonaws.com`) in sourceIPAddress when a service called on someone's behalf.
 */
export const ipPattern = `^([0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}(%[^ ]+)?)$`;
