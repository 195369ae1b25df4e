import { StatementType, type DuckDBConnection } from '@duckdb/node-api';
import type { RequestOf } from '../../../shared/contract.js';
import type { QueryResult } from '../../../shared/model.js';
import type { CaseDb } from '../case/CaseDb.js';
import { KeytrailError } from '../KeytrailError.js';
import { childLogger } from '../log.js';
import type { RunningQueries } from './RunningQueries.js';
import { refusedReference } from './statementGuard.js';

const log = childLogger('console');

function cancelled(): KeytrailError {
  return new KeytrailError('query_cancelled', 'Failed to run the query: it was cancelled');
}

function refuse(reason: string): never {
  throw new KeytrailError('query_refused', `Failed to run the query: ${reason}`);
}

async function parseTree(connection: DuckDBConnection, sql: string): Promise<unknown> {
  const reader = await connection.runAndReadAll(`SELECT json_serialize_sql($sql::VARCHAR) AS t`, {
    sql,
  });
  const text = reader.getRowObjectsJson()[0]?.t;
  const tree = JSON.parse(String(text)) as { error?: boolean; error_message?: string };
  // DuckDB serialises SELECT statements only: anything else is refused here, before it binds.
  if (tree.error)
    refuse(`only SELECT statements may run here (${tree.error_message ?? 'not a SELECT'})`);
  return tree;
}

/**
 * Run one read-only statement of the SQL console. Three locks keep the case unchanged: the text
 * must extract to one statement whose parse tree is a SELECT naming only the case's tables and
 * harmless table functions (and whose prepared statement type DuckDB calls SELECT), and it runs on
 * a connection of its own inside a READ ONLY transaction that is rolled back afterwards. At most
 * `limit` rows are read. A run given a `queryId` is listed in `running` while it lasts, so that
 * `RunningQueries.cancel` can interrupt it; it then fails with `query_cancelled`.
 */
export async function readOnlyQuery(
  db: CaseDb,
  request: RequestOf<'query'>,
  running?: RunningQueries,
): Promise<QueryResult> {
  const started = performance.now();
  const connection = await db.connect();
  const id = request.queryId;
  if (id && running && !running.start(id, connection)) {
    connection.closeSync();
    throw new KeytrailError('bad_request', `Failed to run the query: ${id} is running already`);
  }
  const wasCancelled = () => id !== undefined && running?.wasCancelled(id) === true;

  try {
    return await guardedRun(connection, request, started, wasCancelled);
  } catch (error) {
    // Whatever the interrupted statement threw, the investigator asked for it to stop.
    if (wasCancelled()) throw cancelled();
    throw error;
  } finally {
    if (id) running?.finish(id);
    connection.closeSync();
  }
}

async function guardedRun(
  connection: DuckDBConnection,
  request: RequestOf<'query'>,
  started: number,
  wasCancelled: () => boolean,
): Promise<QueryResult> {
  const extracted = await connection.extractStatements(request.sql).catch((cause: Error) => {
    throw new KeytrailError('query_failed', `Failed to run the query: ${cause.message}`);
  });
  if (extracted.count !== 1) {
    refuse(`the console runs one statement at a time, and this text holds ${extracted.count}`);
  }

  // The parse tree is checked before the statement is prepared, because binding a file scan
  // already opens the file.
  const refused = refusedReference(await parseTree(connection, request.sql));
  if (refused) refuse(`the console reads the case's own tables only, not ${refused}`);

  const prepared = await extracted.prepare(0).catch((cause: Error) => {
    throw new KeytrailError('query_failed', `Failed to run the query: ${cause.message}`);
  });
  if (prepared.statementType !== StatementType.SELECT) {
    refuse(`only SELECT statements may run here, not ${StatementType[prepared.statementType]}`);
  }

  // A cancel that came while the text was checked finds no statement to interrupt.
  if (wasCancelled()) throw cancelled();
  await connection.run('BEGIN TRANSACTION READ ONLY');
  try {
    const reader = await prepared.streamAndReadUntil(request.limit + 1);
    const rows = reader.getRowsJson().slice(0, request.limit) as unknown[][];
    const names = reader.columnNames();
    const types = reader.columnTypes();
    const durationMs = Math.round(performance.now() - started);
    log.info({ rows: rows.length, durationMs }, 'ran console query');
    return {
      columns: names.map((name, i) => ({ name, type: types[i]?.toString() ?? '' })),
      rows,
      truncated: reader.currentRowCount > request.limit,
      durationMs,
    };
  } catch (cause) {
    throw new KeytrailError('query_failed', `Failed to run the query: ${(cause as Error).message}`);
  } finally {
    await connection.run('ROLLBACK');
  }
}
