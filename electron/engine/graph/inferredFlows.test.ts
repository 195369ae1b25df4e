import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDb } from '../case/CaseDb.js';
import { eid, fixtureCase, inferredLinks, type FixtureEvent } from './fixtureCase.js';
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
  from = '10.42.1.17',
  dport = '8200',
): FixtureEvent => ({
  name,
  time: `${day}${time}Z`,
  source: zeek ? 'zeek.conn' : 'aws.vpcflow',
  category: 'network',
  action: 'tcp ACCEPT',
  actor: `ip:${from}`,
  target: to,
  srcIp: from,
  raw: zeek
    ? { 'id.orig_h': from, 'id.orig_p': Number(port), 'id.resp_p': Number(dport) }
    : { fields: { srcport: port, dstport: dport } },
});

/**
 * A pod at 10.42.1.17 logs in to Vault from port 52814 (L1, 10:00:02.7) and reads a secret from
 * port 52820 (R1, 10:00:03.1); a key is used from the same address at 10:02 (C1, CloudTrail names
 * no port). FA is the login's connection (port 52814) though it starts nearer the read; FB (a Zeek
 * record) is the read's; FC reaches the STS endpoint with C1 and no port to compare; FE's port
 * 52999 is neither Vault call's, and C1 is 117 s away, outside the 60 s window. Vault (10.0.5.10)
 * answers FA from port 8200 (FR) and calls the API server itself (FV, 10:00:03); its reviewer
 * logs a record from 10.0.5.10 then (K1): FV is its call, FR only Vault's reply to the pod.
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
  flow('FR', '10:00:03', '8200', 'ip:10.42.1.17', false, '10.0.5.10', '52814'),
  flow('FV', '10:00:03', '40001', 'ip:10.0.0.50', false, '10.0.5.10', '443'),
  {
    name: 'K1',
    time: `${day}10:00:03Z`,
    source: 'k8s.audit',
    actor: 'k8s:sa:vault/vault-auth',
    credential: 'k8s:token:JTI=review',
    srcIp: '10.0.5.10',
  },
];

describe('inferred links of network flows', () => {
  it('ties a flow to the record on its own source port, over a nearer one on another port', async () => {
    db = await fixtureCase(events);
    await rebuildGraph(db);

    const rows = await inferredLinks(db, { kind: 'connected', by: 'to' });
    expect(rows.map((r) => [r.from_id, r.to_id, r.evidence])).toEqual([
      ['k8s:token:JTI=review', 'ip:10.0.0.50', [eid('FV'), eid('K1')].sort()],
      [ENTITY, 'ip:10.0.5.10', [eid('FA'), eid('L1')].sort()],
      [TOKEN, 'ip:10.0.5.11', [eid('FB'), eid('R1')].sort()],
      [KEY, 'ip:10.0.7.21', [eid('C1'), eid('FC')].sort()],
    ]);
  });

  it('draws nothing for a flow that answers another', async () => {
    db = await fixtureCase(events);
    await rebuildGraph(db);

    const rows = await inferredLinks(db, { kind: 'connected', by: 'to' });
    expect(rows.flatMap((r) => r.evidence)).not.toContain(eid('FR'));
    expect(rows.map((r) => r.to_id)).not.toContain('ip:10.42.1.17');
  });

  it('scores a port match above an address match and says which matched', async () => {
    db = await fixtureCase(events);
    await rebuildGraph(db);

    const rows = await inferredLinks(db, { kind: 'connected', by: 'to' });
    // FA starts at 10:00:03, L1 is at 10:00:02.7: 0.3 s, rounded to 0.
    expect(rows[1]).toMatchObject({
      score: 0.8,
      reason:
        'flow from 10.42.1.17:52814 to 10.0.5.10 within 0 s of a record of vault:entity:e-ops ' +
        'from 10.42.1.17:52814 (address and source port matched)',
    });
    expect(rows[2]?.score).toBe(0.8);
    expect(rows[2]?.reason).toContain('10.42.1.17:52820');
    expect(rows[3]).toMatchObject({
      score: 0.4,
      reason:
        'flow from 10.42.1.17 to 10.0.7.21 within 0 s of a record of aws:key:AKIADEPLOY from 10.42.1.17',
    });
  });
});
