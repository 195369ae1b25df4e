import { afterEach, describe, expect, it } from 'vitest';
import { requests, type RequestIn } from '../../../shared/contract.js';
import type { CaseDb } from '../case/CaseDb.js';
import { chainCase } from '../graph/chainFixture.js';
import { readOnlyQuery } from './readOnlyQuery.js';
import { RunningQueries } from './RunningQueries.js';

let db: CaseDb;
afterEach(() => db?.close());

async function run(request: RequestIn<'query'>) {
  db ??= await chainCase();
  return readOnlyQuery(db, requests.query.parse(request));
}

describe('the read-only console', () => {
  afterEach(() => {
    db = undefined as unknown as CaseDb;
  });

  it('answers a SELECT with typed columns and JSON-safe values', async () => {
    // The chain story holds eight events, one of them AssumeRole at 10:00 UTC.
    const result = await run({
      sql: `SELECT count(*) AS n, min(time) FILTER (WHERE action = 'AssumeRole') AS t FROM events`,
    });

    expect(result.columns).toEqual([
      { name: 'n', type: 'BIGINT' },
      { name: 't', type: 'TIMESTAMP WITH TIME ZONE' },
    ]);
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]?.[0]).toBe('8');
    expect(String(result.rows[0]?.[1])).toContain('2024-01-01 10:00:00');
    expect(result.truncated).toBe(false);
  });

  it('takes one statement with a trailing semicolon and comments', async () => {
    const result = await run({ sql: '-- how many\nSELECT count(*) FROM events; -- all of them' });
    expect(result.rows).toEqual([['8']]);
  });

  it('stops at the row limit and says the answer was cut', async () => {
    const result = await run({ sql: 'SELECT * FROM range(5000)', limit: 10 });

    expect(result.rows).toHaveLength(10);
    expect(result.truncated).toBe(true);
  });

  it.each([
    ['a DELETE', 'DELETE FROM events'],
    ['an UPDATE', `UPDATE events SET action = 'x'`],
    ['a CREATE', 'CREATE TABLE t AS SELECT 1'],
    ['an ATTACH', `ATTACH '/tmp/other.duckdb' AS o`],
    ['a COPY out', `COPY events TO '/tmp/leak.csv'`],
    ['an EXPLAIN ANALYZE of a write', 'EXPLAIN ANALYZE DELETE FROM events'],
    ['two statements', 'SELECT 1; DELETE FROM events'],
    ['a file read through a table function', `SELECT * FROM read_text('/etc/passwd')`],
    ['a file named where a table goes', `SELECT * FROM '/etc/hosts.csv'`],
    ['SQL run through query()', `SELECT * FROM query('SELECT 1')`],
    ['a hidden file read in a subquery', `SELECT 1 WHERE 1 IN (SELECT 1 FROM read_csv('x.csv'))`],
  ])('refuses %s with query_refused and leaves the case unchanged', async (_name, sql) => {
    await expect(run({ sql })).rejects.toMatchObject({ code: 'query_refused' });

    const count = await run({ sql: 'SELECT count(*) FROM events' });
    expect(count.rows[0]?.[0]).toBe('8');
  });

  it('reports a statement DuckDB cannot parse or bind as query_failed', async () => {
    await expect(run({ sql: 'SELEC 1' })).rejects.toMatchObject({ code: 'query_failed' });
    await expect(run({ sql: 'SELECT nope FROM events' })).rejects.toMatchObject({
      code: 'query_failed',
    });
  });

  it('stops a running query when cancelled, and the case answers afterwards', async () => {
    db ??= await chainCase();
    const running = new RunningQueries();
    // 10^10 pairs to sum: minutes of work on two cores, so it is still running when cancelled.
    const slow = readOnlyQuery(
      db,
      requests.query.parse({
        sql: 'SELECT sum(a.range * b.range) FROM range(100000) a, range(100000) b',
        queryId: 'slow-1',
      }),
      running,
    );
    const outcome = slow.then(
      () => 'finished',
      (error: { code?: string; message?: string }) => error,
    );

    await new Promise((resolve) => setTimeout(resolve, 300));
    const asked = performance.now();
    expect(running.cancel('slow-1')).toBe(true);
    const error = await outcome;
    const waited = performance.now() - asked;

    expect(error).toMatchObject({
      code: 'query_cancelled',
      message: 'Failed to run the query: it was cancelled',
    });
    expect(waited).toBeLessThan(5000);
    // The id is free again, and a cancel of nothing says so.
    expect(running.cancel('slow-1')).toBe(false);
    const count = await readOnlyQuery(
      db,
      requests.query.parse({ sql: 'SELECT count(*) FROM events', queryId: 'slow-1' }),
      running,
    );
    expect(count.rows).toEqual([['8']]);
    expect(await db.one('SELECT count(*)::INT AS n FROM events')).toEqual({ n: 8 });
  });
});
