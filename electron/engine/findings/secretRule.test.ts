import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDb } from '../case/CaseDb.js';
import { eid, lid } from '../graph/fixtureCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { findingsCase, findingsOf } from './findingsFixture.js';
import { secretThenOtherWorkload } from './rules/secretThenOtherWorkload.js';

let db: CaseDb | undefined;
afterEach(() => db?.close());

const user = (name: string) => `aws:user:arn:aws:iam::111111111111:user/${name}`;
const ids = (...names: string[]) => names.map(eid);

describe('secret read, then a credential it gave used', () => {
  const read = (name: string, time: string, token: string, path: string, ip: string) => ({
    name,
    time: `2024-01-01T${time}Z`,
    source: 'vault.audit',
    actor: `vault:entity:${token}`,
    credential: `vault:token:${token}`,
    target: `vault:path:${path}`,
    srcIp: ip,
    category: 'secret_read',
  });
  const use = (name: string, time: string, key: string, ip: string) => ({
    name,
    time: `2024-01-01T${time}Z`,
    actor: user('deploy'),
    credential: `aws:key:${key}`,
    srcIp: ip,
  });

  /**
   * r1: t1 reads deploy-key from 10.42.1.17 at 10:00; AKIALEAK, never issued, is first used from
   * there 21 s later and from nowhere else. r2: t2 reads ci-key from 10.1.1.1 at 11:00; AKIAMOVED
   * is first used there 30 s later, then from 198.51.100.9 at 13:00. r3: t3 reads a dynamic AWS
   * secret from 10.2.2.2 at 12:00, the record issuing ASIADYN, used from 10.3.3.3 10 s later.
   * Noise: t4 reads from 10.9.9.1 at 14:00 and AKIANOISE is first used from 10.9.9.2 5 s later
   * (another address, nothing ties them); t5 reads from 10.5.5.5 at 15:00 and AKIALATE is first
   * used there 20 minutes later, past the 600 s window.
   */
  const events = [
    read('r1', '10:00:00', 't1', 'secret/data/aws/deploy-key', '10.42.1.17'),
    use('leak', '10:00:21', 'AKIALEAK', '10.42.1.17'),
    use('leak2', '10:02:00', 'AKIALEAK', '10.42.1.17'),
    read('r2', '11:00:00', 't2', 'secret/data/ci-key', '10.1.1.1'),
    use('moved', '11:00:30', 'AKIAMOVED', '10.1.1.1'),
    use('moved2', '13:00:00', 'AKIAMOVED', '198.51.100.9'),
    { ...read('r3', '12:00:00', 't3', 'aws/creds/deploy', '10.2.2.2'), issued: 'aws:key:ASIADYN' },
    use('dyn', '12:00:10', 'ASIADYN', '10.3.3.3'),
    read('r4', '14:00:00', 't4', 'secret/data/other', '10.9.9.1'),
    use('noise', '14:00:05', 'AKIANOISE', '10.9.9.2'),
    read('r5', '15:00:00', 't5', 'secret/data/late', '10.5.5.5'),
    use('late', '15:20:00', 'AKIALATE', '10.5.5.5'),
  ];

  it('reports the credentials a read gave, and nothing that merely came soon after', async () => {
    db = await findingsCase(events);

    const found = await findingsOf(db, [secretThenOtherWorkload]);

    expect(found.map((f) => [f.severity, f.node_ids.at(-2), f.event_ids])).toEqual([
      ['medium', 'aws:key:AKIALEAK', ids('r1', 'leak')],
      ['high', 'aws:key:AKIAMOVED', ids('r2', 'moved', 'moved2')],
      ['high', 'aws:key:ASIADYN', ids('r3', 'dyn')],
    ]);
  });

  it('says how the read gave the credential and where it was used', async () => {
    db = await findingsCase(events);

    const found = await findingsOf(db, [secretThenOtherWorkload]);

    expect(found[0]).toMatchObject({
      technique: 'T1555.006',
      summary:
        "vault:token:t1 read vault:path:secret/data/aws/deploy-key from 10.42.1.17 at 2024-01-01T10:00:00.000000Z; 21 s later aws:key:AKIALEAK, which the secret held (first used from the reader's address soon after), was used from 10.42.1.17, the reader's own address, and from no other after the read: the workload used what it read.",
      node_ids: [
        'vault:entity:t1',
        'vault:token:t1',
        'vault:path:secret/data/aws/deploy-key',
        'aws:key:AKIALEAK',
        'ip:10.42.1.17',
      ],
    });
    expect(found[0]?.link_ids.sort()).toEqual(
      [
        lid('vault:entity:t1', 'holds', 'vault:token:t1'),
        lid('vault:token:t1', 'read_secret', 'vault:path:secret/data/aws/deploy-key'),
        lid('vault:path:secret/data/aws/deploy-key', 'holds', 'aws:key:AKIALEAK'),
        lid('aws:key:AKIALEAK', 'from_address', 'ip:10.42.1.17'),
        // The read came from that address too.
        lid('vault:token:t1', 'from_address', 'ip:10.42.1.17'),
      ].sort(),
    );
    expect(found[1]?.summary).toContain(
      "the reader's own address, then from 198.51.100.9 at 2024-01-01T13:00:00.000000Z: it moved to another workload.",
    );
    expect(found[1]?.node_ids.at(-1)).toBe('ip:198.51.100.9');
    expect(found[2]?.summary).toContain(
      "10 s later aws:key:ASIADYN, which the read issued, was used from 10.3.3.3, another workload's address: it moved.",
    );
  });

  it('follows the window after the read set on the case', async () => {
    db = await findingsCase(events);
    await db.run(
      `UPDATE meta SET value = '{"secretUseWindowSeconds":1500}' WHERE key = 'settings'`,
    );
    await rebuildGraph(db);

    const found = await findingsOf(db, [secretThenOtherWorkload]);

    // AKIALATE's first use, 1200 s after t5's read, now falls inside the window.
    expect(found.map((f) => f.node_ids.at(-2))).toContain('aws:key:AKIALATE');
    expect(found.map((f) => f.node_ids.at(-2))).not.toContain('aws:key:AKIANOISE');
  });
});
