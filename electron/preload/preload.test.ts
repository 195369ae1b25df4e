import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { channelOf, methods, progressChannel } from '../../shared/contract.js';
import { shellChannels } from '../main/shellChannels.js';

// The preload runs in Electron's sandbox, where `require` knows 'electron' and nothing else. The
// test compiles the source as tsc does and runs it with such a `require`, whose 'electron' is a
// stand-in that records what the preload exposes and which channels it invokes.
const exposed: Record<string, unknown> = {};
const invoked: { channel: string; args: unknown[] }[] = [];
const required: string[] = [];
const listeners = new Map<string, Set<(...args: unknown[]) => void>>();

const electronStandIn = {
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => {
      exposed[key] = api;
    },
  },
  ipcRenderer: {
    invoke: async (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args });
      return { ok: true, value: null };
    },
    on: (channel: string, listener: (...args: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
    },
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => {
      listeners.get(channel)?.delete(listener);
    },
  },
  webUtils: { getPathForFile: () => '/evidence/dropped.json' },
};

function sandboxRequire(name: string): unknown {
  required.push(name);
  if (name !== 'electron') throw new Error(`module not found in the sandbox: ${name}`);

  return electronStandIn;
}

type Bridge = Record<string, (...args: unknown[]) => unknown>;

let bridge: Bridge;

beforeAll(() => {
  const source = readFileSync(new URL('./preload.cts', import.meta.url), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const module = { exports: {} };

  new Function('require', 'module', 'exports', outputText)(sandboxRequire, module, module.exports);
  bridge = exposed.keytrail as Bridge;
});

describe('the preload', () => {
  it('requires electron and nothing else, as the sandbox demands', () => {
    expect(required).toEqual(['electron']);
  });

  it('exposes exactly one object, named keytrail', () => {
    expect(Object.keys(exposed)).toEqual(['keytrail']);
  });

  it('exposes the contract methods and the four shell calls, and nothing else', () => {
    const expected = [
      ...methods,
      'onProgress',
      'pathForFile',
      'chooseCase',
      'chooseEvidence',
    ].sort();

    expect(Object.keys(bridge).sort()).toEqual(expected);
  });

  it('never hands the page ipcRenderer, process or require', () => {
    const values = Object.values(bridge);

    expect(values.every((value) => typeof value === 'function')).toBe(true);
    expect(Object.keys(bridge)).not.toContain('ipcRenderer');
    expect(Object.keys(bridge)).not.toContain('process');
    expect(Object.keys(bridge)).not.toContain('require');
  });

  it.each(methods)(
    'sends %s on the channel channelOf computes, with the request',
    async (method) => {
      invoked.length = 0;
      const request = { marker: method };

      await bridge[method]?.(request);

      expect(invoked).toEqual([{ channel: channelOf(method), args: [request] }]);
    },
  );

  it('sends an empty request object when a call is made without one', async () => {
    invoked.length = 0;

    await bridge.caseInfo?.();

    expect(invoked).toEqual([{ channel: 'keytrail:caseInfo', args: [{}] }]);
  });

  it('opens the native dialogs through the shell channels of the main process', async () => {
    invoked.length = 0;

    await bridge.chooseCase?.();
    await bridge.chooseEvidence?.();

    expect(invoked.map((call) => call.channel)).toEqual([
      shellChannels.chooseCase,
      shellChannels.chooseEvidence,
    ]);
  });

  it('relays progress payloads without the IPC event, and unsubscribes', () => {
    const seen: unknown[] = [];
    const progress = { task: 'ingest', phase: 'reading', done: 1, total: 2, message: 'x' };
    const unsubscribe = bridge.onProgress?.((p: unknown) => seen.push(p)) as () => void;
    const relays = [...(listeners.get(progressChannel) ?? [])];

    relays.forEach((relay) => relay({ sender: 'the IPC event' }, progress));
    unsubscribe();

    expect(seen).toEqual([progress]);
    expect(listeners.get(progressChannel)?.size).toBe(0);
  });

  it('turns a dropped file into its path through webUtils', () => {
    expect(bridge.pathForFile?.(new Blob(['x']))).toBe('/evidence/dropped.json');
  });
});
