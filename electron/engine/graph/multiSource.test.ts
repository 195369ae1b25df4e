import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { requests } from '../../../shared/contract.js';
import { repoRoot } from '../../../test/corpus.js';
import { useTempCase } from '../../../test/tempCase.js';
import { ingest } from '../ingest/ingest.js';
import { findPaths } from './paths.js';
import { rebuildGraph } from './rebuildGraph.js';

/**
 * The cross-source links and the path samples/multi-source/EXPECTED.md asks for ("Cross-source
 * links, expected once they exist" and "What must NOT join"), with the ids that page names.
 */

const temp = useTempCase({ perFile: true });

const agent = 'agent:ops-copilot';
const vaultTool = 'tool:ops-copilot/vault_read_secret';
const awsTool = 'tool:ops-copilot/aws_cli';
const entity = 'vault:entity:7e3a9c15-4b2d-4f8e-a6c0-d19b5e27f384';
const token =
  'vault:token:hmac-sha256:42728a5dffa042742c0545048318ae950f87b3e9577271fcf724d7bc45d79e54';
const secret = 'vault:path:secret/data/aws/deploy-key';
const k1 = 'aws:key:AKIAQ3EGRB5YK7DW2MNP';
const k2 = 'aws:key:ASIAT4NXQ2LMVRK7ZB3H';
const k3 = 'aws:key:AKIAU6ZN3HQ4BXW7TRE2';
const pod = 'k8s:pod:agents/ops-copilot-6f7c9d-x2k4q';
const object = 'aws:resource:arn:aws:s3:::acme-data-warehouse/exports/customers-2024-11.parquet';

beforeAll(async () => {
  await ingest(temp.db, [join(repoRoot, 'samples/multi-source')]);
  await rebuildGraph(temp.db);
}, 60_000);

async function inferred(): Promise<string[]> {
  const rows = await temp.db.all<{ k: string }>(
    `SELECT from_id || ' ' || kind || ' ' || to_id AS k FROM links
     WHERE proof = 'inferred' AND kind IN ('acted_as', 'holds') ORDER BY k`,
  );
  return rows.map((r) => r.k);
}

