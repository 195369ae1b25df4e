import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDb } from '../case/CaseDb.js';
import { eid, lid } from '../graph/fixtureCase.js';
import { findingsCase, findingsOf, type FindingEvent } from './findingsFixture.js';
import { agentToPrivileged } from './rules/agentToPrivileged.js';
import { deniedBurst } from './rules/deniedBurst.js';
import { roleChain } from './rules/roleChain.js';

let db: CaseDb | undefined;
afterEach(() => db?.close());

const ids = (...names: string[]) => names.map(eid);
const role = (account: string, name: string) => `aws:role:arn:aws:iam::${account}:role/${name}`;
const session = (account: string, name: string) =>
  `aws:session:arn:aws:sts::${account}:assumed-role/${name}/s`;

describe('role chains', () => {
  /** One AssumeRole hop: `from` assumes `to` in `account` at `time`, getting key `key`. */
  function hop(
    name: string,
    time: string,
    from: string,
    actor: string,
    account: string,
    to: string,
    key: string,
  ): FindingEvent {
    return {
      name,
      time,
      actor,
      credential: from,
      issued: key,
      target: role(account, to),
      category: 'credential_issue',
      action: 'AssumeRole',
    };
  }
  const ci = 'aws:user:arn:aws:iam::111111111111:user/ci';
  const events = [
    hop('a1', '2024-01-01T10:00:00Z', 'aws:key:AKIACI', ci, '111111111111', 'r1', 'aws:key:ASIA1'),
    hop(
      'a2',
      '2024-01-01T10:01:00Z',
      'aws:key:ASIA1',
      session('111111111111', 'r1'),
      '111111111111',
      'r2',
      'aws:key:ASIA2',
    ),
    hop(
      'a3',
      '2024-01-01T10:02:00Z',
      'aws:key:ASIA2',
      session('111111111111', 'r2'),
      '111111111111',
      'r3',
      'aws:key:ASIA3',
    ),
    hop(
      'b1',
      '2024-01-01T11:00:00Z',
      'aws:key:AKIAX',
      ci,
      '222222222222',
      'remote',
      'aws:key:ASIAB',
    ),
    hop('c1', '2024-01-01T12:00:00Z', 'aws:key:AKIAC', ci, '111111111111', 'r1', 'aws:key:ASIAC'),
  ];
  const links = [
    { event: 'a1', from: session('111111111111', 'r1'), to: 'aws:key:ASIA1', kind: 'holds' },
    { event: 'a2', from: session('111111111111', 'r2'), to: 'aws:key:ASIA2', kind: 'holds' },
    { event: 'a3', from: session('111111111111', 'r3'), to: 'aws:key:ASIA3', kind: 'holds' },
  ];

  it('reports a chain of three hops and a hop into another account, not a single hop at home', async () => {
    db = await findingsCase(events, links);

    const found = await findingsOf(db, [roleChain]);

    expect(found).toHaveLength(2);
    expect(found[0]).toMatchObject({
      severity: 'medium',
      summary:
        'Role chain of 3 hops from aws:key:AKIACI: arn:aws:iam::111111111111:role/r1 -> arn:aws:iam::111111111111:role/r2 -> arn:aws:iam::111111111111:role/r3.',
      first_time: '2024-01-01T10:00:00Z',
      last_time: '2024-01-01T10:02:00Z',
      node_ids: [
        'aws:key:AKIACI',
        role('111111111111', 'r1'),
        session('111111111111', 'r1'),
        'aws:key:ASIA1',
        role('111111111111', 'r2'),
        session('111111111111', 'r2'),
        'aws:key:ASIA2',
        role('111111111111', 'r3'),
        session('111111111111', 'r3'),
        'aws:key:ASIA3',
      ],
      event_ids: ids('a1', 'a2', 'a3'),
    });
    expect(found[0]?.link_ids).toContain(
      lid('aws:key:ASIA1', 'accessed', role('111111111111', 'r2')),
    );
    expect(found[0]?.link_ids).toContain(
      lid(session('111111111111', 'r2'), 'holds', 'aws:key:ASIA2'),
    );
    expect(found[1]).toMatchObject({
      severity: 'high',
      summary:
        'Role chain of 1 hop from aws:key:AKIAX: arn:aws:iam::222222222222:role/remote, across accounts 111111111111 -> 222222222222.',
      node_ids: ['aws:key:AKIAX', role('222222222222', 'remote'), 'aws:key:ASIAB'],
      event_ids: ids('b1'),
    });
  });

  it('does not follow a hop made with a key before the key was issued', async () => {
    const late = [...events];
    late[1] = { ...(late[1] as FindingEvent), time: '2024-01-01T09:00:00Z' };
    db = await findingsCase(late, links);

    const found = await findingsOf(db, [roleChain]);

    // a2 is dated an hour before a1 issued ASIA1, so the chain from AKIACI stops at a1: one hop
    // inside one account, no finding. Only the hop into 222222222222 is left.
    expect(found.map((f) => f.event_ids.length)).toEqual([1]);
    expect(found[0]?.node_ids[0]).toBe('aws:key:AKIAX');
  });
});

