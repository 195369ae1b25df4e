import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteLiteral } from '../case/sql.js';
import { rejectedCategory } from '../ingest/jsonBatch.js';
import {
  distinctLines,
  fieldsJsonSql,
  pickSql,
  connectedLinksSql,
  epochSecondsSql,
  eventColumns,
  protocolNameSql,
} from './vpcflowZeekLines.js';

/**
 * AWS VPC Flow Logs normalisation, in SQL over the staged lines. A line is split on single
 * spaces; its field names come from the latest header line above it in the file (custom formats
 * delivered to S3 start with one, and concatenated files repeat it), else from its field count,
 * which names the documented default order of versions 2 to 5.
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

const sqlList = (names: string[]) => `[${names.map(quoteLiteral).join(', ')}]`;

/** A batch with more distinct header lines than this is refused rather than planned. */
const MAX_LAYOUTS = 64;

/** SQL over `line`: a header line (lower-case names that include documented fields). */
const isHeader = `(CASE WHEN regexp_matches(trim(line), '^[a-z][a-z0-9-]*( [a-z][a-z0-9-]*)*$')
  THEN list_has_any(string_split(trim(line), ' '), ${sqlList(knownFields)}) ELSE false END)`;

/** The SQL of one batch, planned for the layouts it holds (the defaults, then its headers). */
function eventsSql(stage: string, headers: string[]): string {
  const layouts = [...Object.values(defaultFields), ...headers.map((h) => h.split(' '))];
  const f = (name: string) => pickSql(layouts, name, 'layout_no');
  const byCount = `CASE len(parts) ${Object.keys(defaultFields)
    .map((count, i) => `WHEN ${count} THEN ${i + 1}`)
    .join(' ')} END`;
  const headerNo = `list_position(${sqlList(layouts.map((names) => names.join(' ')))}, trim(line))`;
  const widths = `[${layouts.map((names) => names.length).join(', ')}]`;

  return `INSERT INTO events (${eventColumns})
    WITH lines AS (
      SELECT evidence_id, sha, g, line, string_split(trim(line), ' ') AS parts,
        ${isHeader} AS is_header
      FROM ${stage} WHERE trim(coalesce(line, '')) <> ''),
    heads AS (SELECT evidence_id, g, ${headerNo} AS layout_no FROM lines WHERE is_header),
    records AS (
      SELECT l.evidence_id, l.sha, l.g, l.line, l.parts, h.layout_no IS NOT NULL AS has_header,
        coalesce(h.layout_no, ${byCount}) AS layout_no
      FROM lines l ASOF LEFT JOIN heads h ON l.evidence_id = h.evidence_id AND l.g >= h.g
      WHERE NOT l.is_header),
    fields AS (
      SELECT *, layout_no IS NOT NULL AND len(parts) = ${widths}[layout_no] AS ok,
        ${f('srcaddr')} AS src, ${f('dstaddr')} AS dst, ${f('dstport')} AS dstport,
        ${f('protocol')} AS protocol, ${f('action')} AS verdict, ${f('log-status')} AS status,
        ${f('start')} AS start, ${f('account-id')} AS account, ${f('region')} AS region
      FROM records)
    SELECT md5(sha || ':' || g), evidence_id, g, ${epochSecondsSql('start')}, start,
      'aws.vpcflow', CASE WHEN ok THEN 'network' ELSE '${rejectedCategory}' END,
      CASE WHEN status IN ('NODATA', 'SKIPDATA') THEN status
        ELSE concat_ws(' ', ${protocolNameSql('protocol')}
          || CASE WHEN protocol IN ('6', '17', '132') THEN coalesce('/' || dstport, '') ELSE '' END,
          verdict)
      END,
      CASE verdict WHEN 'ACCEPT' THEN 'success' WHEN 'REJECT' THEN 'failure' ELSE 'unknown' END,
      NULL,
      CASE WHEN ok THEN NULL
        WHEN has_header THEN len(parts) || ' fields where the header names ' || ${widths}[layout_no]
        ELSE len(parts) || ' fields, no header line and not a default format (14, 21, 25 or 29)'
      END,
      'ip:' || src, CASE WHEN src IS NOT NULL THEN 'address' END, src, 'ip:' || dst, dst, src,
      account, region, NULL,
      CASE WHEN ok THEN json_object('line', line, 'fields', ${fieldsJsonSql(layouts, 'layout_no')})
        ELSE json_object('line', line) END
    FROM fields`;
}

/**
 * Insert the staged lines of VPC flow log files as events. Each line takes the field names of
 * the latest header line above it in its file, else those of the default order its field count
 * gives; the headers a batch holds are read first, so that every field sits at a constant
 * position in the SQL.
 */
export async function insertVpcEventsSql(stage: string, conn: DuckDBConnection): Promise<string> {
  const headers = await distinctLines(conn, stage, isHeader);
  if (headers.length > MAX_LAYOUTS) {
    throw new Error(
      `Failed to load VPC flow logs: more than ${MAX_LAYOUTS} different header lines`,
    );
  }
  return eventsSql(stage, headers);
}

export const insertVpcLinksSql = connectedLinksSql('aws.vpcflow', 'srcaddr and dstaddr');
