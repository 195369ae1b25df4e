import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requests, type RequestIn } from '../../../shared/contract.js';
import { annotate } from '../annotations/annotate.js';
import type { CaseDb } from '../case/CaseDb.js';
import { fixtureCase, type FixtureEvent } from '../graph/fixtureCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { inventoryPage, keepInventoryCounts } from './inventory.js';
import { inventoryCountsCurrent } from './inventoryCounts.js';

// Sixty access keys, more than two pages of 25. Key j makes (7j mod 13) + 1 calls, ten seconds
// apart, starting (11j mod 60) minutes after midnight; its first call fails when j is a multiple
// of 3. So counts tie often, first-seen order differs from id order, and each key's work span
// (never seen issued: first to last call) is 10 s for each call after the first.
const keys = Array.from({ length: 60 }, (_, j) => ({
  id: `aws:key:AKIATEST${String(j).padStart(4, '0')}`,
  calls: ((7 * j) % 13) + 1,
  minute: (11 * j) % 60,
  failures: j % 3 === 0 ? 1 : 0,
}));

const events: FixtureEvent[] = keys.flatMap((key, j) =>
  Array.from({ length: key.calls }, (_, k) => ({
    name: `K${j}-${k}`,
    time: new Date(Date.UTC(2024, 0, 1, 0, key.minute, k * 10)).toISOString(),
    credential: key.id,
    target: `aws:resource:r${j}`,
    outcome: k === 0 && key.failures === 1 ? 'failure' : 'success',
  })),
);

let db: CaseDb;

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

async function allPages(request: RequestIn<'inventoryPage'>, size = 25) {
  const ids: string[] = [];
  for (let offset = 0; ; offset += size) {
    const page = await inventoryPage(
      db,
      requests.inventoryPage.parse({ ...request, offset, limit: size }),
    );
    expect(page.total).toBe(60);
    ids.push(...page.rows.map((r) => r.id));
    if (page.rows.length < size) return ids;
  }
}

