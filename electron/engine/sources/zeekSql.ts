import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteLiteral } from '../case/sql.js';
import { rejectedCategory } from '../ingest/jsonBatch.js';
import {
  distinctLines,
  epochSecondsSql,
  eventColumns,
  fieldsJsonSql,
  pickSql,
} from './vpcflowZeekLines.js';

/**
 * Zeek conn.log normalisation. The TSV and JSON layouts are first brought to the same relation of
 * text fields, `(evidence_id, sha, g, raw, ok, problem, ts, uid, orig_h, orig_p, resp_h, resp_p,
 * proto, service, conn_state)`, and one SELECT turns that into events, so that a connection
 * gives the same columns whichever way Zeek wrote it.
 */

/** Connection states where the two ends talked (Zeek's conn.log documentation). */
const established = `('SF', 'S1', 'S2', 'S3', 'RSTO', 'RSTR')`;
/** Attempts that were refused or never answered. */
const refused = `('REJ', 'S0', 'RSTOS0')`;

const time = `coalesce(${epochSecondsSql('ts')}, try_cast(ts AS TIMESTAMPTZ))`;

const action = `concat_ws(' ', proto || coalesce('/' || resp_p, ''), service, conn_state)`;

/** The events SELECT over a relation of the fields above. */
function normalSql(fields: string): string {
  return `INSERT INTO events (${eventColumns})
    SELECT md5(sha || ':' || g), evidence_id, g, ${time}, ts, 'zeek.conn',
      CASE WHEN ok THEN 'network' ELSE '${rejectedCategory}' END,
      ${action},
      CASE WHEN conn_state IN ${established} THEN 'success'
        WHEN conn_state IN ${refused} THEN 'failure' ELSE 'unknown' END,
      NULL, problem,
      'ip:' || orig_h, CASE WHEN orig_h IS NOT NULL THEN 'address' END, orig_h,
      'ip:' || resp_h, resp_h, orig_h, NULL, NULL, uid, raw
    FROM ${fields}`;
}

/** A batch with more distinct `#fields` lines than this is refused rather than planned. */
const MAX_LAYOUTS = 64;

const fieldsLine = `starts_with(line, '#fields' || chr(9))`;

/**
 * Insert the staged lines of Zeek TSV files as events. `#` lines are headers, not records; each
 * record takes its field names from the latest `#fields` line above it in its file (files joined
 * end to end repeat the header). The `#fields` lines of the batch are read first, so that every
 * field sits at a constant position in the SQL. Unset fields are `-`, Zeek's default.
 */
export async function insertZeekTsvSql(stage: string, conn: DuckDBConnection): Promise<string> {
  const headers = await distinctLines(conn, stage, fieldsLine);
  if (headers.length > MAX_LAYOUTS) {
    throw new Error(`Failed to load Zeek logs: more than ${MAX_LAYOUTS} different #fields lines`);
  }
  const layouts = headers.map((h) => h.split('\t').slice(1));
  const t = (name: string) => pickSql(layouts, name, 'layout_no');
  const list = `[${headers.map(quoteLiteral).join(', ') || `''`}]`;
  // A file with no #fields line at all has no layout: its rows are rejected, named.
  const widths = `[${layouts.map((names) => names.length).join(', ') || '0'}]`;

  const fields = `(
    WITH lines AS (
      SELECT evidence_id, sha, g, line, string_split(line, chr(9)) AS parts,
        ${fieldsLine} AS is_fields, starts_with(line, '#') AS is_meta
      FROM ${stage} WHERE coalesce(line, '') <> ''),
    heads AS (SELECT evidence_id, g, list_position(${list}, trim(line)) AS layout_no
      FROM lines WHERE is_fields),
    records AS (
      SELECT l.*, h.layout_no, h.layout_no IS NOT NULL
        AND len(l.parts) = ${widths}[h.layout_no] AS ok
      FROM lines l ASOF LEFT JOIN heads h ON l.evidence_id = h.evidence_id AND l.g >= h.g
      WHERE NOT l.is_meta)
    SELECT evidence_id, sha, g, ok,
      CASE WHEN layout_no IS NULL THEN 'a record before any #fields line'
        WHEN NOT ok THEN len(parts) || ' fields where #fields names ' || ${widths}[layout_no]
        END AS problem,
      CASE WHEN ok THEN json_object('line', line, 'fields', ${fieldsJsonSql(layouts, 'layout_no')})
        ELSE json_object('line', line) END AS raw,
      ${t('ts')} AS ts, ${t('uid')} AS uid, ${t('id.orig_h')} AS orig_h,
      ${t('id.orig_p')} AS orig_p, ${t('id.resp_h')} AS resp_h, ${t('id.resp_p')} AS resp_p,
      ${t('proto')} AS proto, ${t('service')} AS service, ${t('conn_state')} AS conn_state
    FROM records)`;
  return normalSql(fields);
}

/** The JSON fields Keytrail reads, named the Zeek way (`id.orig_h`) or the underscored way. */
function jsonShape(dotted: boolean): string {
  const id = (name: string) => (dotted ? `id.${name}` : `id_${name}`);
  const names = ['ts', 'uid', id('orig_h'), id('orig_p'), id('resp_h'), id('resp_p')];
  const shape = Object.fromEntries(
    [...names, 'proto', 'service', 'conn_state'].map((name) => [name, 'VARCHAR']),
  );
  return JSON.stringify(shape).replace(/'/g, "''");
}

/**
 * Insert the staged records of Zeek JSON files (`(evidence_id, sha, g, raw)`) as events. A
 * numeric `ts` is taken as written in the record's text: through a DOUBLE it would come back
 * rounded (`1704164645.987654321` as `1704164645.9876542`).
 */
export function insertZeekJsonSql(stage: string, dotted: boolean): string {
  const tsText = `nullif(regexp_extract(raw::VARCHAR, '"ts"\\s*:\\s*([0-9][0-9.]*)[,} ]', 1), '')`;
  const id = (name: string) => `r."${dotted ? `id.${name}` : `id_${name}`}"`;
  const fields = `(
    SELECT evidence_id, sha, g, raw, ok, NULL AS problem, coalesce(${tsText}, r.ts) AS ts,
      r.uid AS uid,
      ${id('orig_h')} AS orig_h, ${id('orig_p')} AS orig_p, ${id('resp_h')} AS resp_h,
      ${id('resp_p')} AS resp_p, r.proto AS proto, r.service AS service,
      r.conn_state AS conn_state
    FROM (SELECT *, left(ltrim(raw::VARCHAR), 1) = '{' AS ok,
      json_transform(raw, '${jsonShape(dotted)}') AS r FROM ${stage}))`;
  return normalSql(fields);
}