describe('privileged actions reachable from a tool call', () => {
  const AGENT = 'agent:ops-copilot';
  const TOOL = 'tool:ops-copilot/vault_read_secret';
  const TOKEN = 'vault:token:t1';
  const PATH = 'vault:path:secret/data/aws/deploy-key';
  const KEY = 'aws:key:AKIADEPLOY';
  const NEW = 'aws:key:AKIANEW';
  const BACKDOOR = 'aws:user:arn:aws:iam::222222222222:user/backdoor';
  const READER = 'agent:reader';
  const READER_TOOL = 'tool:reader/read';
  const JANITOR = 'agent:janitor';
  const JANITOR_TOOL = 'tool:janitor/clean';
  const JANITOR_TOKEN = 'k8s:token:JTI=j1';

  /**
   * ops-copilot's tool logs in to Vault (inferred: the token), reads the deploy key (a secret
   * read), deletes secret/data/old (a secret destroyed), and acts as AKIADEPLOY (inferred), which
   * creates an access key for user backdoor (a credential minted). reader's tool only reads a
   * secret, the same one. janitor's tool acts as a pod token that deletes the Kubernetes secret
   * ops/db. Someone else's CreateAccessKey is reachable from no tool.
   */
  const events: FindingEvent[] = [
    {
      name: 'span',
      time: '2024-01-01T10:00:00Z',
      source: 'otel.span',
      actor: AGENT,
      category: 'tool_call',
    },
    {
      name: 'login',
      time: '2024-01-01T10:00:05Z',
      source: 'vault.audit',
      issued: TOKEN,
      category: 'credential_issue',
    },
    {
      name: 'read',
      time: '2024-01-01T10:00:06Z',
      source: 'vault.audit',
      credential: TOKEN,
      target: PATH,
      category: 'secret_read',
      action: 'read',
    },
    {
      name: 'purge',
      time: '2024-01-01T10:00:07Z',
      source: 'vault.audit',
      credential: TOKEN,
      target: 'vault:path:secret/data/old',
      action: 'delete',
    },
    { name: 'keyUse', time: '2024-01-01T10:00:27Z', credential: KEY, target: 'aws:resource:sts' },
    {
      name: 'backdoor',
      time: '2024-01-01T10:01:00Z',
      credential: KEY,
      issued: NEW,
      target: BACKDOOR,
      category: 'credential_issue',
      action: 'CreateAccessKey',
    },
    {
      name: 'other',
      time: '2024-01-01T10:02:00Z',
      credential: 'aws:key:AKIAOTHER',
      issued: 'aws:key:AKIAO2',
      action: 'CreateAccessKey',
    },
    {
      name: 'span2',
      time: '2024-01-01T11:00:00Z',
      source: 'otel.span',
      actor: READER,
      category: 'tool_call',
    },
    {
      name: 'login2',
      time: '2024-01-01T11:00:01Z',
      source: 'vault.audit',
      issued: 'vault:token:t2',
      category: 'credential_issue',
    },
    {
      name: 'read2',
      time: '2024-01-01T11:00:02Z',
      source: 'vault.audit',
      credential: 'vault:token:t2',
      target: PATH,
      category: 'secret_read',
      action: 'read',
    },
    {
      name: 'span3',
      time: '2024-01-01T12:00:00Z',
      source: 'otel.span',
      actor: JANITOR,
      category: 'tool_call',
    },
    {
      name: 'wipe',
      time: '2024-01-01T12:00:01Z',
      source: 'k8s.audit',
      actor: 'k8s:sa:ops/janitor',
      credential: JANITOR_TOKEN,
      target: 'k8s:secret:ops/db',
      action: 'delete',
    },
  ];
  const links = [
    { event: 'span', from: AGENT, to: TOOL, kind: 'called_tool' },
    { event: 'login', from: TOOL, to: TOKEN, kind: 'acted_as', inferred: true },
    { event: 'keyUse', from: TOOL, to: KEY, kind: 'acted_as', inferred: true },
    { event: 'span2', from: READER, to: READER_TOOL, kind: 'called_tool' },
    { event: 'login2', from: READER_TOOL, to: 'vault:token:t2', kind: 'acted_as', inferred: true },
    { event: 'span3', from: JANITOR, to: JANITOR_TOOL, kind: 'called_tool' },
    { event: 'wipe', from: JANITOR_TOOL, to: JANITOR_TOKEN, kind: 'acted_as', inferred: true },
  ];

  it('finds the listed actions and the secret reads a tool reaches, and rates the gravest', async () => {
    db = await findingsCase(events, links);

    const found = await findingsOf(db, [agentToPrivileged]);

    // In order of first time: ops-copilot's read at 10:00:06, reader's at 11:00:02, the wipe.
    expect(found.map((f) => [f.node_ids[0], f.severity, f.technique, f.event_ids])).toEqual([
      [AGENT, 'critical', 'T1098.001', ids('read', 'purge', 'backdoor')],
      [READER, 'high', 'T1555.006', ids('read2')],
      [JANITOR, 'high', 'T1485', ids('wipe')],
    ]);
  });

  it('says which secret was read, also when the read is the gravest action', async () => {
    db = await findingsCase(events, links);

    const [copilot, reader] = await findingsOf(db, [agentToPrivileged]);

    expect(copilot?.summary).toContain(
      `read (by ${TOOL}). A secret was read: ${PATH}. The gravest`,
    );
    expect(reader?.summary).toBe(
      `1 privileged action is reachable from ${READER}'s tool calls: read (by ${READER_TOOL}). ` +
        `A secret was read: ${PATH}. ` +
        `The gravest, read of the secret ${PATH} at 2024-01-01T11:00:02.000000Z, was made with vault:token:t2: ` +
        `${READER} called ${READER_TOOL}, which acted as (inferred) vault:token:t2.`,
    );
    expect(reader?.node_ids).toEqual([READER, READER_TOOL, 'vault:token:t2', PATH]);
  });

  it('leaves out a secret read that failed', async () => {
    const denied = events.map((e) => (e.name === 'read2' ? { ...e, outcome: 'failure' } : e));
    db = await findingsCase(denied, links);

    const found = await findingsOf(db, [agentToPrivileged]);

    expect(found.map((f) => f.node_ids[0])).toEqual([AGENT, JANITOR]);
  });

  it('writes the path to the gravest action hop by hop, naming what is inferred', async () => {
    db = await findingsCase(events, links);

    const [copilot, , janitor] = await findingsOf(db, [agentToPrivileged]);

    expect(copilot?.summary).toBe(
      `3 privileged actions are reachable from ${AGENT}'s tool calls: CreateAccessKey (by ${TOOL}), delete (by ${TOOL}), read (by ${TOOL}). ` +
        `A secret was read: ${PATH}. ` +
        `The gravest, CreateAccessKey on ${BACKDOOR} at 2024-01-01T10:01:00.000000Z, was made with ${KEY}: ` +
        `${AGENT} called ${TOOL}, which acted as (inferred) ${KEY}.`,
    );
    expect(copilot?.node_ids).toEqual([AGENT, TOOL, KEY, BACKDOOR]);
    expect(copilot?.link_ids).toEqual(
      expect.arrayContaining([
        lid(AGENT, 'called_tool', TOOL),
        lid(TOOL, 'acted_as', KEY),
        lid(TOOL, 'acted_as', TOKEN),
        lid(TOKEN, 'accessed', 'vault:path:secret/data/old'),
      ]),
    );
    expect(janitor?.summary).toBe(
      `1 privileged action is reachable from ${JANITOR}'s tool calls: delete (by ${JANITOR_TOOL}). ` +
        `The gravest, delete on k8s:secret:ops/db at 2024-01-01T12:00:01.000000Z, was made with ${JANITOR_TOKEN}: ` +
        `${JANITOR} called ${JANITOR_TOOL}, which acted as (inferred) ${JANITOR_TOKEN}.`,
    );
  });
});

