import { listValue } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestIn } from '../../../shared/contract.js';
import { requests } from '../../../shared/contract.js';
import type { CaseDb } from '../case/CaseDb.js';
import { chainCase, ids } from './chainFixture.js';
import { eid, fixtureCase } from './fixtureCase.js';
import { findPaths } from './paths.js';
import { rebuildGraph } from './rebuildGraph.js';

const { U, KA, K1, S, R, B, SEC, EARLY, SKEWED, S3, IP1, IP2, IP3 } = ids;

let db: CaseDb | undefined;
afterEach(() => db?.close());

function paths(c: CaseDb, request: RequestIn<'paths'>) {
  return findPaths(c, requests.paths.parse(request));
}

async function builtChain(): Promise<CaseDb> {
  db = await chainCase();
  await rebuildGraph(db);
  return db;
}

function keys(graph: { links: { from: string; kind: string; to: string }[] }): string[] {
  return graph.links.map((l) => `${l.from} ${l.kind} ${l.to}`).sort();
}

/** A chain of source links between made-up nodes, one event per hop at the given minute. */
async function hopsCase(hops: [string, string, number][]): Promise<CaseDb> {
  const events = hops.map(([, , minute], i) => ({
    name: `h${i}`,
    time: `2024-01-01T10:${String(minute).padStart(2, '0')}:00Z`,
  }));
  const links = hops.map(([from, to], i) => ({ event: `h${i}`, from, to, kind: 'delegated' }));
  db = await fixtureCase(events, links);
  await rebuildGraph(db);
  return db;
}

