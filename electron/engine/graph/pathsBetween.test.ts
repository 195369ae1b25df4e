import { afterEach, describe, expect, it } from 'vitest';
import type { RequestIn } from '../../../shared/contract.js';
import { requests } from '../../../shared/contract.js';
import type { CaseDb } from '../case/CaseDb.js';
import { agent, agentCase } from './agentFixture.js';
import { findPaths } from './paths.js';
import { rebuildGraph } from './rebuildGraph.js';

const a = agent;

let db: CaseDb | undefined;
afterEach(() => db?.close());

async function built(settings?: string): Promise<CaseDb> {
  db = await agentCase();
  if (settings) await db.run(`UPDATE meta SET value = $s WHERE key = 'settings'`, { s: settings });
  await rebuildGraph(db);
  return db;
}

function paths(c: CaseDb, request: RequestIn<'paths'>) {
  return findPaths(c, requests.paths.parse(request));
}

const keys = (graph: { links: { from: string; kind: string; to: string }[] }) =>
  graph.links.map((l) => `${l.from} ${l.kind} ${l.to}`).sort();

describe('findPaths between two nodes', () => {
  it('finds the agent-to-object chain through the tool span and the secret', async () => {
    // A 10 s skew keeps the IRSA detour out: it would step back from 10:01:00 to 10:00:06.
    const c = await built('{"clockSkewSeconds":10}');
    const graph = await paths(c, { from: a.AGENT, to: a.LOOT });

    // Written down from the story: agent -> tool -> (Vault entity ->) token -> secret -> deploy
    // key -> admin session -> chain key -> backdoor key -> object; the tool also acted as the
    // entity, the token and the deploy key; the service account is the entity under another name.
    expect(graph.nodes.map((n) => n.id).sort()).toEqual(
      [
        a.AGENT,
        a.TOOL,
        a.ENTITY,
        a.SA,
        a.VTOKEN,
        a.SECRET,
        a.DEPLOY,
        a.SESSION,
        a.CHAIN,
        a.BACKDOOR,
        a.LOOT,
      ].sort(),
    );
    expect(keys(graph)).toEqual(
      [
        `${a.AGENT} called_tool ${a.TOOL}`,
        `${a.TOOL} acted_as ${a.ENTITY}`,
        `${a.TOOL} acted_as ${a.VTOKEN}`,
        `${a.TOOL} acted_as ${a.DEPLOY}`,
        `${a.ENTITY} holds ${a.VTOKEN}`,
        `${a.ENTITY} issued ${a.VTOKEN}`,
        `${a.ENTITY} same_as ${a.SA}`,
        `${a.SA} same_as ${a.ENTITY}`,
        `${a.VTOKEN} read_secret ${a.SECRET}`,
        `${a.SECRET} holds ${a.DEPLOY}`,
        `${a.DEPLOY} issued ${a.SESSION}`,
        `${a.DEPLOY} issued ${a.CHAIN}`,
        `${a.SESSION} holds ${a.CHAIN}`,
        `${a.CHAIN} issued ${a.BACKDOOR}`,
        `${a.BACKDOOR} accessed ${a.LOOT}`,
      ].sort(),
    );
    expect(graph).toMatchObject({ start: a.AGENT, end: a.LOOT, exactOnly: false });
    const secret = graph.links.find((l) => l.from === a.SECRET);
    expect(secret).toMatchObject({ proof: 'inferred', evidence_count: 2 });
  });

  it('takes the IRSA detour within the default 5-minute skew', async () => {
    const graph = await paths(await built(), { from: a.AGENT, to: a.LOOT });

    expect(graph.nodes.map((n) => n.id)).toContain(a.IRSA);
    expect(graph.nodes.map((n) => n.id)).not.toContain(a.IRSA_KEY);
  });

  it('finds nothing between the agent and the object over exact links only', async () => {
    const graph = await paths(await built(), { from: a.AGENT, to: a.LOOT, exactOnly: true });

    expect(graph.nodes.map((n) => n.id).sort()).toEqual([a.AGENT, a.LOOT].sort());
    expect(graph.links).toEqual([]);
  });

  it('refuses an unknown end node with node_not_found', async () => {
    await expect(
      paths(await built(), { from: a.AGENT, to: 'aws:key:AKIANOSUCH' }),
    ).rejects.toMatchObject({ code: 'node_not_found' });
  });
});

describe('findPaths over exact links only', () => {
  it('stops at the secret where the key it held is only inferred', async () => {
    const c = await built();
    const all = await paths(c, { from: a.SA, direction: 'forward' });
    const exact = await paths(c, { from: a.SA, direction: 'forward', exactOnly: true });

    expect(all.nodes.map((n) => n.id)).toContain(a.DEPLOY);
    expect(exact.nodes.map((n) => n.id)).toContain(a.SECRET);
    expect(exact.nodes.map((n) => n.id)).not.toContain(a.DEPLOY);
    expect(exact.links.filter((l) => l.proof !== 'exact')).toEqual([]);
    expect(exact.exactOnly).toBe(true);
  });
});
