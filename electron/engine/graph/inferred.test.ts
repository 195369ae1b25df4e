import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDb } from '../case/CaseDb.js';
import { agent, agentCase } from './agentFixture.js';
import { eid, inferredLinks } from './fixtureCase.js';
import { rebuildGraph } from './rebuildGraph.js';

const a = agent;

let db: CaseDb | undefined;
afterEach(() => db?.close());

const sorted = (...names: string[]) => names.map(eid).sort();

describe('inferred links', () => {
  it('draws exactly the links the story suggests, each with the records on both sides', async () => {
    db = await agentCase();
    await rebuildGraph(db);

    // Written down from the story in agentFixture.ts: two records of the pod's address fall in
    // the tool span 10:00:05-10:00:07 give or take 2 s (V1 and V2; K1 is 65 s early, C1 20.5 s
    // late), AKIADEPLOY is first used from the reader's address 21 s after the read, and the flow
    // F1 is 1 s from V1. N1's key is first used 30 minutes after the read, AKIAOLD was used from
    // the pod's address at 08:00 already, ASIACHAIN was issued.
    const rows = await inferredLinks(db);
    expect(rows.map((r) => [r.from_id, r.kind, r.to_id, r.evidence])).toEqual([
      [a.TOOL, 'acted_as', a.ENTITY, sorted('T1', 'V1')],
      [a.TOOL, 'acted_as', a.VTOKEN, sorted('T1', 'V2')],
      [a.ENTITY, 'connected', a.VAULT_IP, sorted('F1', 'V1')],
      [a.SECRET, 'holds', a.DEPLOY, sorted('V2', 'C1')],
    ]);
  });

  it('names the rule and the values in the reason, and scores below 1', async () => {
    db = await agentCase();
    await rebuildGraph(db);

    const rows = await inferredLinks(db);
    const by = (to: string, kind: string) => rows.find((r) => r.to_id === to && r.kind === kind);
    expect(by(a.DEPLOY, 'holds')?.reason).toBe(
      'first use of aws:key:AKIADEPLOY from 10.42.1.17, the address that read ' +
        'vault:path:secret/data/aws/deploy-key, 21 s after the read',
    );
    // 0.9 at the read, less 0.4 over the 600 s window: 0.9 - 0.4 * 21 / 600.
    expect(by(a.DEPLOY, 'holds')?.score).toBeCloseTo(0.886, 6);
    expect(by(a.ENTITY, 'acted_as')?.reason).toBe(
      'same source address 10.42.1.17 (pod agents/ops-copilot-6f7c9d-x2k4q) during the tool span ' +
        'execute_tool vault_read_secret',
    );
    expect(by(a.VAULT_IP, 'connected')?.reason).toBe(
      'flow from 10.42.1.17 to 10.0.5.10 within 1 s of a record of vault:entity:e-ops from 10.42.1.17',
    );
    for (const row of rows) {
      expect(row.score).toBeGreaterThan(0);
      expect(row.score).toBeLessThan(1);
    }
  });

  it('follows the windows set on the case', async () => {
    db = await agentCase();
    await db.run(
      `UPDATE meta SET value = '{"toolSpanMarginSeconds":25,"secretUseWindowSeconds":10,"flowWindowSeconds":0}'
       WHERE key = 'settings'`,
    );
    await rebuildGraph(db);

    // C1 is 20.5 s after the span (inside 25 s) and 21 s after the read (outside 10 s); N3 is
    // 38 s after the span; F1 is 1 s from V1.
    const rows = await inferredLinks(db);
    expect(rows.map((r) => `${r.from_id} ${r.kind} ${r.to_id}`)).toEqual([
      `${a.TOOL} acted_as ${a.DEPLOY}`,
      `${a.TOOL} acted_as ${a.ENTITY}`,
      `${a.TOOL} acted_as ${a.VTOKEN}`,
    ]);
    // 10:00:27.5 is 20.5 s after the span ended at 10:00:07, rounded to 21.
    expect(rows[0]?.reason).toContain('within 21 s after the tool span');
    expect(rows[0]?.score).toBe(0.5);
  });

  it('keeps a link that only inference shows inferred', async () => {
    db = await agentCase();
    await rebuildGraph(db);

    const rows = await db.all<{ proof: string }>(
      `SELECT proof FROM links WHERE from_id = $f AND to_id = $t`,
      { f: a.SECRET, t: a.DEPLOY },
    );
    expect(rows).toEqual([{ proof: 'inferred' }]);
  });
});
