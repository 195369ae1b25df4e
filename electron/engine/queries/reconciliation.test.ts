import { afterEach, describe, expect, it } from 'vitest';
import { type CaseDb, defaultSettings } from '../case/CaseDb.js';
import { eid, fixtureCase, type FixtureEvent } from '../graph/fixtureCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { keepInventoryCounts } from './inventory.js';
import { reconcile } from './reconciliation.js';

let db: CaseDb | undefined;
afterEach(() => db?.close());

const TOKEN = 'vault:token:t1';
const at = (time: string) => `2024-01-01T${time}Z`;
const read = (name: string, time: string, path: string, issued?: string): FixtureEvent => ({
  name,
  time: at(time),
  source: 'vault.audit',
  category: 'secret_read',
  action: 'read',
  actor: 'vault:entity:e1',
  credential: TOKEN,
  target: `vault:path:${path}`,
  srcIp: '10.42.1.17',
  issued: issued ?? null,
});
const use = (name: string, time: string, key: string, ip: string): FixtureEvent => ({
  name,
  time: at(time),
  credential: key,
  srcIp: ip,
});

/**
 * Token t1 reads three secrets from 10.42.1.17. After r1 (10:00) AKIANOISE is first used from
 * 10.9.9.9 2 s later, nothing tying it to the read, and AKIAHELD from the reader's address 21 s
 * later (the secret holds it). After r2 (11:00) only AKIANOISE2 turns up, from 10.8.8.8, 1 s
 * later. r3 (12:00) is a dynamic secret whose record issued ASIADYN, used from 10.3.3.3 5 s later.
 */
const events: FixtureEvent[] = [
  read('r1', '10:00:00', 'secret/data/a'),
  use('noise', '10:00:02', 'aws:key:AKIANOISE', '10.9.9.9'),
  use('held', '10:00:21', 'aws:key:AKIAHELD', '10.42.1.17'),
  read('r2', '11:00:00', 'secret/data/b'),
  use('noise2', '11:00:01', 'aws:key:AKIANOISE2', '10.8.8.8'),
  read('r3', '12:00:00', 'aws/creds/deploy', 'aws:key:ASIADYN'),
  use('dyn', '12:00:05', 'aws:key:ASIADYN', '10.3.3.3'),
];

describe('reconciliation of secret reads', () => {
  it('names where what each read gave was used next, and no credential that merely came after', async () => {
    db = await fixtureCase(events);
    await rebuildGraph(db);

    const computed = await reconcile(db, [TOKEN], defaultSettings);
    // The same from the figures the inventory keeps for every identity.
    // Kept in shares of two identities, so that the shares are many.
    await keepInventoryCounts(db, 2);
    const all = (await db.all<{ node_id: string }>(`SELECT node_id FROM inventory_counts`)).map(
      (r) => r.node_id,
    );
    expect(all.length).toBeGreaterThan(4);
    expect(await reconcile(db, all, defaultSettings, { kept: true })).toEqual(
      await reconcile(db, all, defaultSettings),
    );
    const kept = await reconcile(db, [TOKEN], defaultSettings, { kept: true });
    expect(kept).toEqual(computed);
    const result = kept;

    expect(result.get(TOKEN)?.secretReads).toEqual([
      {
        eventId: eid('r1'),
        time: '2024-01-01T10:00:00.000000Z',
        secret: 'vault:path:secret/data/a',
        srcIp: '10.42.1.17',
        nextUse: {
          eventId: eid('held'),
          time: '2024-01-01T10:00:21.000000Z',
          credential: 'aws:key:AKIAHELD',
          srcIp: '10.42.1.17',
          secondsAfterRead: 21,
        },
      },
      {
        eventId: eid('r2'),
        time: '2024-01-01T11:00:00.000000Z',
        secret: 'vault:path:secret/data/b',
        srcIp: '10.42.1.17',
        nextUse: null,
      },
      {
        eventId: eid('r3'),
        time: '2024-01-01T12:00:00.000000Z',
        secret: 'vault:path:aws/creds/deploy',
        srcIp: '10.42.1.17',
        nextUse: {
          eventId: eid('dyn'),
          time: '2024-01-01T12:00:05.000000Z',
          credential: 'aws:key:ASIADYN',
          srcIp: '10.3.3.3',
          secondsAfterRead: 5,
        },
      },
    ]);
  });
});
