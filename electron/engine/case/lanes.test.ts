import { describe, expect, it } from 'vitest';
import { useTempCase } from '../../../test/tempCase.js';

describe('a case lane', () => {
  const temp = useTempCase();

  it('answers beside a long query on the case, and is one connection a name', async () => {
    const lane = await temp.db.lane('count');
    expect(await temp.db.lane('count')).toBe(lane);
    expect(await temp.db.lane('other')).not.toBe(lane);
    // Asked of a lane, a lane is still the case's: the same connection for the same name.
    expect(await lane.lane('other')).toBe(await temp.db.lane('other'));
    expect(await lane.lane('count')).toBe(lane);

    const order: string[] = [];
    // Seconds of work on the lane; the case's own connection answers meanwhile.
    const long = lane
      .one(`SELECT sum(i * i % 7) AS s FROM range(300000000) t(i)`)
      .then(() => order.push('long'));
    const quick = temp.db.one(`SELECT 42 AS n`).then((r) => {
      order.push('quick');
      return r;
    });
    expect(await quick).toEqual({ n: 42 });
    await long;
    expect(order).toEqual(['quick', 'long']);
  });

  it('reads what the case committed', async () => {
    const lane = await temp.db.lane('count');
    await temp.db.run(`CREATE TABLE t AS SELECT 7 AS v`);
    expect(await lane.one(`SELECT v FROM t`)).toEqual({ v: 7 });
  });
});
