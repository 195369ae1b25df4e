import { describe, expect, it } from 'vitest';
import { channelOf, methods } from '../../shared/contract.js';
import type { EngineHandlers, Method } from '../../shared/contract.js';
import type { Result } from '../../shared/result.js';
import { dispatch } from '../engine/dispatch.js';
import { isTrustedSender, registerIpc } from './ipc.js';
import type { IpcEventLike } from './ipc.js';
import { shellChannels } from './shellChannels.js';

type Listener = (event: IpcEventLike, ...args: unknown[]) => unknown;

const fromApp: IpcEventLike = { senderFrame: { url: 'keytrail-app://app/index.html' } };

// One acceptable and one malformed request per method, written from the schemas by hand.
const valid: Record<Method, unknown> = {
  openCase: { path: '/cases/a.keytrail.duckdb' },
  caseInfo: {},
  addEvidence: { paths: ['/evidence/trail.json.gz'] },
  evidence: {},
  coverage: {},
  inventory: { search: 'deploy' },
  inventoryPage: { search: 'deploy', sort: 'workSeconds', descending: false, offset: 200 },
  paths: { from: 'aws:role:arn:aws:iam::111122223333:role/deploy' },
  timeline: { limit: 10 },
  timelineCount: { sources: ['aws.cloudtrail'] },
  event: { eventId: '0123456789abcdef0123456789abcdef' },
  findings: { ruleIds: ['role-chain'] },
  exportTimeline: { out: '/exports/timeline.csv', format: 'csv' },
  exportReport: { out: '/exports/report.html', format: 'html' },
  annotate: { targetKind: 'event', targetId: '0123456789abcdef0123456789abcdef', starred: true },
  annotations: { targetKind: 'node' },
  undoAnnotation: { steps: 2 },
  saveView: { kind: 'query', name: 'keys', body: { sql: 'SELECT 1' } },
  views: {},
  query: { sql: 'SELECT count(*) FROM events' },
  cancelQuery: { queryId: 'q-1' },
};
const malformed: Record<Method, unknown> = {
  openCase: { path: 'relative/a.keytrail.duckdb' },
  caseInfo: 'not an object',
  addEvidence: { paths: [] },
  evidence: 42,
  coverage: 'not an object',
  inventory: { limit: 0 },
  inventoryPage: { sort: 'password' },
  paths: { from: 'x', maxDepth: 1000 },
  timeline: { limit: -1 },
  timelineCount: { outcomes: ['maybe'] },
  event: { eventId: '../../etc/passwd' },
  findings: { ruleIds: ['x'.repeat(65)] },
  exportTimeline: { out: 'timeline.csv', format: 'csv' },
  exportReport: { out: '/exports/report.doc', format: 'doc' },
  annotate: { targetKind: 'file', targetId: 'x' },
  annotations: { targetKind: 'case' },
  undoAnnotation: { steps: 0 },
  saveView: { kind: 'query', name: '   ', body: {} },
  views: { kind: 'report' },
  query: { sql: '' },
  cancelQuery: { queryId: '../q' },
};

/** An engine that records its calls and answers each with the method's name. */
function engineStandIn() {
  const calls: { method: string; request: unknown }[] = [];
  const handlers = Object.fromEntries(
    methods.map((method) => [
      method,
      async (request: unknown) => {
        calls.push({ method, request });
        return `answer of ${method}`;
      },
    ]),
  ) as unknown as EngineHandlers;

  return { calls, handlers };
}

function wire(afterCall?: (method: Method, result: Result<unknown>) => void) {
  const registered = new Map<string, Listener>();
  const engine = engineStandIn();
  const ipc = {
    handle: (channel: string, listener: Listener) => {
      if (registered.has(channel)) throw new Error(`second handler for ${channel}`);
      registered.set(channel, listener);
    },
  };

  registerIpc(ipc, engine.handlers, {
    dispatch,
    afterCall,
    shell: {
      chooseCase: async () => '/cases/picked.keytrail.duckdb',
      chooseEvidence: async () => ['/evidence/picked.zip'],
    },
  });

  const call = (channel: string, event: IpcEventLike, ...args: unknown[]) => {
    const listener = registered.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);

    return listener(event, ...args);
  };

  return { registered, engine, call };
}

describe('the IPC wiring', () => {
  it('registers one handler per contract method and the two dialog channels, nothing else', () => {
    const { registered } = wire();

    expect([...registered.keys()].sort()).toEqual(
      [...methods.map(channelOf), shellChannels.chooseCase, shellChannels.chooseEvidence].sort(),
    );
  });

  it.each(methods)('passes a valid %s request to the engine and answers a result', async (m) => {
    const { call, engine } = wire();

    const result = await call(channelOf(m), fromApp, valid[m]);

    expect(result).toEqual({ ok: true, value: `answer of ${m}` });
    expect(engine.calls.map((c) => c.method)).toEqual([m]);
  });

  it.each(methods)('refuses a malformed %s request with bad_request', async (m) => {
    const { call, engine } = wire();

    const result = (await call(channelOf(m), fromApp, malformed[m])) as Result<unknown>;

    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('bad_request');
    expect(engine.calls).toEqual([]);
  });

  it.each([
    ['another site', { senderFrame: { url: 'https://evil.example/keytrail-app://app/' } }],
    ['a look-alike host', { senderFrame: { url: 'keytrail-app://app.evil/index.html' } }],
    ['a file page', { senderFrame: { url: 'file:///tmp/index.html' } }],
    ['a destroyed frame', { senderFrame: null }],
  ])('refuses a message from %s with unauthorized', async (_name, event) => {
    const { call, engine } = wire();

    const result = (await call(channelOf('caseInfo'), event, {})) as Result<unknown>;

    expect(!result.ok && result.error.code).toBe('unauthorized');
    expect(engine.calls).toEqual([]);
  });

  it('opens the dialogs for the app page only', async () => {
    const { call } = wire();
    const stranger = { senderFrame: { url: 'https://evil.example/' } };

    expect(await call(shellChannels.chooseCase, fromApp)).toBe('/cases/picked.keytrail.duckdb');
    expect(await call(shellChannels.chooseEvidence, fromApp)).toEqual(['/evidence/picked.zip']);
    expect(await call(shellChannels.chooseCase, stranger)).toBeNull();
    expect(await call(shellChannels.chooseEvidence, stranger)).toEqual([]);
  });

  it('tells afterCall of each answered call', async () => {
    const seen: string[] = [];
    const { call } = wire((method, result) => seen.push(`${method} ${result.ok}`));

    await call(channelOf('openCase'), fromApp, valid.openCase);
    await call(channelOf('openCase'), fromApp, malformed.openCase);

    expect(seen).toEqual(['openCase true', 'openCase false']);
  });
});

describe('the sender check', () => {
  it('accepts the app origin and an allowed development origin only', () => {
    const dev = { senderFrame: { url: 'http://localhost:5173/index.html' } };

    expect(isTrustedSender(fromApp)).toBe(true);
    expect(isTrustedSender(dev)).toBe(false);
    expect(isTrustedSender(dev, ['http://localhost:5173'])).toBe(true);
  });
});
