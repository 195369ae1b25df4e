import { _electron as electron, expect, test } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findElectronBinary } from '../../scripts/electronRuntime.js';
import { displayProblem } from '../../scripts/startPlan.js';
import { repoRoot, sampleBundle } from './support/paths.js';

// The desktop window, launched from the build as `npm start` launches it, on a case made from
// the sample bundle. It checks what the page can and cannot reach. The runtime is looked up on
// disk only, as `npm start` does first: no download is attempted from a test.
const runtime = findElectronBinary();
const noDisplay = displayProblem();

test.skip(
  !runtime.ok,
  `${runtime.ok ? '' : runtime.reason}: the Electron spec needs the runtime (run \`npx electron --version\` once on a networked machine)`,
);
test.skip(!!noDisplay, `${noDisplay}: run the Electron spec under a display (e.g. xvfb-run)`);

test.describe.configure({ mode: 'serial' });

let app: ElectronApplication;
let page: Page;
let caseDir: string;
let casePath: string;

test.beforeAll(async () => {
  if (!runtime.ok) return;

  caseDir = mkdtempSync(join(tmpdir(), 'keytrail-electron-e2e-'));
  casePath = join(caseDir, 'electron.keytrail.duckdb');
  execFileSync(process.execPath, ['bin/keytrail.js', 'ingest', casePath, sampleBundle()], {
    cwd: repoRoot,
    stdio: 'ignore',
  });

  const env: Record<string, string | undefined> = { ...process.env, KEYTRAIL_CASE: casePath };
  delete env.ELECTRON_RUN_AS_NODE;
  const asRoot = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  app = await electron.launch({
    executablePath: runtime.binary,
    args: [...asRoot, repoRoot, `--keytrail-case=${casePath}`],
    env: env as Record<string, string>,
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterAll(async () => {
  await app?.close();
  if (caseDir) rmSync(caseDir, { recursive: true, force: true });
});

test('the window opens on the app protocol with the title Keytrail', async () => {
  await expect(page).toHaveTitle('Keytrail');
  expect(page.url()).toBe('keytrail-app://app/index.html');
});

test('the page gets window.keytrail with the API, and no Node or Electron', async () => {
  const reach = await page.evaluate(() => {
    const scope = window as unknown as Record<string, unknown>;
    const bridge = scope.keytrail as Record<string, unknown> | undefined;
    return {
      bridge: bridge ? Object.keys(bridge).sort() : null,
      require: typeof scope.require,
      process: typeof scope.process,
      module: typeof scope.module,
      ipcRenderer: typeof scope.ipcRenderer,
      bridgeHasIpc: bridge ? 'ipcRenderer' in bridge : null,
    };
  });

  expect(reach.bridge).toEqual(expect.arrayContaining(['caseInfo', 'openCase', 'onProgress']));
  expect(reach).toMatchObject({
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    ipcRenderer: 'undefined',
    bridgeHasIpc: false,
  });
});

test('the case given at start is open, and the bridge answers results', async () => {
  const info = await page.evaluate(async () => {
    const bridge = (window as unknown as { keytrail: { caseInfo(r?: object): Promise<unknown> } })
      .keytrail;
    return bridge.caseInfo({});
  });

  expect(info).toMatchObject({ ok: true, value: { path: casePath } });
  expect((info as { value: { eventCount: number } }).value.eventCount).toBeGreaterThan(0);
});

test('a malformed request comes back as bad_request, not a throw', async () => {
  const reply = await page.evaluate(async () => {
    const bridge = (window as unknown as { keytrail: { event(r: object): Promise<unknown> } })
      .keytrail;
    return bridge.event({ eventId: '../../etc/passwd' });
  });

  expect(reply).toMatchObject({ ok: false, error: { code: 'bad_request' } });
});

test('navigation away and new windows are refused', async () => {
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  const opened = await page.evaluate(() => window.open('https://example.com/') === null);
  await page.waitForTimeout(300);

  expect(page.url()).toBe('keytrail-app://app/index.html');
  expect(opened).toBe(true);
  expect(app.windows()).toHaveLength(1);
});

test('the content security policy refuses eval', async () => {
  const outcome = await page.evaluate(() => {
    try {
      return String(eval('1 + 1'));
    } catch (error) {
      return (error as Error).name;
    }
  });

  expect(outcome).toBe('EvalError');
});
