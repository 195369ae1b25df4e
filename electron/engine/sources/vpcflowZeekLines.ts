import type { DuckDBConnection } from '@duckdb/node-api';
import { randomBytes } from 'node:crypto';
import { quoteLiteral } from '../case/sql.js';
import { commitBatch } from '../ingest/commitBatch.js';
import type { LoadContext, LoadResult } from './types.js';

/**
 * The batch loader of line-based text logs (VPC Flow Logs, Zeek TSV), the twin of
 * ingest/jsonBatch.ts. It lives beside the two sources that use it; a third text source would
 * move it to ingest/.
 *
 * Each line is read whole, as the one column of `read_csv` (auto-detection off, no quoting, a
 * delimiter no log line holds), and split into fields in SQL. Reading fields with read_csv's own
 * columns would lose three things: the line as written (for `raw`), exact line numbers (read_csv
 * drops the comment and header lines it skips, so ordinality would no longer be the line), and
 * the lines whose field count is wrong, which it can only skip in silence or fail on.
 */

/** Four control characters: a line holding all four in a row is cut there. */
const WHOLE_LINE = '\u001f\u001e\u001d\u001c';

/** What a line-based source gives the loader. */
export interface LineSourceSql {
  /**
   * `INSERT INTO events ... FROM <stage>`, where the stage has `(evidence_id, sha, g, line)`:
   * `g` is the line number (blank lines are rows with a null line), `line` the text without its
   * end of line. A line that is not a record the source can read goes in with category
   * `rejectedCategory` and the reason in `error_message`; header, comment and blank lines go in
   * not at all. It may first query the stage (for the header lines a file holds, say).
   */
  insertEvents(stage: string, conn: DuckDBConnection): Promise<string>;
  /** `INSERT INTO source_links ...` over the batch's events, whose evidence ids are `$ids`. */
  insertLinks?: string;
}

/** The relation `(g, line)` of one text file's lines, in file order. */
function lineRelation(file: string, gzip: boolean): string {
  return `(SELECT ordinality AS g, line FROM read_csv(${quoteLiteral(file)},
    columns = {'line': 'VARCHAR'}, delim = '${WHOLE_LINE}', quote = '', escape = '',
    header = false, auto_detect = false, strict_mode = false,
    compression = ${gzip ? `'gzip'` : `'uncompressed'`}) WITH ORDINALITY)`;
}

/** DuckDB's CSV errors run to twenty lines; the evidence row keeps the part that names the line. */
function shortReason(error: unknown): Error {
  const message = (error as Error).message;
  const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
  if (/Invalid unicode/i.test(message)) {
    return new Error(`line ${line ?? '?'} is not valid UTF-8`, { cause: error });
  }
  return new Error(message.split('\n')[0] ?? message, { cause: error });
}

/**
 * Load a batch of line-based log files of one layout: events, source links and evidence rows in
 * one transaction. A file DuckDB cannot read as UTF-8 text fails whole, naming the line (these
 * formats are ASCII, so such a file is damaged or not this format).
 */
export async function loadLineBatch(
  ctx: LoadContext,
  spec: LineSourceSql,
): Promise<Map<string, LoadResult>> {
  const stage = `kt_lines_${randomBytes(6).toString('hex')}`;
  const union = ctx.files
    .map(
      (f) => `SELECT ${quoteLiteral(f.evidenceId)} AS evidence_id, ${quoteLiteral(f.sha256)} AS sha,
        g, line FROM ${lineRelation(f.file, ctx.gzip)}`,
    )
    .join('\n    UNION ALL ');

  try {
    await ctx.conn.run(`CREATE TEMP TABLE ${stage} AS ${union}`);
  } catch (error) {
    await ctx.conn.run(`DROP TABLE IF EXISTS ${stage}`);
    throw shortReason(error);
  }

  try {
    return await commitBatch(ctx, {
      insertEvents: await spec.insertEvents(stage, ctx.conn),
      insertLinks: spec.insertLinks,
      rejectedReason: 'not a record of this format',
      emptyReason: 'no records in the file (headers only)',
    });
  } finally {
    await ctx.conn.run(`DROP TABLE IF EXISTS ${stage}`);
  }
}

