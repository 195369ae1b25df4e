import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelOf, methods } from '../../shared/contract.js';
import { Engine } from '../engine/Engine.js';

// The whole main process started in Node, with 'electron' replaced by a recorder: the order of
// its set-up, the window it opens, the protocol it serves and the IPC it answers. The real
// Electron runtime cannot be downloaded on the machines this runs on.
const recorded = vi.hoisted(() => ({
  privileged: [] as unknown[],
  sandboxEnabled: false,
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  ipcHandlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  windows: [] as { options: unknown; url: string | null; sent: unknown[][] }[],
  menus: [] as unknown[],
  permissionHandler: null as null | ((...args: unknown[]) => void),
  failures: [] as string[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    record = { options: {} as unknown, url: null as string | null, sent: [] as unknown[][] };
    webContents = {
      setWindowOpenHandler: () => undefined,
      on: () => undefined,
      send: (...args: unknown[]) => this.record.sent.push(args),
      reload: () => undefined,
    };

    constructor(options: unknown) {
      this.record.options = options;
      recorded.windows.push(this.record);
    }

    once() {}
    on() {}
    show() {}
    async loadURL(url: string) {
      this.record.url = url;
    }
  }

  return {
    app: {
      isPackaged: false,
      enableSandbox: () => (recorded.sandboxEnabled = true),
      whenReady: async () => undefined,
      getPath: () => path.join(os.tmpdir(), 'keytrail-main-test-user-data'),
      getVersion: () => '0.0.0',
      requestSingleInstanceLock: () => true,
      on: () => undefined,
      quit: () => undefined,
      exit: () => undefined,
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => recorded.privileged.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
        recorded.protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: (...args: unknown[]) => void) =>
          (recorded.permissionHandler = handler),
        setPermissionCheckHandler: () => undefined,
      },
    },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) =>
        recorded.ipcHandlers.set(channel, handler),
    },
    Menu: {
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu: (menu: unknown) => recorded.menus.push(menu),
    },
    dialog: {
      showErrorBox: (title: string) => recorded.failures.push(title),
    },
    BrowserWindow,
  };
});

let dir: string;
let casePath: string;

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((r) => setTimeout(r, 25));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'keytrail-main-'));
  casePath = path.join(dir, 'start.keytrail.duckdb');
  const maker = new Engine();
  await maker.openCase({ path: casePath, create: true });
  maker.close();

  process.env.KEYTRAIL_CASE = casePath;
  await import('./main.js');
  await until(() => recorded.windows.length > 0);
});

afterAll(async () => {
  delete process.env.KEYTRAIL_CASE;
  await rm(dir, { recursive: true, force: true });
  await rm(path.join(os.tmpdir(), 'keytrail-main-test-user-data'), {
    recursive: true,
    force: true,
  });
});

describe('the main process, started with a stand-in Electron', () => {
  it('registers the app scheme as privileged and turns the sandbox on for every page', () => {
    expect(recorded.privileged).toEqual([
      expect.objectContaining({ scheme: 'keytrail-app', privileges: expect.anything() }),
    ]);
    expect(recorded.sandboxEnabled).toBe(true);
  });

  it('opens one window, sandboxed, on the app protocol with the built preload', () => {
    const [window] = recorded.windows;
    const web = (window?.options as { webPreferences: Record<string, unknown> }).webPreferences;

    expect(recorded.windows).toHaveLength(1);
    expect(window?.url).toBe('keytrail-app://app/index.html');
    expect(web).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(web.preload).toBe(path.join(import.meta.dirname, '..', 'preload', 'preload.cjs'));
  });

  it('answers every contract method and opened the case named at start', async () => {
    const fromApp = { senderFrame: { url: 'keytrail-app://app/index.html' } };

    const info = await recorded.ipcHandlers.get(channelOf('caseInfo'))?.(fromApp, {});

    expect(methods.every((m) => recorded.ipcHandlers.has(channelOf(m)))).toBe(true);
    expect(info).toMatchObject({ ok: true, value: { path: casePath, eventCount: 0 } });
    expect(recorded.failures).toEqual([]);
  });

  it('serves the renderer folder over the app protocol and refuses to leave it', async () => {
    const handle = recorded.protocolHandlers.get('keytrail-app');
    const outside = await handle?.(new Request('keytrail-app://app/..%2f..%2fpackage.json'));

    expect(outside?.status).toBe(403);
  });

  it('denies permission requests and builds the menu', () => {
    const answers: boolean[] = [];
    recorded.permissionHandler?.({}, 'media', (granted: boolean) => answers.push(granted));

    expect(answers).toEqual([false]);
    expect(recorded.menus.length).toBeGreaterThan(0);
  });
});
