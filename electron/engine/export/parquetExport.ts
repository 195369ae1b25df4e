import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { ExportSelection } from '../../../shared/contract.js';
import type { CaseDb } from '../case/CaseDb.js';
import { quoteLiteral } from '../case/sql.js';
import { KeytrailError } from '../KeytrailError.js';
import { childLogger } from '../log.js';
import { selectionSql } from './exportRows.js';
import { sha256File, type WrittenFile } from './outputFile.js';

const log = childLogger('export');

/**
 * Event columns as Parquet carries them: OCSF attribute names (dots flattened to underscores)
 * where OCSF has the concept, Keytrail's own otherwise. docs/export.md lists the mapping.
 */
const eventColumns = `
  e.event_id AS metadata_uid,
  e.time AS time,
  e.time_raw AS time_raw,
  e.category AS class_name,
  e.action AS api_operation,
  CASE e.outcome WHEN 'success' THEN 'Success' WHEN 'failure' THEN 'Failure' ELSE 'Unknown'
    END AS status,
  e.error_code AS status_code,
  e.error_message AS status_detail,
  e.actor AS actor_user_uid,
  e.actor_kind AS actor_user_type,
  e.actor_display AS actor_user_name,
  e.actor_role AS actor_role,
  e.credential AS credential,
  e.issued AS issued,
  e.target AS resource_uid,
  e.target_display AS resource_name,
  e.src_ip AS src_endpoint_ip,
  e.user_agent AS http_request_user_agent,
  e.account AS cloud_account_uid,
  e.region AS cloud_region,
  e.trace_id AS trace_uid,
  e.span_id AS span_uid,
  e.parent_span_id AS parent_span_uid,
  e.call_id AS call_id,
  e.evidence_id AS evidence_id,
  e.record_no AS record_no,
  e.raw::VARCHAR AS raw_data,
  e.source AS source,
  coalesce(strftime(e.time AT TIME ZONE 'UTC', '%Y-%m-%d'), 'none') AS day`;

async function emptyOrAbsent(dir: string): Promise<boolean> {
  if (!existsSync(dir)) return true;
  return (await readdir(dir)).length === 0;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * Write the selected events, the links they prove and that proof as Parquet under `out`:
 * `events/source=.../day=.../`, `links/day=.../` and `link_evidence.parquet`, each read back
 * with `read_parquet('out/events/**', hive_partitioning = true)`. DuckDB writes the files; the
 * rows never pass through JavaScript. One thread and a total order keep repeated exports equal.
 */
export async function exportParquet(
  db: CaseDb,
  out: string,
  selection: ExportSelection,
): Promise<WrittenFile & { events: number; skipped: number }> {
  const started = Date.now();
  if (!(await emptyOrAbsent(out))) {
    throw new KeytrailError(
      'export_failed',
      `Failed to export Parquet to ${out}: the folder is not empty (choose a new one)`,
    );
  }
  const partial = `${out}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });

  const sql = await selectionSql(db, selection);
  const picked = `(SELECT event_id FROM (${sql.sql}))`;
  const connection = await db.connect();
  let restoreThreads = '';
  try {
    await connection.run(`SET TimeZone = 'UTC'`);
    // Threads are an instance setting: one thread for the writes, then back to what it was.
    const threads = await connection.runAndReadAll(`SELECT current_setting('threads') AS n`);
    restoreThreads = String(threads.getRowObjectsJson()[0]?.n ?? '');
    await connection.run(`SET threads = 1`);
    await connection.run(
      `COPY (SELECT ${eventColumns} FROM events e WHERE e.event_id IN ${picked}
        ORDER BY e.time NULLS LAST, e.event_id)
       TO ${quoteLiteral(join(partial, 'events'))}
       (FORMAT parquet, PARTITION_BY (source, day), FILENAME_PATTERN 'part_{i}')`,
      sql.params,
    );
    const linkEvidence = `SELECT le.link_id, le.event_id, le.time, le.call_id FROM link_evidence le
      WHERE le.event_id IN ${picked}`;
    await connection.run(
      `COPY (SELECT l.link_id, l.from_id, l.to_id, l.kind, l.proof, l.reason, l.score,
          l.first_time, l.last_time, l.call_count, l.evidence_count, l.failure_count,
          coalesce(strftime(l.first_time AT TIME ZONE 'UTC', '%Y-%m-%d'), 'none') AS day
        FROM links l WHERE l.link_id IN (SELECT link_id FROM (${linkEvidence}))
        ORDER BY l.first_time NULLS LAST, l.link_id)
       TO ${quoteLiteral(join(partial, 'links'))}
       (FORMAT parquet, PARTITION_BY (day), FILENAME_PATTERN 'part_{i}')`,
      sql.params,
    );
    await connection.run(
      `COPY (${linkEvidence} ORDER BY le.link_id, le.time NULLS LAST, le.event_id)
       TO ${quoteLiteral(join(partial, 'link_evidence.parquet'))} (FORMAT parquet)`,
      sql.params,
    );
  } catch (cause) {
    await rm(partial, { recursive: true, force: true });
    throw new KeytrailError(
      'export_failed',
      `Failed to export Parquet to ${out}: ${(cause as Error).message}`,
      undefined,
      { cause },
    );
  } finally {
    if (restoreThreads) await connection.run(`SET threads = ${Number(restoreThreads)}`);
    connection.closeSync();
  }

  await rm(out, { recursive: true, force: true });
  await rename(partial, out);
  const files = await filesUnder(out);
  const manifest = createHash('sha256');
  let bytes = 0;
  for (const file of files) {
    manifest.update(`${relative(out, file)}\t${await sha256File(file)}\n`);
    bytes += (await stat(file)).size;
  }
  const count = await db.one<{ n: string }>(`SELECT count(*) AS n FROM (${sql.sql})`, sql.params);
  const events = Number(count?.n ?? 0);
  log.info({ events, files: files.length, ms: Date.now() - started }, 'exported parquet');
  return { path: out, bytes, sha256: manifest.digest('hex'), events, skipped: 0 };
}
