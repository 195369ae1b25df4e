import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDb } from '../case/CaseDb.js';
import { agent, agentCase } from './agentFixture.js';
import { eid } from './fixtureCase.js';
import { rebuildGraph } from './rebuildGraph.js';

const a = agent;

let db: CaseDb | undefined;
afterEach(() => db?.close());

interface Row {
  from_id: string;
  kind: string;
  to_id: string;
  reason: string;
  score: number;
  evidence: string[];
}

async function inferred(c: CaseDb): Promise<Row[]> {
  return c.all<Row>(
    `SELECT l.from_id, l.kind, l.to_id, l.reason, l.score,
       list(le.event_id ORDER BY le.event_id) AS evidence
     FROM links l JOIN link_evidence le USING (link_id)
     WHERE l.proof = 'inferred' GROUP BY ALL ORDER BY l.from_id, l.kind, l.to_id`,
  );
}

const sorted = (...names: string[]) => names.map(eid).sort();

describe('inferred links', () => {
  it('draws exactly the links the story suggests, each with the records on both sides', async () => {
    db = await agentCase();
    await rebuildGraph(db);

    // Written down from the story in agentFixture.ts: three records of the pod's address fall in
    // the tool span 10:00:05-10:00:07 plus 30 s (V1, V2 and C1; K1 is 65 s early, N3 38 s late),
    // AKIADEPLOY is first used 21 s after the read, and the flow F1 is 1 s from V1. N1's key is
    // first used 30 minutes after the read, AKIAOLD was in use before it, ASIACHAIN was issued.
    const rows = await inferred(db);
    expect(rows.map((r) => [r.from_id, r.kind, r.to_id, r.evidence])).toEqual([
      [a.TOOL, 'acted_as', a.DEPLOY, sorted('T1', 'C1')],
      [a.TOOL, 'acted_as', a.ENTITY, sorted('T1', 'V1')],
      [a.TOOL, 'acted_as', a.VTOKEN, sorted('T1', 'V2')],
      [a.ENTITY, 'connected', a.VAULT_IP, sorted('F1', 'V1')],
      [a.SECRET, 'holds', a.DEPLOY, sorted('V2', 'C1')],
    ]);
  });

  it('names the rule and the values in the reason, and scores below 1', async () => {
    db = await agentCase();
    await rebuildGraph(db);

    const rows = await inferred(db);
    const by = (to: string, kind: string) => rows.find((r) => r.to_id === to && r.kind === kind);
    expect(by(a.DEPLOY, 'holds')?.reason).toBe(
      'first use of aws:key:AKIADEPLOY came from 10.42.1.17, the address that read ' +
        'vault:path:secret/data/aws/deploy-key, 21 s after the read',
    );
    // 0.9 at the read, less 0.4 over the 600 s window: 0.9 - 0.4 * 21 / 600.
    expect(by(a.DEPLOY, 'holds')?.score).toBeCloseTo(0.886, 6);
    expect(by(a.ENTITY, 'acted_as')?.reason).toBe(
      'same source address 10.42.1.17 (pod agents/ops-copilot-6f7c9d-x2k4q) during the tool span ' +
        'execute_tool vault_read_secret',
    );
    // 10:00:27.5 is 20.5 s after the span ended at 10:00:07, rounded to 21.
    expect(by(a.DEPLOY, 'acted_as')?.reason).toContain('within 21 s after the tool span');
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
      `UPDATE meta SET value = '{"toolSpanMarginSeconds":5,"secretUseWindowSeconds":10,"flowWindowSeconds":0}'
       WHERE key = 'settings'`,
    );
    await rebuildGraph(db);

    // C1 is 20.5 s after the span and 21 s after the read: outside both; F1 is 1 s from V1.
    const rows = await inferred(db);
    expect(rows.map((r) => `${r.from_id} ${r.kind} ${r.to_id}`)).toEqual([
      `${a.TOOL} acted_as ${a.ENTITY}`,
      `${a.TOOL} acted_as ${a.VTOKEN}`,
    ]);
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
