import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { requests } from '../../../shared/contract.js';
import { useTempCase } from '../../../test/tempCase.js';
import { timeline } from './timeline.js';

// 25,000 events one second apart from 2024-01-01T00:00:00Z, event i with id md5("i") and
// action "A<i>": deep enough for the page to be chosen by its sort key first.
const count = 25_000;
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

describe('timeline pages far into a large case', () => {
  const temp = useTempCase({ perFile: true });

  it('give the same events, in the same order, as their place in time says', async () => {
    await temp.db.run(
      `INSERT INTO events (event_id, evidence_id, record_no, time, source, category, action,
        outcome, raw)
       SELECT md5(i::VARCHAR), 'x', i, TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i),
         'aws.cloudtrail', 'api_call', 'A' || i, 'success', '{}'
       FROM range($n) t(i)`,
      { n: count },
    );

    const oldest = await timeline(temp.db, requests.timeline.parse({ offset: 21_000, limit: 3 }));
    expect(oldest.total).toBe(count);
    expect(oldest.rows.map((r) => [r.eventId, r.action, r.time])).toEqual([
      [md5('21000'), 'A21000', '2024-01-01T05:50:00.000000Z'],
      [md5('21001'), 'A21001', '2024-01-01T05:50:01.000000Z'],
      [md5('21002'), 'A21002', '2024-01-01T05:50:02.000000Z'],
    ]);

    const newest = await timeline(
      temp.db,
      requests.timeline.parse({ offset: 21_000, limit: 2, sort: 'time_desc' }),
    );
    expect(newest.rows.map((r) => r.eventId)).toEqual([md5('3999'), md5('3998')]);
  });
});