// Each expectation holds counting the events for each page and reading the counts kept.
describe.each([
  ['counted for each page', false],
  ['from the kept counts', true],
])('the inventory, sorted and paged in the engine, %s', (_name, kept) => {
  beforeAll(async () => {
    db = await fixtureCase(events);
    await rebuildGraph(db);
    if (kept) expect(await keepInventoryCounts(db)).toBe(60);
    expect(await inventoryCountsCurrent(db)).toBe(kept);
  });
  afterAll(() => db.close());

  it('orders all identities by actions, busiest first, ties by id, across pages', async () => {
    const expected = [...keys].sort((a, b) => b.calls - a.calls || byId(a, b)).map((k) => k.id);

    expect(await allPages({ sort: 'actions', descending: true })).toEqual(expected);
  });

  it('orders by first seen, oldest first, which is not the id order', async () => {
    const expected = [...keys].sort((a, b) => a.minute - b.minute || byId(a, b)).map((k) => k.id);

    const ids = await allPages({ sort: 'firstSeen', descending: false });
    expect(ids).toEqual(expected);
    expect(ids).not.toEqual([...ids].sort());
  });

  it('orders by a reconciliation figure over every row, not one page', async () => {
    // Work span 10 x (calls - 1) seconds; shortest first.
    const expected = [...keys].sort((a, b) => a.calls - b.calls || byId(a, b)).map((k) => k.id);

    expect(await allPages({ sort: 'workSeconds', descending: false })).toEqual(expected);
    const second = await inventoryPage(
      db,
      requests.inventoryPage.parse({ sort: 'workSeconds', offset: 25, limit: 25 }),
    );
    const busiest = [...keys].sort((a, b) => b.calls - a.calls || byId(a, b));
    expect(second.rows.map((r) => r.id)).toEqual(busiest.slice(25, 50).map((k) => k.id));
    expect(second.rows[0]?.reconciliation.workSeconds).toBe((busiest[25]!.calls - 1) * 10);
  });

  it('orders by failures and counts the total of a page past the end', async () => {
    const page = await inventoryPage(
      db,
      requests.inventoryPage.parse({ sort: 'failures', limit: 20 }),
    );
    // j = 0, 3, ..., 57: twenty keys with one failure each, listed by id.
    expect(page.rows.map((r) => r.id)).toEqual(
      keys.filter((k) => k.failures === 1).map((k) => k.id),
    );

    const beyond = await inventoryPage(db, requests.inventoryPage.parse({ offset: 500 }));
    // Past the first page the kinds are not looked for again.
    expect(beyond).toEqual({ rows: [], total: 60, kinds: [] });
  });

  it('searches and filters in the engine, the total and kinds following', async () => {
    // Ids ending 0010 to 0019.
    const found = await inventoryPage(
      db,
      requests.inventoryPage.parse({ search: 'akiatest001', sort: 'label', descending: false }),
    );
    expect(found.total).toBe(10);
    expect(found.rows.map((r) => r.id)).toEqual(keys.slice(10, 20).map((k) => k.id));
    expect(found.kinds).toEqual(['aws:key']);

    const none = await inventoryPage(db, requests.inventoryPage.parse({ kinds: ['aws:user'] }));
    expect(none).toEqual({ rows: [], total: 0, kinds: ['aws:key'] });

    // A searched row carries its counts and times: key 12 makes (84 mod 13) + 1 = 7 calls from
    // 00:12 (132 mod 60 minutes), ten seconds apart, the first one failing.
    const [twelve] = (
      await inventoryPage(db, requests.inventoryPage.parse({ search: 'akiatest0012' }))
    ).rows;
    expect(twelve).toMatchObject({
      id: keys[12]!.id,
      kind: 'aws:key',
      actions: 7,
      failures: 1,
      targets: 1,
      firstSeen: '2024-01-01T00:12:00.000000Z',
      lastSeen: '2024-01-01T00:13:00.000000Z',
    });
    expect(twelve?.reconciliation.workSeconds).toBe(60);

    // Searched and of another kind: nothing, though the kinds are still those the search keeps.
    const other = await inventoryPage(
      db,
      requests.inventoryPage.parse({ search: 'AKIATEST001', kinds: ['aws:user'] }),
    );
    expect(other).toEqual({ rows: [], total: 0, kinds: ['aws:key'] });
    // Busiest first, past the first page of the search: ids 0010-0019 by calls, then id.
    const later = await inventoryPage(
      db,
      requests.inventoryPage.parse({ search: 'akiatest001', offset: 4, limit: 3 }),
    );
    const busiest = keys.slice(10, 20).sort((a, b) => b.calls - a.calls || byId(a, b));
    expect(later.rows.map((r) => r.id)).toEqual(busiest.slice(4, 7).map((k) => k.id));
    expect(later.total).toBe(10);
    expect(later.kinds).toEqual([]);
  });

  it('keeps the starred rows only, or the others', async () => {
    for (const j of [5, 41]) {
      await annotate(
        db,
        requests.annotate.parse({ targetKind: 'node', targetId: keys[j]!.id, starred: true }),
      );
    }

    const starred = await inventoryPage(db, requests.inventoryPage.parse({ starred: true }));
    // Key 5 makes (35 mod 13) + 1 = 10 calls, key 41 (287 mod 13) + 1 = 2.
    expect(starred.rows.map((r) => r.id)).toEqual([keys[5]!.id, keys[41]!.id]);
    expect(starred.total).toBe(2);
    const others = await inventoryPage(db, requests.inventoryPage.parse({ starred: false }));
    expect(others.total).toBe(58);
  });
});

describe('the kept inventory counts', () => {
  it('stop being read once the graph is rebuilt over more events', async () => {
    db = await fixtureCase(events.slice(0, 40));
    await rebuildGraph(db);
    await keepInventoryCounts(db);
    expect(await inventoryCountsCurrent(db)).toBe(true);
    db.close();

    db = await fixtureCase(events);
    await rebuildGraph(db);
    await keepInventoryCounts(db);
    await db.run(
      `INSERT INTO events SELECT * REPLACE (md5(event_id) AS event_id) FROM events LIMIT 1`,
    );
    expect(await inventoryCountsCurrent(db)).toBe(false);
    db.close();
  });

  it('stop being read when kept by an older version, without the search text', async () => {
    db = await fixtureCase(events.slice(0, 10));
    await rebuildGraph(db);
    await keepInventoryCounts(db);
    expect(await inventoryCountsCurrent(db)).toBe(true);
    // The stamp as the version before search_lower wrote it: no version at all.
    await db.run(
      `UPDATE meta SET value = json_object('events', value->'events', 'links', value->'links',
         'settings', value->>'settings')::VARCHAR WHERE key = 'inventory_counts'`,
    );
    expect(await inventoryCountsCurrent(db)).toBe(false);
    db.close();
  });
});
