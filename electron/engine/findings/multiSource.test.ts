import { describe, expect, it } from 'vitest';
import { multiSourceDir } from '../../../samples/generate.js';
import { useTempCase } from '../../../test/tempCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { ingest } from '../ingest/ingest.js';
import { listFindings } from './listFindings.js';
import { runFindings } from './runFindings.js';

/**
 * The findings samples/multi-source/EXPECTED.md ("Findings a responder should get", written by
 * hand from the scenario) asks of the sample bundle, checked by the records' own ids, and the
 * routine identities of "What must NOT join" on no finding's path.
 */

const K1 = 'aws:key:AKIAQ3EGRB5YK7DW2MNP';
const K3 = 'aws:key:AKIAU6ZN3HQ4BXW7TRE2';

const noise = [
  'agent:docs-helper',
  'k8s:sa:agents/docs-helper',
  'k8s:sa:payments/payments-api',
  'vault:entity:c2f84e6a-19d3-4b7c-8e05-a6d3f1b9e472',
  'k8s:sa:vault/vault-auth',
  'aws:key:AKIAUOFJMSXCJVGFKG3E',
  'aws:key:ASIADAPQS3ZQZHQNIGPV',
  'aws:service:glue.amazonaws.com',
  'aws:key:AKIALODIEGQZTFHWGZ5J',
];

describe('findings of the multi-source sample', () => {
  const tc = useTempCase({ perFile: true });

  /** Each finding of `ruleId` with the records' own ids (eventID, request.id) of its events. */
  async function recordsOf(ruleId: string) {
    const findings = await listFindings(tc.db, { ruleIds: [ruleId] });
    return Promise.all(
      findings.map(async (f) => {
        const rows = await tc.db.all<{ id: string }>(
          `SELECT coalesce(raw->>'$.eventID', raw->>'$.request.id', raw->>'$.auditID',
             raw->>'$.span.spanId') AS id
           FROM events WHERE list_contains($ids::JSON::TEXT[], event_id) ORDER BY time`,
          { ids: JSON.stringify(f.eventIds) },
        );
        return { ...f, records: rows.map((r) => r.id.slice(0, 8)) };
      }),
    );
  }

  it('finds what EXPECTED.md asks, by the records it names', async () => {
    await ingest(tc.db, [multiSourceDir]);
    await rebuildGraph(tc.db);
    await runFindings(tc.db);

    const workload = await recordsOf('long-lived-key-in-workload');
    expect(workload).toHaveLength(1);
    expect(workload[0]?.nodeIds.at(-1)).toBe(K1);
    expect(workload[0]?.records).toEqual(expect.arrayContaining(['6c1d85cc']));
    expect(workload[0]?.records.some((r) => ['569a01b2', '543bddcc'].includes(r))).toBe(true);

    const secret = await recordsOf('secret-read-then-used-elsewhere');
    expect(secret).toHaveLength(1);
    expect(secret[0]?.records).toEqual(['1e63846b', '6c1d85cc']);
    expect(secret[0]?.summary).toContain('21 s later aws:key:AKIAQ3EGRB5YK7DW2MNP');

    const chain = await recordsOf('role-chain');
    expect(chain).toHaveLength(1);
    expect(chain[0]?.nodeIds[0]).toBe(K1);
    expect(chain[0]?.summary).toContain('across accounts 111111111111 -> 222222222222');

    const agent = await recordsOf('agent-tool-to-privileged-action');
    expect(agent).toHaveLength(1);
    // EXPECTED.md: the CreateAccessKey (4da2e9ca) inside the aws_cli span, by the session (K2)
    // the same span's AssumeRole opened, and the Vault read of the deploy key (1e63846b) inside
    // the vault_read_secret span: a secret read is one of DESIGN's privileged actions. No other
    // read joins: no tool reaches payments-api's, and docs-helper's listing was denied.
    expect(agent[0]?.nodeIds).toEqual([
      'agent:ops-copilot',
      'tool:ops-copilot/aws_cli',
      'aws:key:ASIAT4NXQ2LMVRK7ZB3H',
      'aws:user:arn:aws:iam::222222222222:user/svc-sync',
    ]);
    expect(agent[0]?.records).toEqual(['1e63846b', '4da2e9ca']);
    expect(agent[0]?.severity).toBe('critical');
    expect(agent[0]?.technique).toBe('T1098.001');
    expect(agent[0]?.summary).toContain(
      'A secret was read: vault:path:secret/data/aws/deploy-key. The gravest, CreateAccessKey',
    );
    expect(agent[0]?.summary).toContain(
      'agent:ops-copilot called tool:ops-copilot/aws_cli, which acted as (inferred) aws:key:ASIAT4NXQ2LMVRK7ZB3H',
    );

    const fresh = await recordsOf('credential-new-address');
    const backdoor = fresh.find((f) => f.nodeIds.includes(K3));
    expect(backdoor?.nodeIds.at(-1)).toBe('ip:203.0.113.50');
    expect(backdoor?.records).toEqual(expect.arrayContaining(['8cc44db0', 'd89a7f8b', '4528fcf3']));
  });

  it('reports no burst for the three single denials, and no routine identity on a path', async () => {
    expect(await listFindings(tc.db, { ruleIds: ['denied-burst'] })).toEqual([]);
    const all = await listFindings(tc.db, {});
    for (const finding of all) {
      for (const node of noise) expect(finding.nodeIds).not.toContain(node);
    }
  });
});
