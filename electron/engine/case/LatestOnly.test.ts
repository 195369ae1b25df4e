import { describe, expect, it } from 'vitest';
import { useTempCase } from '../../../test/tempCase.js';
import { LatestOnly } from './LatestOnly.js';

// Seconds of work on a lane: long enough that a second request arrives while it runs.
const longSql = `SELECT sum(i * i % 7) AS s FROM range(3000000000) t(i)`;

describe('requests of which only the newest answer is wanted', () => {
  const temp = useTempCase();

  it('stop the query an older request is running, and answer the newest', async () => {
    const lane = await temp.db.lane('latest');
    const latest = new LatestOnly('count the timeline');
    const started = Date.now();

    // Each failure is caught as it comes, so none is left unhandled while another is awaited.
    const older = latest.run(lane, (db) => db.one(longSql)).catch((error: unknown) => error);
    const waiting = latest.run(lane, (db) => db.one(`SELECT 6 AS n`)).catch((e: unknown) => e);
    const newer = latest.run(lane, (db) => db.one<{ n: number }>(`SELECT 7 AS n`));

    expect(await older).toMatchObject({
      code: 'query_cancelled',
      message: 'Failed to count the timeline: a newer request took its place',
    });
    expect(await waiting).toMatchObject({ code: 'query_cancelled' });
    expect(await newer).toEqual({ n: 7 });
    // The long sum over three billion rows would take minutes; it was stopped instead.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('leave a request alone when nothing runs before it, and pass its own errors on', async () => {
    const lane = await temp.db.lane('latest');
    const latest = new LatestOnly('count the timeline');

    expect(await latest.run(lane, (db) => db.one(`SELECT 1 AS n`))).toEqual({ n: 1 });
    expect(await latest.run(lane, (db) => db.one(`SELECT 2 AS n`))).toEqual({ n: 2 });
    await expect(latest.run(lane, (db) => db.one(`SELECT * FROM no_such_table`))).rejects.toThrow(
      /no_such_table/,
    );
  });
});
