import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDb } from '../case/CaseDb.js';
import { eid, fixtureCase, inferredLinks, type FixtureEvent } from './fixtureCase.js';
import { rebuildGraph } from './rebuildGraph.js';

let db: CaseDb | undefined;
afterEach(() => db?.close());

const AGENT = 'agent:copilot';
const TOOL = 'tool:copilot/ops';
const POD = 'k8s:pod:agents/copilot-1';
const day = '2025-06-10T';
const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });

const httpSpan = (name: string, time: string, url: string, host: string): FixtureEvent => ({
  name,
  time: `${day}${time}Z`,
  source: 'otel.span',
  action: 'GET',
  actor: TOOL,
  target: `endpoint:${host}`,
  raw: { span: { attributes: [attr('url.full', url), attr('server.address', host)] } },
});

/**
 * The tool span T1 (10:00:00 to 10:00:10) of an agent on a pod at 10.42.1.17 has three HTTP
 * client spans: H1 reads https://vault.internal:8200/v1/secret/data/app, H2 posts to
 * https://sts.us-east-1.amazonaws.com/, H3 reads /v1/team-a/kv/data/x. From the pod's address
 * during the span come five records: R1, Vault's read of secret/data/app (H1's path); R2, a Vault
 * token renewal no HTTP span called; R3, a read of kv/data/x in Vault namespace team-a/ (H3's);
 * C1, a CloudTrail GetCallerIdentity at sts.amazonaws.com (H2's host, no TLS details); C2, an S3
 * call no HTTP span called.
 */
const events: FixtureEvent[] = [
  { name: 'A1', time: `${day}09:59:59Z`, source: 'otel.span', category: 'agent_run', actor: AGENT },
  {
    name: 'T1',
    time: `${day}10:00:00Z`,
    source: 'otel.span',
    category: 'tool_call',
    action: 'execute_tool ops',
    actor: AGENT,
    target: TOOL,
    // 2025-06-10T10:00:10Z in nanoseconds.
    raw: { span: { endTimeUnixNano: '1749549610000000000' } },
  },
  httpSpan(
    'H1',
    '10:00:01',
    'https://vault.internal:8200/v1/secret/data/app?version=2',
    'vault.internal',
  ),
  httpSpan('H2', '10:00:05', 'https://sts.us-east-1.amazonaws.com/', 'sts.us-east-1.amazonaws.com'),
  httpSpan('H3', '10:00:08', 'https://vault.internal:8200/v1/team-a/kv/data/x', 'vault.internal'),
  {
    name: 'R1',
    time: `${day}10:00:01.1Z`,
    source: 'vault.audit',
    category: 'secret_read',
    action: 'read',
    credential: 'vault:token:t-read',
    target: 'vault:path:secret/data/app',
    srcIp: '10.42.1.17',
    raw: { request: { path: 'secret/data/app' } },
  },
  {
    name: 'R2',
    time: `${day}10:00:02Z`,
    source: 'vault.audit',
    action: 'update',
    credential: 'vault:token:t-renew',
    srcIp: '10.42.1.17',
    raw: { request: { path: 'auth/token/renew-self' } },
  },
  {
    name: 'R3',
    time: `${day}10:00:08Z`,
    source: 'vault.audit',
    category: 'secret_read',
    action: 'read',
    credential: 'vault:token:t-team',
    target: 'vault:path:team-a/kv/data/x',
    srcIp: '10.42.1.17',
    raw: { request: { path: 'kv/data/x', namespace: { id: 'n1', path: 'team-a/' } } },
  },
  {
    name: 'C1',
    time: `${day}10:00:05Z`,
    credential: 'aws:key:AKIASTS',
    srcIp: '10.42.1.17',
    raw: { eventSource: 'sts.amazonaws.com' },
  },
  {
    name: 'C2',
    time: `${day}10:00:06Z`,
    credential: 'aws:key:AKIAS3',
    srcIp: '10.42.1.17',
    raw: { eventSource: 's3.amazonaws.com' },
  },
];

async function withSpans(): Promise<CaseDb> {
  const c = await fixtureCase(events, [
    { event: 'A1', from: AGENT, to: POD, kind: 'runs_on' },
    { event: 'A1', from: POD, to: 'ip:10.42.1.17', kind: 'from_address' },
    { event: 'T1', from: AGENT, to: TOOL, kind: 'called_tool' },
  ]);
  // The HTTP spans are children of the tool span, in its trace.
  await c.run(`UPDATE events SET trace_id = 'tr1', span_id = 's-' || event_id`);
  await c.run(`UPDATE events SET parent_span_id = 's-' || $t WHERE event_id IN ($h1, $h2, $h3)`, {
    t: eid('T1'),
    h1: eid('H1'),
    h2: eid('H2'),
    h3: eid('H3'),
  });
  return c;
}

describe('inferred links of tool spans to the endpoints they called', () => {
  it('scores a record at an endpoint the tool called above one merely at its address', async () => {
    db = await withSpans();
    await rebuildGraph(db);

    const rows = await inferredLinks(db, { kind: 'acted_as', by: 'to' });
    expect(rows.map((r) => [r.to_id, r.score])).toEqual([
      ['aws:key:AKIAS3', 0.7],
      ['aws:key:AKIASTS', 0.85],
      ['vault:token:t-read', 0.85],
      ['vault:token:t-renew', 0.7],
      ['vault:token:t-team', 0.85],
    ]);
  });

  it('names the URL and the field it matched, and adds the HTTP span to the evidence', async () => {
    db = await withSpans();
    await rebuildGraph(db);

    const rows = await inferredLinks(db, { kind: 'acted_as', by: 'to' });
    const by = (to: string) => rows.find((r) => r.to_id === to);
    expect(by('vault:token:t-read')?.reason).toBe(
      'same source address 10.42.1.17 (pod agents/copilot-1) during the tool span execute_tool ops, ' +
        'whose HTTP span called https://vault.internal:8200/v1/secret/data/app?version=2 ' +
        "(matching the record's request.path after /v1/)",
    );
    expect(by('vault:token:t-read')?.evidence).toEqual([eid('T1'), eid('H1'), eid('R1')].sort());
    expect(by('aws:key:AKIASTS')?.reason).toContain('called https://sts.us-east-1.amazonaws.com/');
    expect(by('aws:key:AKIASTS')?.evidence).toEqual([eid('T1'), eid('H2'), eid('C1')].sort());
    expect(by('vault:token:t-renew')?.reason).not.toContain('HTTP span');
    expect(by('vault:token:t-renew')?.evidence).toEqual([eid('T1'), eid('R2')].sort());
  });
});
