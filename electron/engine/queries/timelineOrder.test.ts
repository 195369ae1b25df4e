import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { requests, type RequestIn } from '../../../shared/contract.js';
import { useTempCase } from '../../../test/tempCase.js';
import { probeSizes, probeWindows, timeline, timelineCount } from './timeline.js';
import { currentTimelineOrder, pageRanges, rebuildTimelineOrder } from './timelineOrder.js';

describe('the pages of a kept order', () => {
  // Ten events: pos 0-6 have a time, 7-9 have none.
  const order = { events: 10, untimed: 3 };

  it('are one range oldest first, cut at the last event', () => {
    expect(pageRanges(order, 0, 4, false)).toEqual([{ from: 0, to: 3, descending: false }]);
    expect(pageRanges(order, 8, 5, false)).toEqual([{ from: 8, to: 9, descending: false }]);
    expect(pageRanges(order, 10, 5, false)).toEqual([]);
  });

  it('newest first, read the timed events backwards and then the untimed ones backwards', () => {
    // Rows 0-3 are pos 6, 5, 4, 3.
    expect(pageRanges(order, 0, 4, true)).toEqual([{ from: 3, to: 6, descending: true }]);
    // Rows 5, 6 are pos 1, 0; rows 7, 8 are the untimed pos 9, 8.
    expect(pageRanges(order, 5, 4, true)).toEqual([
      { from: 0, to: 1, descending: true },
      { from: 8, to: 9, descending: true },
    ]);
    // Row 9 is pos 7, the untimed event with the smallest id.
    expect(pageRanges(order, 9, 4, true)).toEqual([{ from: 7, to: 7, descending: true }]);
  });
});

// 400 events over 50 distinct seconds (so most times are shared by several), one in nine
// without a time; actions and outcomes by the event's number, so filters keep a known share.
const count = 400;
const md5 = (text: string) => createHash('md5').update(text).digest('hex');
interface Made {
  id: string;
  second: number | null;
  action: string;
  outcome: string;
}
const made: Made[] = Array.from({ length: count }, (_, i) => ({
  id: md5(`e${i}`),
  second: i % 9 === 4 ? null : (i * 37) % 50,
  action: i % 3 === 0 ? 'AssumeRole' : `Get${i % 5}`,
  outcome: i % 4 === 0 ? 'failure' : 'success',
}));

/** The timeline's order, written out: time, then id; untimed last, by id, both ways. */
function expected(rows: Made[], descending: boolean): string[] {
  const timed = rows.filter((r) => r.second !== null);
  const untimed = rows.filter((r) => r.second === null);
  const byId = (a: Made, b: Made) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  timed.sort((a, b) => (a.second as number) - (b.second as number) || byId(a, b));
  untimed.sort(byId);
  if (descending) {
    timed.reverse();
    untimed.reverse();
  }
  return [...timed, ...untimed].map((r) => r.id);
}

