import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ensureElectronRuntime,
  findElectronBinary,
  installFailureReason,
} from './electronRuntime.js';

// Stand-ins of the electron package: each writes its own install.js, the script that the real
// package runs to download the runtime.
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'keytrail-electron-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function installed(): Promise<void> {
  await mkdir(path.join(dir, 'dist'), { recursive: true });
  await writeFile(path.join(dir, 'dist', 'electron'), '#!/bin/sh\n');
  await writeFile(path.join(dir, 'path.txt'), 'electron');
}

async function installer(body: string): Promise<void> {
  await writeFile(path.join(dir, 'install.js'), body);
}

describe('finding the Electron runtime on disk', () => {
  it('finds the binary that path.txt names under dist/', async () => {
    await installed();

    expect(findElectronBinary(dir, {})).toEqual({
      ok: true,
      binary: path.join(dir, 'dist', 'electron'),
    });
  });

  it('reports the runtime missing when nothing was downloaded', () => {
    const found = findElectronBinary(dir, {});

    expect(found.ok).toBe(false);
    expect(!found.ok && found.reason).toMatch(/Electron runtime is not installed/);
  });

  it('reports the package missing when it is not installed at all', () => {
    const found = findElectronBinary(null, {});

    expect(!found.ok && found.reason).toMatch(/electron package is not installed/);
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH as electron itself does', async () => {
    const other = path.join(dir, 'elsewhere');
    await mkdir(other);
    await writeFile(path.join(other, 'electron'), '');

    expect(findElectronBinary(dir, { ELECTRON_OVERRIDE_DIST_PATH: other })).toEqual({
      ok: true,
      binary: path.join(other, 'electron'),
    });
  });
});

describe('getting the Electron runtime', () => {
  it('does not run the installer when the runtime is there', async () => {
    await installed();
    await installer(`require('fs').writeFileSync(${JSON.stringify(path.join(dir, 'ran'))}, '');`);

    const found = await ensureElectronRuntime({ packageDir: dir, env: {} });

    expect(found.ok).toBe(true);
    expect(existsSync(path.join(dir, 'ran'))).toBe(false);
  });

  it('names the installer error in one line when the download fails', async () => {
    await installer(
      "console.log('Downloading Electron binary...');\n" +
        "console.error('TypeError: fetch failed\\n    at node:internal/deps/undici');\n" +
        'process.exit(1);',
    );

    const found = await ensureElectronRuntime({ packageDir: dir, env: {} });

    expect(found).toEqual({
      ok: false,
      reason:
        'Electron runtime is not installed (it downloads on first use) and its download ' +
        'failed here: TypeError: fetch failed',
    });
  });

  it('gives up on a download that hangs once the time limit passes', async () => {
    await installer('setInterval(() => {}, 1000);');
    const started = Date.now();

    const found = await ensureElectronRuntime({ packageDir: dir, env: {}, timeoutMs: 500 });

    expect(Date.now() - started).toBeLessThan(5000);
    expect(!found.ok && found.reason).toMatch(/did not finish within 1 s/);
  });

  it('uses the runtime the installer downloaded', async () => {
    await installer(
      "const fs = require('fs');\n" +
        "fs.mkdirSync('dist');\n" +
        "fs.writeFileSync('dist/electron', '');\n" +
        "fs.writeFileSync('path.txt', 'electron');",
    );

    const found = await ensureElectronRuntime({ packageDir: dir, env: {} });

    expect(found).toEqual({ ok: true, binary: path.join(dir, 'dist', 'electron') });
  });

  it('skips the download when KEYTRAIL_ELECTRON_DOWNLOAD is 0', async () => {
    await installer(`require('fs').writeFileSync(${JSON.stringify(path.join(dir, 'ran'))}, '');`);

    const found = await ensureElectronRuntime({
      packageDir: dir,
      env: { KEYTRAIL_ELECTRON_DOWNLOAD: '0' },
    });

    expect(!found.ok && found.reason).toMatch(/download is turned off/);
    expect(existsSync(path.join(dir, 'ran'))).toBe(false);
  });
});

describe('the reason of a failed download', () => {
  it('is the first error line of the output', () => {
    const output =
      'Downloading Electron binary...\nRequestError: getaddrinfo ENOTFOUND github.com\n';

    expect(installFailureReason(output)).toBe('RequestError: getaddrinfo ENOTFOUND github.com');
  });

  it('falls back to the first line when no line names an error', () => {
    expect(installFailureReason('\nsomething odd\n')).toBe('something odd');
  });
});

describe('the download time limit', () => {
  it('can be raised through KEYTRAIL_ELECTRON_DOWNLOAD_TIMEOUT, in seconds', async () => {
    await installer('setInterval(() => {}, 1000);');

    const found = await ensureElectronRuntime({
      packageDir: dir,
      env: { KEYTRAIL_ELECTRON_DOWNLOAD_TIMEOUT: '1' },
    });

    expect(!found.ok && found.reason).toMatch(/did not finish within 1 s/);
  });
});