describe('the multi-source sample', () => {
  it('draws the inferred hops EXPECTED.md lists, and no other tool or secret hop', async () => {
    expect(await inferred()).toEqual(
      [
        `${vaultTool} acted_as ${entity}`,
        `${vaultTool} acted_as ${token}`,
        `${secret} holds ${k1}`,
        `${awsTool} acted_as ${k1}`,
        `${awsTool} acted_as ${k2}`,
        `tool:ops-copilot/k8s_list_pods acted_as k8s:token:JTI=5c7e9a1b-2d4f-4e6a-8b0c-d1e3f5a7b9c2`,
      ].sort(),
    );
  });

  it('ties the secret to K1 by the 20.9 s after the read, from the pod address', async () => {
    const row = await temp.db.one<{ reason: string }>(
      `SELECT reason FROM links WHERE from_id = $s AND to_id = $k`,
      { s: secret, k: k1 },
    );
    expect(row?.reason).toContain('from 10.42.1.17');
    expect(row?.reason).toContain('21 s after the read');
  });

  it('ties the tool spans to the records at the endpoints their HTTP spans called', async () => {
    // EXPECTED.md, hops 5 to 10: each record's path or host is the one its HTTP span called.
    const rows = await temp.db.all<{ k: string; reason: string; score: number }>(
      `SELECT from_id || ' ' || to_id AS k, reason, score FROM links
       WHERE proof = 'inferred' AND kind = 'acted_as' ORDER BY k`,
    );
    const by = (from: string, to: string) => rows.find((r) => r.k === `${from} ${to}`);
    expect(by(vaultTool, token)?.reason).toContain(
      'called https://vault.internal:8200/v1/secret/data/aws/deploy-key',
    );
    expect(by(vaultTool, entity)?.reason).toContain(
      'called https://vault.internal:8200/v1/auth/kubernetes/login',
    );
    expect(by(awsTool, k1)?.reason).toContain('called https://sts.us-east-1.amazonaws.com/');
    expect(by(awsTool, k2)?.reason).toContain('called https://iam.amazonaws.com/');
    for (const row of rows) expect(row.score).toBe(0.85);
  });

  it('ties flow lines 10 and 12 to the Vault login and read by their source ports', async () => {
    // EXPECTED.md, hop 6: srcport 52814 and 52820 are the login's and the read's remote_port.
    const rows = await temp.db.all<{ from_id: string; score: number; reason: string; n: string }>(
      `SELECT l.from_id, l.score, l.reason, list(e.record_no ORDER BY e.record_no)::VARCHAR AS n
       FROM links l JOIN link_evidence le USING (link_id) JOIN events e USING (event_id)
       WHERE l.proof = 'inferred' AND l.kind = 'connected' AND l.to_id = 'ip:10.0.5.10'
         AND e.source = 'aws.vpcflow'
       GROUP BY ALL ORDER BY l.from_id`,
    );
    expect(rows.map((r) => [r.from_id, r.score, r.n])).toEqual([
      [entity, 0.8, '[10]'],
      [token, 0.8, '[12]'],
    ]);
    expect(rows[0]?.reason).toContain('from 10.42.1.17:52814 (address and source port matched)');
  });

  it("draws no identity behind Vault's and the pod's answers (lines 11, 13 and 5)", async () => {
    // EXPECTED.md, "What must NOT join": Vault's reviewer logs from 10.0.5.10, the address Vault
    // answers the pod from; the pod answers the kubelet's readiness probe from 10.42.1.17:8080.
    const rows = await temp.db.all<{ k: string }>(
      `SELECT from_id || ' ' || to_id AS k FROM links
       WHERE proof = 'inferred' AND kind = 'connected'
         AND (from_id = 'k8s:sa:vault/vault-auth' OR to_id = 'ip:10.0.1.8')`,
    );
    expect(rows).toEqual([]);
  });

  it('draws the pod exactly to its address and service account', async () => {
    const rows = await temp.db.all<{ k: string }>(
      `SELECT kind || ' ' || to_id AS k FROM links
       WHERE from_id = $p AND proof = 'exact' AND kind IN ('from_address', 'assumed') ORDER BY k`,
      { p: pod },
    );
    expect(rows.map((r) => r.k)).toEqual([
      'assumed k8s:sa:agents/ops-copilot',
      'from_address ip:10.42.1.17',
    ]);
  });

  it('runs one path from the agent to the object through Vault, K1, K2 and K3', async () => {
    const graph = await findPaths(temp.db, requests.paths.parse({ from: agent, to: object }));
    const nodes = graph.nodes.map((n) => n.id);

    for (const node of [vaultTool, token, secret, k1, k2, k3, object])
      expect(nodes).toContain(node);
    const keys = graph.links.map((l) => `${l.from} ${l.kind} ${l.to}`);
    expect(keys).toContain(`${token} read_secret ${secret}`);
    expect(keys).toContain(`${secret} holds ${k1}`);
    expect(keys).toContain(`${k2} issued ${k3}`);
    expect(keys).toContain(`${k3} accessed ${object}`);
  });

  it('keeps what must not join off that path', async () => {
    const graph = await findPaths(temp.db, requests.paths.parse({ from: agent, to: object }));
    const nodes = graph.nodes.map((n) => n.id).join('\n');

    for (const other of [
      'docs-helper',
      'payments',
      'vault-auth',
      'coredns',
      'alice',
      'AKIAUOFJMSXCJVGFKG3E',
      'ASIADAPQS3ZQZHQNIGPV',
      'ASIAHJIPMD7GJDWMY3IR',
      'AKIALODIEGQZTFHWGZ5J',
      'system:node',
    ]) {
      expect(nodes).not.toContain(other);
    }
  });

  it('finds no path from the agent to the object over exact links only', async () => {
    const graph = await findPaths(
      temp.db,
      requests.paths.parse({ from: agent, to: object, exactOnly: true }),
    );
    expect(graph.links).toEqual([]);
  });
});
