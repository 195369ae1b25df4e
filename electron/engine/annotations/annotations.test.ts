import { afterEach, describe, expect, it } from 'vitest';
import { requests, type RequestIn } from '../../../shared/contract.js';
import type { CaseDb } from '../case/CaseDb.js';
import { chainCase, ids } from '../graph/chainFixture.js';
import { eid } from '../graph/fixtureCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { timeline } from '../queries/timeline.js';
import { annotate, undoAnnotation } from './annotate.js';
import { listAnnotations } from './annotationRows.js';
import { checkTarget } from './checkTarget.js';

let db: CaseDb;
afterEach(() => db?.close());

async function built(): Promise<CaseDb> {
  db = await chainCase();
  await rebuildGraph(db);
  return db;
}

const write = (request: RequestIn<'annotate'>) => annotate(db, requests.annotate.parse(request));
const undo = (steps = 1) => undoAnnotation(db, requests.undoAnnotation.parse({ steps }));
const logRows = () =>
  db.all<{ seq: string; target_id: string; change: string }>(
    `SELECT seq::TEXT AS seq, target_id, change FROM annotation_log ORDER BY seq`,
  );

describe('annotate', () => {
  it('keeps fields left out and changes only those given', async () => {
    await built();
    await write({ targetKind: 'event', targetId: eid('E1'), tags: ['exfil', ' exfil ', 'c2'] });
    const second = await write({ targetKind: 'event', targetId: eid('E1'), starred: true });

    expect(second).toMatchObject({
      targetKind: 'event',
      targetId: eid('E1'),
      tags: ['exfil', 'c2'],
      note: null,
      severity: null,
      starred: true,
    });
    expect(second.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('appends every change to the log with what it was before and after', async () => {
    await built();
    await write({ targetKind: 'node', targetId: ids.K1, note: 'used from two addresses' });
    await write({ targetKind: 'node', targetId: ids.K1, severity: 'high' });

    const log = await logRows();
    expect(log.map((r) => [r.seq, r.target_id])).toEqual([
      ['1', ids.K1],
      ['2', ids.K1],
    ]);
    expect(JSON.parse(log[1]!.change)).toEqual({
      op: 'set',
      before: { tags: [], note: 'used from two addresses', severity: null, starred: false },
      after: { tags: [], note: 'used from two addresses', severity: 'high', starred: false },
    });
  });

  it('removes the row of an annotation emptied of everything, but logs the change', async () => {
    await built();
    await write({ targetKind: 'path', targetId: 'forward:x#1', starred: true });
    await write({ targetKind: 'path', targetId: 'forward:x#1', starred: false });

    expect(await listAnnotations(db, {})).toEqual([]);
    expect(await logRows()).toHaveLength(2);
  });

  it('lists annotations by kind and by target id', async () => {
    await built();
    await write({ targetKind: 'event', targetId: eid('E2'), starred: true });
    await write({ targetKind: 'node', targetId: ids.KA, tags: ['root-cause'] });

    const events = await listAnnotations(db, { targetKind: 'event' });
    expect(events.map((a) => a.targetId)).toEqual([eid('E2')]);
    const some = await listAnnotations(db, { targetIds: [ids.KA, 'nothing'] });
    expect(some.map((a) => a.tags)).toEqual([['root-cause']]);
  });

  it('refuses targets the case does not hold, by their own code', async () => {
    await built();
    await expect(checkTarget(db, 'event', '0'.repeat(32))).rejects.toMatchObject({
      code: 'event_not_found',
    });
    await expect(checkTarget(db, 'node', 'aws:key:NOPE')).rejects.toMatchObject({
      code: 'node_not_found',
    });
    await expect(checkTarget(db, 'link', 'f'.repeat(32))).rejects.toMatchObject({
      code: 'link_not_found',
    });
    await expect(checkTarget(db, 'node', ids.K1)).resolves.toBeUndefined();
  });
});

describe('undoAnnotation', () => {
  it('walks back one change a step, newest first, across targets', async () => {
    await built();
    await write({ targetKind: 'event', targetId: eid('E1'), tags: ['a'] });
    await write({ targetKind: 'event', targetId: eid('E1'), tags: ['a', 'b'] });
    await write({ targetKind: 'node', targetId: ids.S, starred: true });

    expect(await undo()).toEqual({
      undone: 1,
      targets: [{ targetKind: 'node', targetId: ids.S }],
    });
    expect(await listAnnotations(db, { targetKind: 'node' })).toEqual([]);

    await undo();
    expect((await listAnnotations(db, {})).map((a) => a.tags)).toEqual([['a']]);

    const rest = await undo(5);
    expect(rest.undone).toBe(1);
    expect(await listAnnotations(db, {})).toEqual([]);
    expect((await undo()).undone).toBe(0);
  });

  it('records each undo in the log, naming the change it undid', async () => {
    await built();
    await write({ targetKind: 'event', targetId: eid('E2'), note: 'first' });
    await write({ targetKind: 'event', targetId: eid('E2'), note: 'second' });
    await undo();

    const last = JSON.parse((await logRows())[2]!.change);
    expect(last).toEqual({
      op: 'undo',
      undoes: 2,
      before: { tags: [], note: 'second', severity: null, starred: false },
      after: { tags: [], note: 'first', severity: null, starred: false },
    });
  });

  it('undoes a change made after an undo before the older ones', async () => {
    await built();
    await write({ targetKind: 'event', targetId: eid('E2'), note: 'one' });
    await write({ targetKind: 'event', targetId: eid('E2'), note: 'two' });
    await undo();
    await write({ targetKind: 'event', targetId: eid('E2'), note: 'three' });

    await undo();
    expect((await listAnnotations(db, {}))[0]?.note).toBe('one');
    await undo();
    expect(await listAnnotations(db, {})).toEqual([]);
  });
});

describe('timeline filters over annotations', () => {
  const names = async (request: RequestIn<'timeline'>) =>
    (await timeline(db, requests.timeline.parse(request))).rows.map((r) => r.eventId);

  it('keeps starred events, unstarred events, or events with one of the tags', async () => {
    await built();
    await write({ targetKind: 'event', targetId: eid('E2'), starred: true, tags: ['exfil'] });
    await write({ targetKind: 'event', targetId: eid('E6'), tags: ['recon'] });
    // A node's star is not an event's star.
    await write({ targetKind: 'node', targetId: ids.K1, starred: true, tags: ['exfil'] });

    expect(await names({ starred: true })).toEqual([eid('E2')]);
    expect(await names({ starred: false })).not.toContain(eid('E2'));
    expect((await names({ starred: false })).length).toBe(7);
    expect(await names({ tags: ['recon', 'exfil'] })).toEqual([eid('E2'), eid('E6')]);
  });

  it('sorts newest first with ties in reverse event id order, the exact reverse of oldest first', async () => {
    await built();
    const oldest = await names({});
    const newest = await names({ sort: 'time_desc' });

    // E4 at 09:50 is the oldest event of the story, E7 at 10:20 the newest.
    expect(oldest[0]).toBe(eid('E4'));
    expect(newest[0]).toBe(eid('E7'));
    expect(newest).toEqual([...oldest].reverse());
  });
});