describe('the timeline over its kept order', () => {
  const temp = useTempCase();

  async function load(): Promise<void> {
    // Every value is made above from digits and fixed words, so literals are safe here.
    const values = made.map((r) => {
      const time =
        r.second === null ? 'NULL' : `'2024-01-01T00:00:${String(r.second).padStart(2, '0')}Z'`;
      return `('${r.id}', ${time}, '${r.action}', '${r.outcome}')`;
    });
    await temp.db.run(
      `INSERT INTO events (event_id, evidence_id, record_no, time, source, category, action,
        outcome, src_ip, raw)
       SELECT id, 'x', 0, t::TIMESTAMPTZ, 'aws.cloudtrail', 'api_call', a, o, '10.0.0.1', '{}'
       FROM (VALUES ${values.join(', ')}) v(id, t, a, o)`,
    );
  }

  async function allPages(request: RequestIn<'timeline'>, size: number): Promise<string[]> {
    const ids: string[] = [];
    for (let offset = 0; offset < count; offset += size) {
      const page = await timeline(
        temp.db,
        requests.timeline.parse({ ...request, offset, limit: size, count: false }),
      );
      expect(page.total).toBeNull();
      ids.push(...page.rows.map((r) => r.eventId));
    }
    return ids;
  }

  it('pages through every event in time order, both ways, as the sorted events do', async () => {
    await load();
    expect(await currentTimelineOrder(temp.db)).toBeNull();
    const sortedAsc = await allPages({}, 7);
    const sortedDesc = await allPages({ sort: 'time_desc' }, 7);

    expect(await rebuildTimelineOrder(temp.db)).toEqual({
      events: count,
      untimed: made.filter((r) => r.second === null).length,
    });
    expect(await allPages({}, 7)).toEqual(expected(made, false));
    expect(await allPages({ sort: 'time_desc' }, 7)).toEqual(expected(made, true));
    expect(sortedAsc).toEqual(expected(made, false));
    expect(sortedDesc).toEqual(expected(made, true));
  });

  it('filters, searches text case-blind and counts over the kept order', async () => {
    await load();
    await rebuildTimelineOrder(temp.db);
    const failedAssume = made.filter((r) => r.outcome === 'failure' && r.action === 'AssumeRole');

    const filter = { outcomes: ['failure' as const], text: 'assumerole' };
    expect(await allPages(filter, 11)).toEqual(expected(failedAssume, false));
    expect(await allPages({ ...filter, sort: 'time_desc' }, 11)).toEqual(
      expected(failedAssume, true),
    );
    expect(await timelineCount(temp.db, filter)).toBe(failedAssume.length);
    expect(await timelineCount(temp.db, {})).toBe(count);
    // The text never matches across two fields: "get1" is in actions, "1" + "10." is not "110.".
    expect(await timelineCount(temp.db, { text: 'Get1' })).toBe(
      made.filter((r) => r.action === 'Get1').length,
    );
    expect(await timelineCount(temp.db, { text: `1${'\u001f'}10.` })).toBe(0);
  });

  it('reads a filtered page from growing spans of the order, as a scan of every event would', async () => {
    await load();
    await rebuildTimelineOrder(temp.db);
    const kept = { ...probeWindows };
    // Spans of 10, 30, 90 and then all 400 positions.
    Object.assign(probeWindows, { first: 10, growth: 3 });
    try {
      expect(probeSizes(count)).toEqual([10, 30, 90, 400]);
      const cases: [RequestIn<'timeline'>, (r: Made) => boolean][] = [
        // Common: the first span holds a small page.
        [{ outcomes: ['failure'] }, (r) => r.outcome === 'failure'],
        // Rare and spread out: a page needs several spans, or all of them.
        [
          { text: 'get2', outcomes: ['failure'] },
          (r) => r.action === 'Get2' && r.outcome === 'failure',
        ],
        // Nothing at all.
        [{ text: 'no such action' }, () => false],
      ];
      for (const [filter, keep] of cases) {
        const want = made.filter(keep);
        for (const [sort, descending] of [
          ['time_asc', false],
          ['time_desc', true],
        ] as const) {
          // Pages of 3 near the start go through the spans; the rest are read at once.
          const ids: string[] = [];
          for (let offset = 0; offset < 12; offset += 3) {
            const page = await timeline(
              temp.db,
              requests.timeline.parse({ ...filter, sort, offset, limit: 3, count: false }),
            );
            ids.push(...page.rows.map((r) => r.eventId));
          }
          expect(ids).toEqual(expected(want, descending).slice(0, 12));
        }
      }
    } finally {
      Object.assign(probeWindows, kept);
    }
  });

  it('falls back to sorting the events once events are added after the order was kept', async () => {
    await load();
    await rebuildTimelineOrder(temp.db);
    await temp.db.run(
      `INSERT INTO events (event_id, evidence_id, record_no, time, source, category, action,
        outcome, raw)
       VALUES ($id, 'x', 0, '2023-12-31T23:59:59Z', 'aws.cloudtrail', 'api_call', 'Late',
         'success', '{}')`,
      { id: md5('late') },
    );
    expect(await currentTimelineOrder(temp.db)).toBeNull();
    const first = await timeline(temp.db, requests.timeline.parse({ limit: 1 }));
    expect(first.total).toBe(count + 1);
    expect(first.rows.map((r) => r.action)).toEqual(['Late']);
  });
});