describe('findPaths', () => {
  it('follows forward only through evidence that respects time', async () => {
    const graph = await paths(await builtChain(), { from: KA, direction: 'forward' });

    expect(keys(graph)).toEqual(
      [
        `${KA} issued ${K1}`,
        `${KA} issued ${S}`,
        `${KA} assumed ${R}`,
        `${KA} from_address ${IP1}`,
        `${S} holds ${K1}`,
        `${K1} accessed ${B}`,
        `${K1} read_secret ${SEC}`,
        `${K1} from_address ${IP2}`,
        `${K1} accessed ${SKEWED}`,
        `${K1} from_address ${IP3}`,
        `${K1} accessed ${U}`,
        `${K1} accessed ${S3}`,
        // Not walked (reading Alice's user gives no power over her key), but between two
        // reached nodes: drawn as context.
        `${U} holds ${KA}`,
      ].sort(),
    );
    expect(graph.nodes.map((n) => n.id).sort()).toEqual(
      [KA, K1, S, R, IP1, B, SEC, IP2, SKEWED, IP3, U, S3].sort(),
    );
    expect(graph.nodes[0]?.id).toBe(KA);
    expect(graph.truncated).toBe(false);
  });

  it('does not reach a use 10 minutes before issuance but reaches one 2 minutes before', async () => {
    const graph = await paths(await builtChain(), { from: KA, direction: 'forward' });

    const reached = graph.nodes.map((n) => n.id);
    expect(reached).not.toContain(EARLY);
    expect(reached).toContain(SKEWED);
  });

  it('uses the clock skew set on the case', async () => {
    const c = await builtChain();
    await c.run(`UPDATE meta SET value = '{"clockSkewSeconds":60}' WHERE key = 'settings'`);

    const graph = await paths(c, { from: KA, direction: 'forward' });
    expect(graph.nodes.map((n) => n.id)).not.toContain(SKEWED);
  });

  it('walks backward to the identities that explain an access', async () => {
    const graph = await paths(await builtChain(), { from: B, direction: 'backward' });

    expect(keys(graph)).toEqual(
      [
        `${K1} accessed ${B}`,
        `${KA} issued ${K1}`,
        `${S} holds ${K1}`,
        `${U} holds ${KA}`,
        `${KA} issued ${S}`,
        // Not walked, but between two reached nodes: drawn as context.
        `${K1} accessed ${U}`,
      ].sort(),
    );
    expect(graph.nodes.map((n) => n.id).sort()).toEqual([B, K1, KA, S, U].sort());
  });

  it('joins both directions by default', async () => {
    const graph = await paths(await builtChain(), { from: K1 });

    expect(graph.direction).toBe('both');
    expect(keys(graph)).toEqual(
      [
        `${KA} issued ${K1}`,
        `${S} holds ${K1}`,
        `${U} holds ${KA}`,
        `${KA} issued ${S}`,
        `${K1} accessed ${B}`,
        `${K1} read_secret ${SEC}`,
        `${K1} from_address ${IP2}`,
        `${K1} accessed ${EARLY}`,
        `${K1} accessed ${SKEWED}`,
        `${K1} from_address ${IP3}`,
        `${K1} accessed ${U}`,
        `${K1} accessed ${S3}`,
      ].sort(),
    );
  });

  it('gives each node the kind and label the case stores for it, the start first', async () => {
    const c = await builtChain();
    const graph = await paths(c, { from: K1 });
    const stored = await c.all<{ id: string; kind: string; label: string }>(
      `SELECT node_id AS id, kind, label FROM nodes WHERE node_id IN (SELECT unnest($ids::VARCHAR[]))
       ORDER BY node_id <> $start, node_id`,
      { ids: listValue(graph.nodes.map((n) => n.id)), start: K1 },
    );
    expect(stored.map((n) => n.id)).toContain(S);
    expect(stored.find((n) => n.id === S)?.label).toBe('deploy/build-7');
    expect(graph.nodes).toEqual(stored);
  });

  it('lists each link evidence oldest first, cut at the limit, with the full count', async () => {
    const graph = await paths(await builtChain(), { from: S, direction: 'forward' });
    const holds = graph.links.find((l) => l.from === S && l.to === K1);
    const all = [eid('E1'), eid('E2'), ...[eid('E3'), eid('E3b')].sort(), eid('E6'), eid('E7')];
    expect(holds?.evidence).toEqual(all);
    expect(holds?.count).toBe(5);
    expect(holds?.first_time).toBe('2024-01-01T10:00:00.000000Z');
    expect(holds?.last_time).toBe('2024-01-01T10:20:00.000000Z');

    const cut = await paths(db as CaseDb, { from: S, direction: 'forward', evidenceLimit: 2 });
    const cutHolds = cut.links.find((l) => l.from === S && l.to === K1);
    expect(cutHolds?.evidence).toEqual([eid('E1'), eid('E2')]);
    expect(cutHolds?.evidence_count).toBe(6);
  });

  it('terminates on a cycle', async () => {
    const graph = await paths(
      await hopsCase([
        ['x:n:A', 'x:n:B', 0],
        ['x:n:B', 'x:n:A', 1],
      ]),
      { from: 'x:n:A', direction: 'both' },
    );

    expect(graph.nodes.map((n) => n.id).sort()).toEqual(['x:n:A', 'x:n:B']);
    expect(graph.links).toHaveLength(2);
    expect(graph.truncated).toBe(false);
  });

  it('stops at the depth limit and says so', async () => {
    const c = await hopsCase([
      ['x:n:A', 'x:n:B', 0],
      ['x:n:B', 'x:n:C', 1],
      ['x:n:C', 'x:n:D', 2],
    ]);

    const cut = await paths(c, { from: 'x:n:A', direction: 'forward', maxDepth: 2 });
    expect(cut.nodes.map((n) => n.id)).toEqual(['x:n:A', 'x:n:B', 'x:n:C']);
    expect(cut.truncated).toBe(true);

    const whole = await paths(c, { from: 'x:n:A', direction: 'forward', maxDepth: 3 });
    expect(whole.nodes).toHaveLength(4);
    expect(whole.truncated).toBe(false);
  });

  it('keeps the earliest hops when the node limit is reached', async () => {
    const c = await hopsCase([
      ['x:n:A', 'x:n:D', 3],
      ['x:n:A', 'x:n:B', 1],
      ['x:n:A', 'x:n:C', 2],
    ]);

    const graph = await paths(c, { from: 'x:n:A', direction: 'forward', maxNodes: 3 });
    expect(graph.nodes.map((n) => n.id)).toEqual(['x:n:A', 'x:n:B', 'x:n:C']);
    expect(graph.links).toHaveLength(2);
    expect(graph.truncated).toBe(true);
  });

  it('still takes a better time for a node it has when there is no room for new ones', async () => {
    // A reaches C at 10:10 and B at 10:40; C reaches B again at 10:20, which is better. Only from
    // B at 10:20 is B -> D (10:30) usable: the skew is five minutes. Three nodes fill the walk.
    const c = await hopsCase([
      ['x:n:A', 'x:n:C', 10],
      ['x:n:A', 'x:n:B', 40],
      ['x:n:C', 'x:n:B', 20],
      ['x:n:B', 'x:n:D', 30],
    ]);

    const full = await paths(c, { from: 'x:n:A', direction: 'forward', maxNodes: 3 });
    expect(full.nodes.map((n) => n.id)).toEqual(['x:n:A', 'x:n:B', 'x:n:C']);
    expect(full.links.map((l) => `${l.from} ${l.to}`).sort()).toEqual([
      'x:n:A x:n:B',
      'x:n:A x:n:C',
      'x:n:C x:n:B',
    ]);
    expect(full.truncated).toBe(true);

    const room = await paths(c, { from: 'x:n:A', direction: 'forward', maxNodes: 4 });
    expect(room.nodes.map((n) => n.id)).toEqual(['x:n:A', 'x:n:B', 'x:n:C', 'x:n:D']);
    expect(room.truncated).toBe(false);
  });

  it('draws the links between held nodes once the node limit has turned others away', async () => {
    // A reaches B, C and D at minutes 1, 2 and 3; three nodes fill the walk, so D is turned
    // away at the first level and the walk goes no further. B -> C (minute 5) joins two nodes
    // it holds, so it is drawn all the same.
    const c = await hopsCase([
      ['x:n:A', 'x:n:B', 1],
      ['x:n:A', 'x:n:C', 2],
      ['x:n:A', 'x:n:D', 3],
      ['x:n:B', 'x:n:C', 5],
    ]);
    const graph = await paths(c, { from: 'x:n:A', direction: 'forward', maxNodes: 3 });
    expect(graph.nodes.map((n) => n.id)).toEqual(['x:n:A', 'x:n:B', 'x:n:C']);
    expect(keys(graph)).toEqual([
      'x:n:A delegated x:n:B',
      'x:n:A delegated x:n:C',
      'x:n:B delegated x:n:C',
    ]);
    expect(graph.truncated).toBe(true);
  });

  it('lists the links by their first record, those between held nodes among the walked', async () => {
    // As above, with B -> C at minute 1: drawn though not walked, and first in time.
    const c = await hopsCase([
      ['x:n:A', 'x:n:B', 2],
      ['x:n:A', 'x:n:C', 3],
      ['x:n:A', 'x:n:D', 4],
      ['x:n:B', 'x:n:C', 1],
    ]);
    const graph = await paths(c, { from: 'x:n:A', direction: 'forward', maxNodes: 3 });
    expect(graph.links.map((l) => `${l.from} ${l.to} ${l.first_time}`)).toEqual([
      'x:n:B x:n:C 2024-01-01T10:01:00.000000Z',
      'x:n:A x:n:B 2024-01-01T10:02:00.000000Z',
      'x:n:A x:n:C 2024-01-01T10:03:00.000000Z',
    ]);
  });

  it('keeps the earliest of a wide fan-out, as many as there is room for', async () => {
    // A reaches N00..N39 at minutes 39 down to 0: N39 first. Ten nodes: A and N39..N31.
    const c = await hopsCase(
      Array.from({ length: 40 }, (_, i): [string, string, number] => [
        'x:n:A',
        `x:n:N${String(i).padStart(2, '0')}`,
        39 - i,
      ]),
    );
    const graph = await paths(c, { from: 'x:n:A', direction: 'forward', maxNodes: 10 });
    const expected = Array.from({ length: 9 }, (_, i) => `x:n:N${31 + i}`);
    expect(graph.nodes.map((n) => n.id)).toEqual(['x:n:A', ...expected]);
    expect(graph.links).toHaveLength(9);
    expect(graph.truncated).toBe(true);
  });

  // KA assumes role R at 10:00 (session S, key K1). At 11:00 Bob's key KB assumes the same role
  // (session SB, key K2) and K2 reads bucket B2. K1 reads Bob's user, which holds KB.
  const bob = 'aws:user:arn:aws:iam::111111111111:user/bob';
  const KB = 'aws:key:AKIABOB';
  const SB = 'aws:session:arn:aws:sts::111111111111:assumed-role/deploy/bob-1';
  const K2 = 'aws:key:ASIAK2';
  const B2 = 'aws:resource:arn:aws:s3:::bucket2';

  async function sharedRoleCase(): Promise<CaseDb> {
    db = await fixtureCase(
      [
        { name: 'A1', time: '2024-01-01T10:00:00Z', actor: U, credential: KA, issued: K1 },
        { name: 'A2', time: '2024-01-01T10:30:00Z', actor: S, credential: K1, target: bob },
        { name: 'B1', time: '2024-01-01T11:00:00Z', actor: bob, credential: KB, issued: K2 },
        { name: 'B2', time: '2024-01-01T11:05:00Z', actor: SB, credential: K2, target: B2 },
      ],
      [
        { event: 'A1', from: KA, to: R, kind: 'assumed' },
        { event: 'A1', from: R, to: S, kind: 'has_session' },
        { event: 'B1', from: KB, to: R, kind: 'assumed' },
        { event: 'B1', from: R, to: SB, kind: 'has_session' },
        { event: 'B1', from: SB, to: K2, kind: 'holds' },
      ],
    );
    await rebuildGraph(db);
    return db;
  }

  it('does not go on through a shared role or a resource that was only read', async () => {
    const graph = await paths(await sharedRoleCase(), { from: KA, direction: 'forward' });
    const reached = graph.nodes.map((n) => n.id);

    expect(reached).toEqual(expect.arrayContaining([K1, R, bob]));
    for (const other of [SB, KB, K2, B2]) expect(reached).not.toContain(other);
  });

  it('goes on through a role when the search starts at it', async () => {
    const graph = await paths(await sharedRoleCase(), { from: R, direction: 'forward' });

    expect(graph.nodes.map((n) => n.id)).toEqual(expect.arrayContaining([S, SB, K2, B2]));
  });

  it('counts the failed calls of a link, a call copied in two trails once', async () => {
    const graph = await paths(await builtChain(), { from: K1, direction: 'forward' });
    const read = graph.links.find((l) => l.kind === 'read_secret');
    const bucket = graph.links.find((l) => l.to === B);

    // E3 and E3b: one denied GetSecretValue (call C3) logged twice; E2 read the bucket.
    expect(read).toMatchObject({ count: 1, failures: 1, evidence_count: 2 });
    expect(bucket).toMatchObject({ count: 1, failures: 0 });
  });

  it('suggests the full id when given part of one', async () => {
    await expect(paths(await builtChain(), { from: 'akiaalice' })).rejects.toThrow(
      `did you mean ${KA}?`,
    );
  });

  it('refuses an unknown node with node_not_found', async () => {
    await expect(paths(await builtChain(), { from: 'aws:key:NOPE' })).rejects.toMatchObject({
      code: 'node_not_found',
    });
  });
});
