import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDb } from '../case/CaseDb.js';
import { eid, fixtureCase, type FixtureEvent } from './fixtureCase.js';
import { rebuildGraph } from './rebuildGraph.js';

let db: CaseDb | undefined;
afterEach(() => db?.close());

const ENTITY = 'vault:entity:e-ops';
const TOKEN = 'vault:token:hmac-sha256:t-ops';
const KEY = 'aws:key:AKIADEPLOY';
const day = '2025-06-10T';

const flow = (
  name: string,
  time: string,
  port: string,
  to: string,
  zeek = false,
): FixtureEvent => ({
  name,
  time: `${day}${time}Z`,
  source: zeek ? 'zeek.conn' : 'aws.vpcflow',
  category: 'network',
  action: 'tcp ACCEPT',
  actor: 'ip:10.42.1.17',
  target: to,
  srcIp: '10.42.1.17',
  raw: zeek
    ? { 'id.orig_h': '10.42.1.17', 'id.orig_p': Number(port) }
    : { fields: { srcport: port } },
});

/**
 * A pod at 10.42.1.17 logs in to Vault from port 52814 (L1, 10:00:02.7) and reads a secret from
 * port 52820 (R1, 10:00:03.1); a key is used from the same address at 10:02 (C1, CloudTrail names
 * no port). FA is the login's connection (port 52814) though it starts nearer the read; FB (a Zeek
 * record) is the read's; FC reaches the STS endpoint with C1 and no port to compare; FE's port
 * 52999 is neither Vault call's, and C1 is 117 s away, outside the 60 s window.
 */
const events: FixtureEvent[] = [
  {
    name: 'L1',
    time: `${day}10:00:02.7Z`,
    source: 'vault.audit',
    category: 'credential_issue',
    action: 'update',
    actor: ENTITY,
    issued: TOKEN,
    srcIp: '10.42.1.17',
    raw: { request: { remote_address: '10.42.1.17', remote_port: 52814 } },
  },
  {
    name: 'R1',
    time: `${day}10:00:03.1Z`,
    source: 'vault.audit',
    category: 'secret_read',
    action: 'read',
    actor: ENTITY,
    credential: TOKEN,
    target: 'vault:path:secret/data/app',
    srcIp: '10.42.1.17',
    raw: { request: { remote_address: '10.42.1.17', remote_port: 52820 } },
  },
  { name: 'C1', time: `${day}10:02:00Z`, credential: KEY, srcIp: '10.42.1.17' },
  flow('FA', '10:00:03', '52814', 'ip:10.0.5.10'),
  flow('FB', '10:00:02', '52820', 'ip:10.0.5.11', true),
  flow('FC', '10:02:00', '38112', 'ip:10.0.7.21'),
  flow('FE', '10:00:03', '52999', 'ip:10.0.5.12'),
];

interface Row {
  from_id: string;
  to_id: string;
  reason: string;
  score: number;
  evidence: string[];
}

async function flowLinks(c: CaseDb): Promise<Row[]> {
  return c.all<Row>(
    `SELECT l.from_id, l.to_id, l.reason, l.score, list(le.event_id ORDER BY le.event_id) AS evidence
     FROM links l JOIN link_evidence le USING (link_id)
     WHERE l.proof = 'inferred' AND l.kind = 'connected' GROUP BY ALL ORDER BY l.to_id`,
  );
}

describe('inferred links of network flows', () => {
  it('ties a flow to the record on its own source port, over a nearer one on another port', async () => {
    db = await fixtureCase(events);
    await rebuildGraph(db);

    const rows = await flowLinks(db);
    expect(rows.map((r) => [r.from_id, r.to_id, r.evidence])).toEqual([
      [ENTITY, 'ip:10.0.5.10', [eid('FA'), eid('L1')].sort()],
      [TOKEN, 'ip:10.0.5.11', [eid('FB'), eid('R1')].sort()],
      [KEY, 'ip:10.0.7.21', [eid('C1'), eid('FC')].sort()],
    ]);
  });

  it('scores a port match above an address match and says which matched', async () => {
    db = await fixtureCase(events);
    await rebuildGraph(db);

    const rows = await flowLinks(db);
    // FA starts at 10:00:03, L1 is at 10:00:02.7: 0.3 s, rounded to 0.
    expect(rows[0]).toMatchObject({
      score: 0.8,
      reason:
        'flow from 10.42.1.17:52814 to 10.0.5.10 within 0 s of a record of vault:entity:e-ops ' +
        'from 10.42.1.17:52814 (address and source port matched)',
    });
    expect(rows[1]?.score).toBe(0.8);
    expect(rows[1]?.reason).toContain('10.42.1.17:52820');
    expect(rows[2]).toMatchObject({
      score: 0.4,
      reason:
        'flow from 10.42.1.17 to 10.0.7.21 within 0 s of a record of aws:key:AKIADEPLOY from 10.42.1.17',
    });
  });
});
