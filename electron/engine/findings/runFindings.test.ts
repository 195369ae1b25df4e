import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cloudtrailFixtures } from '../../../test/corpus.js';
import type { CaseDb } from '../case/CaseDb.js';
import { dispatch } from '../dispatch.js';
import { Engine } from '../Engine.js';
import { findingsCase, findingsOf, type FindingEvent } from './findingsFixture.js';
import type { FindingRule } from './rule.js';
import { deniedBurst } from './rules/deniedBurst.js';
import { fillSummary, findingsStale, runFindings } from './runFindings.js';

let db: CaseDb | undefined;
afterEach(() => db?.close());

describe('summaries', () => {
  it('fills each placeholder and keeps log content to one short line', () => {
    const summary = fillSummary('{who} did {what} ({missing}, {absent})', {
      who: 'key\n=cmd|x',
      what: 'x'.repeat(400),
      missing: null,
    });

    expect(summary).toBe(`key =cmd|x did ${'x'.repeat(299)}… (unknown, {absent})`);
  });
});

describe('the findings runner', () => {
  const burst = (count: number): FindingEvent[] =>
    Array.from({ length: count }, (_, i) => ({
      name: `f${i}`,
      time: new Date(Date.UTC(2024, 0, 1, 10, 0, i)).toISOString(),
      credential: 'aws:key:ASIAENUM',
      outcome: 'failure',
    }));

  it('keeps a finding id when the case is built again with more evidence', async () => {
    db = await findingsCase(burst(10));
    const before = await findingsOf(db, [deniedBurst]);
    db.close();
    db = await findingsCase(burst(14));
    const after = await findingsOf(db, [deniedBurst]);

    expect(before).toHaveLength(1);
    expect(after.map((f) => f.finding_id)).toEqual(before.map((f) => f.finding_id));
    expect(after[0]?.event_ids).toHaveLength(14);
  });

  it('leaves the previous findings in place when a rule fails', async () => {
    db = await findingsCase(burst(10));
    await runFindings(db, [deniedBurst]);
    const broken: FindingRule = {
      ...deniedBurst,
      id: 'broken',
      sql: 'SELECT * FROM no_such_table',
    };

    await expect(runFindings(db, [deniedBurst, broken])).rejects.toThrow(/no_such_table/);
    const rows = await db.all<{ rule_id: string }>('SELECT rule_id FROM findings');
    expect(rows).toEqual([{ rule_id: 'denied-burst' }]);
    expect(await findingsStale(db, [deniedBurst])).toBe(false);
    expect(await findingsStale(db, [deniedBurst, broken])).toBe(true);
  });

  it('rebuilds the findings of a case whose rules had an older revision', async () => {
    db = await findingsCase(burst(10));
    await runFindings(db, [deniedBurst]);
    // A case written before revision 2 recorded the rule ids alone.
    await db.run(`UPDATE meta SET value = 'denied-burst' WHERE key = 'findings_rules'`);

    expect(await findingsStale(db, [deniedBurst])).toBe(true);
  });
});

describe('findings of real trails', () => {
  let dir: string;
  const engine = new Engine();
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keytrail-findings-'));
    await dispatch(engine, 'openCase', { path: join(dir, 'real.keytrail.duckdb') });
    const added = await dispatch(engine, 'addEvidence', {
      paths: [
        join(
          cloudtrailFixtures,
          'stratus-red-team/aws.credential-access.ec2-get-password-data.json',
        ),
        join(cloudtrailFixtures, 'otrf_ec2_proxy_s3_exfiltration_2020-09-14011940.json'),
      ],
    });
    expect(added.ok).toBe(true);
  });
  afterAll(async () => {
    engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("finds Stratus' GetPasswordData brute force as one burst of 30 denied calls", async () => {
    // The detonation file holds 30 GetPasswordData records by ASIANQQHHS551LWULIWD between
    // 21:31:16 and 21:31:21, every one Client.UnauthorizedOperation, each its own eventID.
    const result = await dispatch(engine, 'findings', { ruleIds: ['denied-burst'] });

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toHaveLength(1);
    expect(result.value[0]).toMatchObject({
      ruleId: 'denied-burst',
      severity: 'medium',
      technique: 'T1580',
      firstTime: '2024-07-30T21:31:16.000000Z',
      lastTime: '2024-07-30T21:31:21.000000Z',
    });
    expect(result.value[0]?.nodeIds[0]).toBe('aws:key:ASIANQQHHS551LWULIWD');
    expect(result.value[0]?.eventIds).toHaveLength(30);
    expect(result.value[0]?.summary).toContain('30 failed calls');
  });

  it("takes an instance key's first use, not EC2's issuing record, as where it belongs", async () => {
    // OTRF: EC2 issued ASIA5FLZVX4OPVKKVBMX (AssumeRole, user agent ec2.amazonaws.com); all 11 uses
    // came from 1.2.3.4 with one aws-cli on Darwin. EC2 stands elsewhere than the instance will,
    // so that is no new address or agent. ASIA5FLZVX4OI4ZDQJOL, never seen issued, showed the
    // console's agent (console.ec2.amazonaws.com) first and EC2ConsoleFrontend later: low.
    const result = await dispatch(engine, 'findings', { ruleIds: ['credential-new-address'] });

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.map((f) => [f.nodeIds, f.severity])).toEqual([
      [['aws:key:ASIA5FLZVX4OI4ZDQJOL'], 'low'],
    ]);
    expect(result.value[0]?.summary).toContain(
      '(address 1.2.3.4, user agent console.ec2.amazonaws.com)',
    );
  });

  it('lists nothing for a rule it does not know', async () => {
    expect(await dispatch(engine, 'findings', { ruleIds: ['no-such-rule'] })).toEqual({
      ok: true,
      value: [],
    });
  });
});
