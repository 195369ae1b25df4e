import type { DuckDBConnection } from '@duckdb/node-api';
import { listValue } from '@duckdb/node-api';
import { recordKeySql } from '../case/schema.js';
import { childLogger } from '../log.js';

const log = childLogger('ingest');

/**
 * Overlapping exports hand over the same records twice (two downloads of one trail, a folder and
 * the zip made of it under another name). Each record is stored once; every other place it was
 * found goes to `event_copies`, and the file it came from counts it as a duplicate.
 *
 * Two rows are copies when their source and their minified records are equal. The hash kept in
 * `record_keys` only finds candidates; the records themselves are compared before a row goes.
 * This runs once after all batches of an ingest have committed, because batches load two at a
 * time on their own connections and cannot see each other's rows before they commit.
 */

const keysTable = 'kt_run_keys';
const copiesTable = 'kt_run_copies';

/** A new row and the stored event it copies, once the records are seen to be equal. */
const sameRecord = `JOIN events x ON x.event_id = c.event_id
  JOIN events y ON y.event_id = c.kept
  WHERE x.source = y.source AND json(x.raw)::VARCHAR = json(y.raw)::VARCHAR`;

const statements = [
  `CREATE OR REPLACE TEMP TABLE ${keysTable} AS
    SELECT e.event_id, e.evidence_id, e.record_no, list_position($ids, e.evidence_id) AS file_no,
      ${recordKeySql('e')} AS k
    FROM events e WHERE list_contains($ids, e.evidence_id)`,

  // Copies of events stored by an earlier ingest.
  `CREATE OR REPLACE TEMP TABLE ${copiesTable} AS
    WITH c AS (
      SELECT b.event_id, r.event_id AS kept
      FROM ${keysTable} b JOIN record_keys r ON r.record_key = b.k
    )
    SELECT c.event_id, min(c.kept) AS kept FROM c ${sameRecord} GROUP BY c.event_id`,

  // Copies among this ingest's rows: the first place (files in the order they were given,
  // then records in file order) is the one kept.
  `INSERT INTO ${copiesTable}
    WITH rest AS (
      SELECT * FROM ${keysTable} WHERE event_id NOT IN (SELECT event_id FROM ${copiesTable})
    ),
    firsts AS (
      SELECT k, arg_min(event_id, (file_no, record_no)) AS kept
      FROM rest GROUP BY k HAVING count(*) > 1
    ),
    c AS (
      SELECT rest.event_id, firsts.kept FROM rest JOIN firsts USING (k)
      WHERE rest.event_id <> firsts.kept
    )
    SELECT c.event_id, c.kept FROM c ${sameRecord}`,

  `INSERT INTO event_copies
    SELECT c.kept, b.evidence_id, b.record_no
    FROM ${copiesTable} c JOIN ${keysTable} b USING (event_id)`,

  `DELETE FROM source_links WHERE event_id IN (SELECT event_id FROM ${copiesTable})`,
  `DELETE FROM events WHERE event_id IN (SELECT event_id FROM ${copiesTable})`,

  `INSERT INTO record_keys
    SELECT k, event_id FROM ${keysTable}
    WHERE event_id NOT IN (SELECT event_id FROM ${copiesTable})`,

  `UPDATE evidence SET records_duplicate = n
    FROM (SELECT b.evidence_id, count(*) AS n
          FROM ${copiesTable} c JOIN ${keysTable} b USING (event_id) GROUP BY b.evidence_id) d
    WHERE evidence.evidence_id = d.evidence_id`,
];

const countSql = `SELECT b.evidence_id, count(*)::INTEGER AS n
  FROM ${copiesTable} c JOIN ${keysTable} b USING (event_id) GROUP BY b.evidence_id`;

/**
 * Drop the rows of the files just loaded (`evidenceIds`, in the order they were given) that copy
 * a record already stored, in one transaction, keeping where each was found. Returns the copies
 * dropped per file.
 */
export async function dropCopies(
  conn: DuckDBConnection,
  evidenceIds: string[],
): Promise<Map<string, number>> {
  if (evidenceIds.length === 0) return new Map();
  const started = performance.now();
  const ids = { ids: listValue(evidenceIds) };

  await conn.run('BEGIN TRANSACTION');
  try {
    for (const sql of statements) await conn.run(sql, sql.includes('$ids') ? ids : undefined);
    const rows = (await conn.runAndReadAll(countSql)).getRowObjectsJson();
    await conn.run(`DROP TABLE ${keysTable}`);
    await conn.run(`DROP TABLE ${copiesTable}`);
    await conn.run('COMMIT');

    const copies = new Map(rows.map((row) => [String(row.evidence_id), Number(row.n)]));
    const total = [...copies.values()].reduce((sum, n) => sum + n, 0);
    log.info({ copies: total, ms: Math.round(performance.now() - started) }, 'dropped copies');
    return copies;
  } catch (error) {
    await conn.run('ROLLBACK');
    throw error;
  }
}
