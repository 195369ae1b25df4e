import { afterEach, describe, expect, it } from 'vitest';
import { requests, type RequestIn } from '../../../shared/contract.js';
import type { CaseDb } from '../case/CaseDb.js';
import { chainCase, ids } from '../graph/chainFixture.js';
import { eid, lid } from '../graph/fixtureCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { eventDetail } from './eventDetail.js';
import { inventory } from './inventory.js';
import { timeline } from './timeline.js';

const { U, KA, K1, S, B, SEC } = ids;

let db: CaseDb | undefined;
afterEach(() => db?.close());

async function built(): Promise<CaseDb> {
  db = await chainCase();
  await rebuildGraph(db);
  return db;
}

const inv = async (request: RequestIn<'inventory'>) =>
  inventory(await built(), requests.inventory.parse(request));
const page = async (request: RequestIn<'timeline'>) =>
  timeline(await built(), requests.timeline.parse(request));

describe('inventory', () => {
  it('lists every node that acted or holds a credential, busiest first', async () => {
    const rows = await inv({});

    expect(rows.map((r) => r.id)).toEqual([K1, S, KA, U]);
    expect(rows[0]).toEqual({
      id: K1,
      kind: 'aws:key',
      label: 'ASIAK1',
      firstSeen: '2024-01-01T09:50:00.000000Z',
      lastSeen: '2024-01-01T10:20:00.000000Z',
      actions: 6,
      failures: 1,
      credentialsUsed: 0,
      credentialsIssued: 0,
      targets: 5,
      addresses: 2,
      // Issued by E1 at 10:00; E4 (09:50) is outside the 5-minute skew, E5 (09:58) inside it, so
      // E5 is the first use and counts as immediate. Work: 10:00 to E7 at 10:20, 6 calls.
      reconciliation: {
        basis: 'own',
        origin: 'issued',
        issuedAt: '2024-01-01T10:00:00.000000Z',
        firstUsedAt: '2024-01-01T09:58:00.000000Z',
        neverUsed: false,
        secondsToFirstUse: 0,
        workSeconds: 1200,
        actionsPerMinute: 0.3,
        withinReviewWindow: false,
        // E3 and E3b are one call (C3); no credential first appears after it.
        secretReads: [
          {
            eventId: [eid('E3'), eid('E3b')].sort()[0],
            time: '2024-01-01T10:06:00.000000Z',
            secret: SEC,
            srcIp: '2.2.2.2',
            nextUse: null,
          },
        ],
      },
    });
  });

  it('counts what an identity did through the credentials it holds', async () => {
    const rows = await inv({});

    const session = rows.find((r) => r.id === S);
    expect(session).toMatchObject({ actions: 6, failures: 1, credentialsUsed: 1, targets: 5 });
    const alice = rows.find((r) => r.id === U);
    expect(alice).toMatchObject({
      actions: 1,
      credentialsUsed: 1,
      credentialsIssued: 1,
      targets: 1,
      addresses: 1,
      firstSeen: '2024-01-01T10:00:00.000000Z',
    });
  });

  it('filters by search text and by kind', async () => {
    expect((await inv({ search: 'ALICE' })).map((r) => r.id)).toEqual([KA, U]);
    db?.close();
    expect((await inv({ kinds: ['aws:session'] })).map((r) => r.id)).toEqual([S]);
  });
});

describe('timeline', () => {
  it('pages every event in time order when nothing is selected', async () => {
    const all = await page({});
    expect(all.total).toBe(8);
    const e3s = [eid('E3'), eid('E3b')].sort();
    expect(all.rows.map((r) => r.eventId)).toEqual([
      eid('E4'),
      eid('E5'),
      eid('E1'),
      eid('E2'),
      ...e3s,
      eid('E6'),
      eid('E7'),
    ]);
    expect(all.rows[0]?.time).toBe('2024-01-01T09:50:00.000000Z');

    const second = await timeline(db as CaseDb, requests.timeline.parse({ offset: 2, limit: 2 }));
    expect(second).toMatchObject({ total: 8, offset: 2 });
    expect(second.rows.map((r) => r.eventId)).toEqual([eid('E1'), eid('E2')]);
  });

  it('gives the union of the evidence of the selected links', async () => {
    const result = await page({ linkIds: [lid(K1, 'read_secret', SEC), lid(K1, 'accessed', B)] });
    expect(result.total).toBe(3);
    expect(result.rows.map((r) => r.eventId)).toEqual([
      eid('E2'),
      ...[eid('E3'), eid('E3b')].sort(),
    ]);
  });

  it('gives the selected events in time order', async () => {
    const result = await page({ eventIds: [eid('E7'), eid('E1')] });
    expect(result.rows.map((r) => [r.eventId, r.action, r.credential])).toEqual([
      [eid('E1'), 'AssumeRole', KA],
      [eid('E7'), 'Call', K1],
    ]);
  });
});

describe('timeline filters', () => {
  const names = async (request: RequestIn<'timeline'>) =>
    (await page(request)).rows.map((r) => r.eventId);

  it('keeps the failed calls only', async () => {
    expect(await names({ outcomes: ['failure'] })).toEqual([eid('E3'), eid('E3b')].sort());
  });

  it('keeps the events of a category and of a time range, bounds included', async () => {
    expect(await names({ categories: ['credential_issue'] })).toEqual([eid('E1')]);
    expect(
      await names({ timeFrom: '2024-01-01T10:00:00Z', timeTo: '2024-01-01T10:05:00.000000Z' }),
    ).toEqual([eid('E1'), eid('E2')]);
  });

  it('matches an actor through its own records and the records of a credential named so', async () => {
    expect(await names({ actors: [U] })).toEqual([eid('E1')]);
    expect(await names({ credentials: [KA] })).toEqual([eid('E1')]);
  });

  it('finds text in any column, whatever its case, and combines it with the other conditions', async () => {
    expect(await names({ text: 'assumerole' })).toEqual([eid('E1')]);
    expect(await names({ text: '2.2.2.2', outcomes: ['success'] })).toEqual([eid('E2')]);
  });

  it('selects nothing for an empty list of ids, but everything for an empty list of sources', async () => {
    expect((await page({ eventIds: [] })).total).toBe(0);
    expect((await page({ sources: [] })).total).toBe(8);
  });
});

describe('eventDetail', () => {
  it('returns the event with its evidence file and raw record', async () => {
    const detail = await eventDetail(await built(), { eventId: eid('E3') });
    expect(detail).toMatchObject({
      eventId: eid('E3'),
      outcome: 'failure',
      category: 'secret_read',
      evidencePath: 'trail.json',
      recordNo: 2,
      srcIp: '2.2.2.2',
    });
    expect(JSON.parse(detail.raw)).toEqual({ name: 'E3' });
  });

  it('refuses an unknown event with event_not_found', async () => {
    await expect(eventDetail(await built(), { eventId: '0'.repeat(32) })).rejects.toMatchObject({
      code: 'event_not_found',
    });
  });
});