/**
 * SQL: the value of field `name` in the list `parts`, for the layout numbered by `layoutNo`
 * (1-based into `layouts`, each a list of field names); null where the layout lacks the field or
 * the value is `unset`. Each position is a constant, so DuckDB does no list search per line.
 */
export function pickSql(layouts: string[][], name: string, layoutNo: string, unset = `'-'`) {
  const arms: string[] = [];
  layouts.forEach((names, i) => {
    const position = names.indexOf(name) + 1;
    if (position > 0) arms.push(`WHEN ${i + 1} THEN nullif(parts[${position}], ${unset})`);
  });
  return arms.length ? `(CASE ${layoutNo} ${arms.join(' ')} END)` : 'NULL::VARCHAR';
}

/**
 * SQL: the JSON object `{name: value or null}` of a line's fields, by its layout. `json_object`
 * with constant keys is some twenty times faster than `to_json` of a MAP built per line.
 */
export function fieldsJsonSql(layouts: string[][], layoutNo: string, unset = `'-'`): string {
  const arms = layouts.map((names, i) => {
    const pairs = names.map((n, k) => `${quoteLiteral(n)}, nullif(parts[${k + 1}], ${unset})`);
    return `WHEN ${i + 1} THEN json_object(${pairs.join(', ')})`;
  });
  return arms.length ? `(CASE ${layoutNo} ${arms.join(' ')} END)` : 'NULL::JSON';
}

/** The header lines of a batch's stage that `where` picks, each once, in first-seen order. */
export async function distinctLines(
  conn: DuckDBConnection,
  stage: string,
  where: string,
): Promise<string[]> {
  const reader = await conn.runAndReadAll(
    `SELECT trim(line) AS line FROM ${stage} WHERE ${where} GROUP BY 1 ORDER BY min(g), 1`,
  );
  return reader.getRowObjectsJson().map((row) => String(row.line));
}

/** The event columns every source fills, in the order the sources' SELECTs give them. */
export const eventColumns = `event_id, evidence_id, record_no, time, time_raw, source, category,
  action, outcome, error_code, error_message, actor, actor_kind, actor_display, target,
  target_display, src_ip, account, region, call_id, raw`;

/**
 * SQL: TIMESTAMPTZ from epoch seconds written as text with 0 to 9 fraction digits
 * (`1692146028.495991`), exact to the microsecond (a DOUBLE would round it). Null when the text
 * is not such a number.
 */
export function epochSecondsSql(text: string): string {
  return `(CASE WHEN regexp_full_match(${text}, '[0-9]{1,12}(\\.[0-9]{0,9})?')
    THEN to_timestamp(split_part(${text}, '.', 1)::BIGINT)
      + to_microseconds(coalesce(left(rpad(split_part(${text}, '.', 2), 6, '0'), 6)::BIGINT, 0))
    END)`;
}

/** SQL: the IANA protocol name of a protocol number, or `proto-<n>`. */
export function protocolNameSql(number: string): string {
  return `(CASE ${number} WHEN '1' THEN 'icmp' WHEN '2' THEN 'igmp' WHEN '6' THEN 'tcp'
    WHEN '17' THEN 'udp' WHEN '47' THEN 'gre' WHEN '50' THEN 'esp' WHEN '51' THEN 'ah'
    WHEN '58' THEN 'ipv6-icmp' WHEN '132' THEN 'sctp' ELSE 'proto-' || ${number} END)`;
}

/** SQL: a `connected` source link from each flow's source address to its destination. */
export function connectedLinksSql(source: string, reason: string): string {
  return `INSERT INTO source_links (event_id, from_id, to_id, kind, proof, reason, score)
    SELECT event_id, actor, target, 'connected', 'exact', ${quoteLiteral(reason)}, 1
    FROM events WHERE list_contains($ids, evidence_id) AND source = ${quoteLiteral(source)}
      AND actor IS NOT NULL AND target IS NOT NULL AND actor <> target`;
}
