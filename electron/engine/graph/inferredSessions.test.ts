import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDb } from '../case/CaseDb.js';
import { eid, fixtureCase, inferredLinks, type FixtureEvent } from './fixtureCase.js';
import { rebuildGraph } from './rebuildGraph.js';

let db: CaseDb | undefined;
afterEach(() => db?.close());

const day = '2025-06-10T';

const saml = (
  name: string,
  time: string,
  ip: string,
  key: string,
  userName?: string,
): FixtureEvent => ({
  name,
  time: `${day}${time}Z`,
  category: 'credential_issue',
  action: 'AssumeRoleWithSAML',
  actor: 'aws:federated:arn:aws:iam::111111111111:saml-provider/okta:alice@acme.example',
  issued: key,
  target: 'aws:role:arn:aws:iam::111111111111:role/admin',
  srcIp: ip,
  raw: userName ? { userIdentity: { type: 'SAMLUser', userName } } : { name },
});

const sso = (name: string, time: string, session: string): FixtureEvent => ({
  name,
  time: `${day}${time}Z`,
  source: 'okta.system',
  category: 'authentication',
  action: 'user.authentication.sso',
  actor: `okta:user:${name}`,
  credential: `okta:session:${session}`,
  srcIp: '198.51.100.7',
});

/**
 * Okta: alice's session S1 signs in to the AWS app from 198.51.100.7 at 10:00:00 (O1); an older
 * session S2 did so from the same address at 09:50 (O2). Entra: a sign-in from 192.0.2.50 at
 * 12:00:00 issues token U1 (E1). CloudTrail: AssumeRoleWithSAML from 198.51.100.7 at 10:00:03
 * (C1), from 203.0.113.9 at 10:00:04 (C2, no sign-in there), from 198.51.100.7 at 11:00 (C3,
 * an hour after any sign-in there) and from 192.0.2.50 at 11:59:58 (C4, 2 s before the Entra
 * sign-in, within the 300 s clock-skew allowance). A failed Okta sign-in from 203.0.113.9 (O3)
 * is no session.
 */
const events: FixtureEvent[] = [
  {
    name: 'O1',
    time: `${day}10:00:00Z`,
    source: 'okta.system',
    category: 'authentication',
    action: 'user.authentication.sso',
    actor: 'okta:user:00u1',
    credential: 'okta:session:S1',
    target: 'okta:app:aws',
    srcIp: '198.51.100.7',
  },
  {
    name: 'O2',
    time: `${day}09:50:00Z`,
    source: 'okta.system',
    category: 'authentication',
    action: 'user.authentication.sso',
    actor: 'okta:user:00u1',
    credential: 'okta:session:S2',
    target: 'okta:app:aws',
    srcIp: '198.51.100.7',
  },
  {
    name: 'O3',
    time: `${day}10:00:03Z`,
    source: 'okta.system',
    category: 'authentication',
    action: 'user.authentication.sso',
    outcome: 'failure',
    actor: 'okta:user:00u9',
    credential: 'okta:session:S9',
    srcIp: '203.0.113.9',
  },
  {
    name: 'E1',
    time: `${day}12:00:00Z`,
    source: 'entra.signin',
    category: 'authentication',
    action: 'Sign-in activity',
    actor: 'entra:user:bob@acme.example',
    issued: 'entra:token:U1',
    srcIp: '192.0.2.50',
  },
  saml('C1', '10:00:03', '198.51.100.7', 'aws:key:ASIAC1'),
  saml('C2', '10:00:04', '203.0.113.9', 'aws:key:ASIAC2'),
  saml('C3', '11:00:00', '198.51.100.7', 'aws:key:ASIAC3'),
  saml('C4', '11:59:58', '192.0.2.50', 'aws:key:ASIAC4'),
];

/**
 * Behind one NAT address, bob (session S4, 14:00:01) and carol (S5, 14:00:00) sign in to AWS.
 * The SAML subject of C5 (14:00:00) is Bob@acme.example, so it is bob's though carol's sign-in is
 * nearer; C6's (14:00:30) is dave@acme.example, whose sign-in is not in the bundle.
 */
const named: FixtureEvent[] = [
  sso('O4', '14:00:01', 'S4'),
  sso('O5', '14:00:00', 'S5'),
  saml('C5', '14:00:00', '198.51.100.7', 'aws:key:ASIAC5', 'Bob@acme.example'),
  saml('C6', '14:00:30', '198.51.100.7', 'aws:key:ASIAC6', 'dave@acme.example'),
];

async function namedCase(): Promise<CaseDb> {
  const c = await fixtureCase(named);
  await c.run(`UPDATE events SET actor_display = $n WHERE event_id = $e`, {
    n: 'bob@acme.example',
    e: eid('O4'),
  });
  await c.run(`UPDATE events SET actor_display = $n WHERE event_id = $e`, {
    n: 'carol@acme.example',
    e: eid('O5'),
  });
  return c;
}

describe('inferred links of sign-in sessions to the AWS sessions they federated into', () => {
  it('ties each SAML federation to the nearest sign-in from its address within the skew', async () => {
    db = await fixtureCase(events);
    await rebuildGraph(db);

    const rows = await inferredLinks(db, { kind: 'issued' });
    expect(rows.map((r) => [r.from_id, r.to_id, r.evidence])).toEqual([
      ['entra:token:U1', 'aws:key:ASIAC4', [eid('C4'), eid('E1')].sort()],
      ['okta:session:S1', 'aws:key:ASIAC1', [eid('C1'), eid('O1')].sort()],
    ]);
  });

  it('names the session, the address and the gap, and scores by the gap', async () => {
    db = await fixtureCase(events);
    await rebuildGraph(db);

    const rows = await inferredLinks(db, { kind: 'issued' });
    expect(rows[1]?.reason).toBe(
      'sign-in session okta:session:S1 (user.authentication.sso) from 198.51.100.7, 3 s before ' +
        'AssumeRoleWithSAML from the same address',
    );
    // 0.6 less 0.2 over the 300 s allowance: 0.6 - 0.2 * 3 / 300.
    expect(rows[1]?.score).toBeCloseTo(0.598, 6);
    expect(rows[0]?.reason).toContain('2 s after AssumeRoleWithSAML');
  });

  it('follows the clock-skew allowance set on the case', async () => {
    db = await fixtureCase(events);
    await db.run(`UPDATE meta SET value = '{"clockSkewSeconds":1}' WHERE key = 'settings'`);
    await rebuildGraph(db);

    expect(await inferredLinks(db, { kind: 'issued' })).toEqual([]);
  });

  it('prefers the sign-in of the SAML subject, and never takes one of another name', async () => {
    db = await namedCase();
    await rebuildGraph(db);

    const rows = await inferredLinks(db, { kind: 'issued' });
    expect(rows.map((r) => [r.from_id, r.to_id, r.evidence])).toEqual([
      ['okta:session:S4', 'aws:key:ASIAC5', [eid('C5'), eid('O4')].sort()],
    ]);
    // 0.6 - 0.2 * 1 / 300, and 0.2 for the name.
    expect(rows[0]?.score).toBeCloseTo(0.799333, 5);
    expect(rows[0]?.reason).toContain('for the same name, bob@acme.example');
  });
});