describe('bursts of denied calls', () => {
  const at = (seconds: number) => new Date(Date.UTC(2024, 0, 1, 10, 0, seconds)).toISOString();
  const fail = (
    name: string,
    seconds: number,
    credential: string,
    callId?: string,
  ): FindingEvent => ({
    name,
    time: at(seconds),
    credential,
    target: 'aws:resource:ec2/i-1',
    action: 'GetPasswordData',
    outcome: 'failure',
    ...(callId ? { callId } : {}),
  });

  it('reports twelve failures in 55 seconds once, and neither nine quick ones nor ten slow ones', async () => {
    const burst = Array.from({ length: 12 }, (_, i) => fail(`b${i}`, i * 5, 'aws:key:ASIAENUM'));
    const copy = fail('b0copy', 0, 'aws:key:ASIAENUM', 'b0');
    const few = Array.from({ length: 9 }, (_, i) => fail(`f${i}`, i, 'aws:key:AKIAFEW'));
    const slow = Array.from({ length: 10 }, (_, i) => fail(`s${i}`, i * 30, 'aws:key:AKIASLOW'));
    db = await findingsCase([...burst, copy, ...few, ...slow]);

    const found = await findingsOf(db, [deniedBurst]);

    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'medium',
      technique: 'T1580',
      first_time: '2024-01-01T10:00:00Z',
      last_time: '2024-01-01T10:00:55Z',
      node_ids: ['aws:key:ASIAENUM', 'aws:resource:ec2/i-1'],
    });
    expect(found[0]?.summary).toBe(
      'aws:key:ASIAENUM made 12 failed calls between 2024-01-01T10:00:00.000000Z and 2024-01-01T10:00:55.000000Z (GetPasswordData; errors none named).',
    );
    expect(found[0]?.event_ids).toHaveLength(12);
  });
});
