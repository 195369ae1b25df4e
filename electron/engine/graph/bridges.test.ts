import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDb } from '../case/CaseDb.js';
import { agent, agentCase } from './agentFixture.js';
import { eid, fixtureCase } from './fixtureCase.js';
import { rebuildGraph } from './rebuildGraph.js';

const a = agent;

let db: CaseDb | undefined;
afterEach(() => db?.close());

interface Row {
  from_id: string;
  kind: string;
  to_id: string;
  proof: string;
  reason: string;
  evidence: string[];
}

async function linksAt(c: CaseDb, node: string): Promise<Row[]> {
  return c.all<Row>(
    `SELECT l.from_id, l.kind, l.to_id, l.proof, l.reason,
       list(le.event_id ORDER BY le.event_id) AS evidence
     FROM links l JOIN link_evidence le USING (link_id)
     WHERE l.from_id = $n OR l.to_id = $n
     GROUP BY ALL ORDER BY l.from_id, l.kind, l.to_id`,
    { n: node },
  );
}

const key = (r: Row) => `${r.from_id} ${r.kind} ${r.to_id}`;

describe('exact bridges between sources', () => {
  it('makes an IRSA web identity the service account its subject names, both ways, with what it issued', async () => {
    db = await agentCase();
    await rebuildGraph(db);

    const rows = (await linksAt(db, a.SA)).filter((r) => r.from_id !== a.ENTITY);
    // W1 names system:serviceaccount:agents:ops-copilot; the entity and token links come from
    // Vault and Kubernetes records and are left out of this list.
    expect(rows.filter((r) => r.evidence.includes(eid('W1'))).map(key)).toEqual(
      [
        `${a.IRSA} same_as ${a.SA}`,
        `${a.SA} assumed ${a.IRSA_ROLE}`,
        `${a.SA} issued ${a.IRSA_KEY}`,
        `${a.SA} issued ${a.IRSA_SESSION}`,
        `${a.SA} same_as ${a.IRSA}`,
      ].sort(),
    );
    for (const row of rows.filter((r) => r.evidence.includes(eid('W1')))) {
      expect(row.proof).toBe('exact');
      expect(row.evidence).toEqual([eid('W1')]);
    }
    const same = rows.find((r) => r.from_id === a.IRSA);
    expect(same?.reason).toContain('userIdentity.userName');
  });

  it('makes a GitHub Actions OIDC subject its repository', async () => {
    db = await agentCase();
    await rebuildGraph(db);

    expect((await linksAt(db, a.GH_REPO)).map(key)).toEqual(
      [
        `${a.GH} same_as ${a.GH_REPO}`,
        `${a.GH_REPO} assumed ${a.GH_ROLE}`,
        `${a.GH_REPO} issued ${a.GH_KEY}`,
        `${a.GH_REPO} same_as ${a.GH}`,
      ].sort(),
    );
  });

  it('reads a repo: subject as GitHub only where GitHub issued it', async () => {
    db = await fixtureCase([
      {
        name: 'other-idp',
        time: '2025-06-10T09:00:00Z',
        actor: 'aws:federated:gitlab.example.com:repo:acme/deployer:ref:main',
        issued: 'aws:key:ASIAGL',
      },
    ]);
    await rebuildGraph(db);

    expect(await linksAt(db, a.GH_REPO)).toEqual([]);
  });

  it('reads the subject of a GCP delegation hop', async () => {
    const principal =
      'gcp:principal:{"iss":"https://token.actions.githubusercontent.com","sub":"repo:acme/app:ref:refs/heads/main"}';
    const ci = 'gcp:sa:ci@demo-proj.iam.gserviceaccount.com';
    db = await fixtureCase(
      [{ name: 'g', time: '2026-05-04T11:00:00Z', source: 'gcp.audit', actor: ci }],
      [{ event: 'g', from: principal, to: ci, kind: 'delegated' }],
    );
    await rebuildGraph(db);

    expect((await linksAt(db, 'github:repo:acme/app')).map(key)).toEqual(
      [
        `${principal} same_as github:repo:acme/app`,
        `github:repo:acme/app delegated ${ci}`,
        `github:repo:acme/app same_as ${principal}`,
      ].sort(),
    );
  });

  it('gives a pod the address its audit records came from and the one its telemetry names', async () => {
    db = await agentCase();
    await rebuildGraph(db);

    const rows = await linksAt(db, a.POD);
    const address = rows.find((r) => r.kind === 'from_address');
    expect(address).toMatchObject({ from_id: a.POD, to_id: a.POD_IP, proof: 'exact' });
    expect(address?.evidence).toEqual([eid('A1'), eid('K1')].sort());
  });

  it('joins Entra key ids that differ only in letter case, with the records of both spellings', async () => {
    const upper = 'entra:cred:CE1D0000-0000-4000-8000-000000000001';
    const lower = 'entra:cred:ce1d0000-0000-4000-8000-000000000001';
    db = await fixtureCase([
      {
        name: 'added',
        time: '2024-03-05T09:00:00Z',
        source: 'entra.audit',
        actor: 'entra:sp:owner',
        issued: upper,
        category: 'credential_issue',
      },
      {
        name: 'signin',
        time: '2024-03-05T10:00:00Z',
        source: 'entra.signin',
        actor: 'entra:sp:app',
        credential: lower,
        category: 'authentication',
      },
    ]);
    await rebuildGraph(db);

    const rows = (await linksAt(db, upper)).filter((r) => r.kind === 'same_as');
    expect(rows.map(key)).toEqual([`${upper} same_as ${lower}`, `${lower} same_as ${upper}`]);
    expect(rows[0]?.evidence).toEqual([eid('added'), eid('signin')].sort());
  });
});
