import { rejectedCategory } from '../ingest/jsonBatch.js';
import {
  connectedLinksSql,
  epochSecondsSql,
  eventColumns,
  protocolNameSql,
} from './vpcflowZeekLines.js';

/**
 * AWS VPC Flow Logs normalisation, in SQL over the staged lines. A line is split on spaces; its
 * field names come from the latest header line above it in the file (custom formats delivered
 * to S3 start with one, and concatenated files repeat it), else from its field count, which
 * names the documented default order of versions 2 to 5.
 */

const v2 = `version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes
  start end action log-status`;
const v3 = `${v2} vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr`;
const v4 = `${v3} region az-id sublocation-type sublocation-id`;
const v5 = `${v4} pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path`;

/** Field names of the default order of each version, by field count. */
export const defaultFields: Record<number, string[]> = Object.fromEntries(
  [v2, v3, v4, v5].map((text) => {
    const names = text.split(/\s+/);
    return [names.length, names];
  }),
);

/** Every field name AWS documents (versions 2 to 8), to tell a header line from a record. */
export const knownFields = [
  ...(defaultFields[29] ?? []),
  ...['ecs-cluster-arn', 'ecs-cluster-name', 'ecs-container-instance-arn'],
  ...['ecs-container-instance-id', 'ecs-container-id', 'ecs-second-container-id'],
  ...['ecs-service-name', 'ecs-task-definition-arn', 'ecs-task-arn', 'ecs-task-id'],
  'reject-reason',
];

const sqlList = (names: string[]) => `[${names.map((n) => `'${n}'`).join(', ')}]`;

const headerShape = `'^[a-z][a-z0-9-]*( [a-z][a-z0-9-]*)*$'`;

const byCount = `CASE len(parts) ${Object.entries(defaultFields)
  .map(([count, names]) => `WHEN ${count} THEN ${sqlList(names)}`)
  .join(' ')} END`;

/** SQL: the value of a named field of the line, null when absent or `-`. */
const f = (name: string) => `nullif(parts[list_position(names, '${name}')], '-')`;

const protocol = protocolNameSql(f('protocol'));

const ports = `${f('protocol')} IN ('6', '17', '132') AND ${f('dstport')} IS NOT NULL`;

const action = `CASE
    WHEN ${f('log-status')} IN ('NODATA', 'SKIPDATA') THEN ${f('log-status')}
    ELSE concat_ws(' ', ${protocol} || CASE WHEN ${ports} THEN '/' || ${f('dstport')} ELSE '' END,
      ${f('action')})
  END`;

const outcome = `CASE ${f('action')} WHEN 'ACCEPT' THEN 'success' WHEN 'REJECT' THEN 'failure'
    ELSE 'unknown' END`;

/** `{"line": as written, "fields": {name: value or null}}`. */
const raw = `CASE WHEN ok
    THEN json_object('line', line, 'fields',
      to_json(map(names, list_transform(parts, lambda v: nullif(v, '-')))))
    ELSE json_object('line', line) END`;

/** Insert the staged lines of VPC flow log files as events. */
export function insertVpcEventsSql(stage: string): string {
  return `INSERT INTO events (${eventColumns})
    WITH lines AS (
      SELECT evidence_id, sha, g, line, regexp_split_to_array(trim(line), '\\s+') AS parts,
        regexp_matches(trim(line), ${headerShape})
          AND list_has_any(regexp_split_to_array(trim(line), '\\s+'), ${sqlList(knownFields)})
          AS is_header
      FROM ${stage} WHERE trim(coalesce(line, '')) <> ''),
    named AS (
      SELECT *, last_value(CASE WHEN is_header THEN parts END IGNORE NULLS) OVER (
        PARTITION BY evidence_id ORDER BY g ROWS UNBOUNDED PRECEDING) AS header
      FROM lines),
    records AS (
      SELECT evidence_id, sha, g, line, parts, coalesce(header, ${byCount}) AS names,
        header IS NOT NULL AS has_header
      FROM named WHERE NOT is_header),
    checked AS (
      SELECT *, names IS NOT NULL AND len(names) = len(parts) AS ok FROM records)
    SELECT md5(sha || ':' || g), evidence_id, g,
      ${epochSecondsSql(f('start'))}, ${f('start')}, 'aws.vpcflow',
      CASE WHEN ok THEN 'network' ELSE '${rejectedCategory}' END,
      ${action}, ${outcome}, NULL,
      CASE WHEN ok THEN NULL
        WHEN has_header THEN len(parts) || ' fields where the header names ' || len(names)
        ELSE len(parts) || ' fields, no header line and not a default format (14, 21, 25 or 29)'
      END,
      'ip:' || ${f('srcaddr')}, CASE WHEN ${f('srcaddr')} IS NOT NULL THEN 'address' END,
      ${f('srcaddr')}, 'ip:' || ${f('dstaddr')}, ${f('dstaddr')}, ${f('srcaddr')},
      ${f('account-id')}, ${f('region')}, NULL, ${raw}
    FROM checked`;
}

export const insertVpcLinksSql = connectedLinksSql('aws.vpcflow', 'srcaddr and dstaddr');
