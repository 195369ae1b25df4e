import { afterEach, describe, expect, it, vi } from 'vitest';
import { requests } from '../../../shared/contract.js';
import type { CaseDb } from '../case/CaseDb.js';
import { timeline } from '../queries/timeline.js';
import { rebuildTimelineOrder } from '../queries/timelineOrder.js';
import { eid, fixtureCase, lid } from './fixtureCase.js';
import { findPaths } from './paths.js';
import { rebuildGraph } from './rebuildGraph.js';

let db: CaseDb | undefined;
afterEach(() => db?.close());

/** The events of the links, from the kept order as ingest leaves it; the count must agree. */
async function events(c: CaseDb, linkIds: string[]): Promise<string[]> {
  const page = await timeline(c, requests.timeline.parse({ linkIds }));
  expect(page.total).toBe(page.rows.length);
  return page.rows.map((r) => r.eventId);
}

/** The graph and the timeline's kept order, rebuilt as ingest does. */
async function rebuild(c: CaseDb): Promise<void> {
  await rebuildGraph(c);
  await rebuildTimelineOrder(c);
}

async function linkNo(c: CaseDb, id: string): Promise<number> {
  const row = await c.one<{ n: string }>(`SELECT link_no AS n FROM links WHERE link_id = $id`, {
    id,
  });
  return Number(row?.n);
}

describe('link numbers of a path', () => {
  it('give the events of the links a path drew, and follow a rebuild that renumbers them', async () => {
    db = await fixtureCase(
      [
        { name: 'ab', time: '2024-01-01T10:01:00Z' },
        { name: 'bc', time: '2024-01-01T10:02:00Z' },
      ],
      [
        { event: 'ab', from: 'x:n:A', to: 'x:n:B', kind: 'delegated' },
        { event: 'bc', from: 'x:n:B', to: 'x:n:C', kind: 'delegated' },
      ],
    );
    await rebuild(db);
    const bc = lid('x:n:B', 'delegated', 'x:n:C');
    const graph = await findPaths(db, requests.paths.parse({ from: 'x:n:A' }));
    expect(graph.links.map((l) => l.id).sort()).toEqual(
      [lid('x:n:A', 'delegated', 'x:n:B'), bc].sort(),
    );
    expect(await events(db, [bc])).toEqual([eid('bc')]);

    // A link from a node that sorts first moves every other link's number up.
    const before = await linkNo(db, bc);
    await db.run(
      `INSERT INTO events (event_id, evidence_id, record_no, time, time_raw, source,
        category, action, outcome, call_id, raw)
      VALUES ($id, 'ev1', 2, TIMESTAMPTZ '2024-01-01 10:00:00+00', 't', 'aws.cloudtrail',
        'api_call', 'Call', 'success', 'first', '{}')`,
      { id: eid('first') },
    );
    await db.run(
      `INSERT INTO source_links VALUES ($e, 'x:n:0', 'x:n:A', 'delegated', 'exact',
        'fixture', 1)`,
      { e: eid('first') },
    );
    await rebuild(db);
    expect(await linkNo(db, bc)).not.toBe(before);

    expect(await events(db, [bc])).toEqual([eid('bc')]);
    expect(await events(db, [lid('x:n:0', 'delegated', 'x:n:A'), bc])).toEqual([
      eid('first'),
      eid('bc'),
    ]);
  });

  it('found by the search on a lane serve the timeline on the case without a lookup', async () => {
    db = await fixtureCase(
      [{ name: 'ab', time: '2024-01-01T10:01:00Z' }],
      [{ event: 'ab', from: 'x:n:A', to: 'x:n:B', kind: 'delegated' }],
    );
    await rebuild(db);
    // As the engine runs them: the search on the paths lane, the timeline on the case.
    const graph = await findPaths(await db.lane('paths'), requests.paths.parse({ from: 'x:n:A' }));
    const asked = vi.spyOn(db, 'all');
    expect(
      await events(
        db,
        graph.links.map((l) => l.id),
      ),
    ).toEqual([eid('ab')]);
    const sql = asked.mock.calls.map(([text]) => text);
    expect(sql.length).toBeGreaterThan(0);
    expect(sql.filter((text) => text.includes('link_id IN'))).toEqual([]);
  });

  it('drop ids the case does not hold', async () => {
    db = await fixtureCase(
      [{ name: 'ab', time: '2024-01-01T10:01:00Z' }],
      [{ event: 'ab', from: 'x:n:A', to: 'x:n:B', kind: 'delegated' }],
    );
    await rebuild(db);
    const ab = lid('x:n:A', 'delegated', 'x:n:B');
    expect(await events(db, [lid('x:n:A', 'delegated', 'x:n:Z'), ab])).toEqual([eid('ab')]);
  });
});
