import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// An offline check of electron-builder.yml: electron-builder packs the built app around a
// stand-in Electron binary (the real one cannot be downloaded here), then the test reads the
// app.asar it wrote and the fuses it flipped in the stand-in. The stand-in carries the fuse
// sentinel of @electron/fuses with nine fuses, as Electron 45 does.
const repoRoot = path.resolve(import.meta.dirname, '..');
const built = existsSync(path.join(repoRoot, 'dist', 'electron', 'main', 'main.js'));
const sentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

let work: string;
let entries: string[];
let binary: Buffer;

/** The file list of an asar archive, read from its JSON header. */
async function asarFiles(archive: string): Promise<string[]> {
  const handle = await open(archive, 'r');
  const head = Buffer.alloc(16);
  await handle.read(head, 0, 16, 0);
  const jsonLength = head.readUInt32LE(12);
  const json = Buffer.alloc(jsonLength);
  await handle.read(json, 0, jsonLength, 16);
  await handle.close();

  const files: string[] = [];
  const walk = (node: { files?: Record<string, unknown> }, prefix: string) => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const entry = `${prefix}${name}`;
      files.push(entry);
      walk(child as { files?: Record<string, unknown> }, `${entry}/`);
    }
  };
  walk(JSON.parse(json.toString('utf8')), '');

  return files;
}

/** Fuse `index` of the packaged binary: '1' enabled, '0' disabled. */
function fuse(index: number): string {
  const wire = binary.indexOf(sentinel) + sentinel.length;

  return String.fromCharCode(binary[wire + 2 + index] ?? 0);
}

describe.skipIf(!built)('the packaged app (electron-builder, offline)', () => {
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'keytrail-package-'));
    const electronDist = path.join(work, 'electron');
    await mkdir(electronDist);
    await writeFile(
      path.join(electronDist, 'electron'),
      Buffer.concat([Buffer.from(sentinel), Buffer.from([1, 9]), Buffer.from('101100011')]),
    );
    await chmod(path.join(electronDist, 'electron'), 0o755);
    await writeFile(path.join(electronDist, 'version'), '45.6.0');

    await promisify(execFile)(
      path.join(repoRoot, 'node_modules', '.bin', 'electron-builder'),
      [
        '--linux',
        'dir',
        `-c.electronDist=${electronDist}`,
        `-c.directories.output=${path.join(work, 'release')}`,
      ],
      { cwd: repoRoot, timeout: 120_000, env: { ...process.env, CI: 'true' } },
    );

    const unpacked = path.join(work, 'release', 'linux-unpacked');
    entries = await asarFiles(path.join(unpacked, 'resources', 'app.asar'));
    binary = await readFile(path.join(unpacked, 'keytrail'));
  }, 150_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('packs the main process, preload, renderer, CLI and package.json', () => {
    expect(entries).toEqual(
      expect.arrayContaining([
        'package.json',
        'bin/keytrail.js',
        'dist/electron/main/main.js',
        'dist/electron/preload/preload.cjs',
        'dist/electron/cli/keytrail.js',
        'dist/renderer/index.html',
        'node_modules/@duckdb/node-api',
        'node_modules/zod',
      ]),
    );
  });

  it('leaves out sources, tests, samples, cases and source maps', () => {
    const unwanted = entries.filter(
      (entry) =>
        /^(electron|shared|renderer|samples|test|scripts|\.keytrail)\//.test(entry) ||
        /\.(map|ts|tsx)$/.test(entry.replace(/\.d\.ts$/, '')) ||
        /\.keytrail\.duckdb/.test(entry),
    );

    expect(unwanted.filter((entry) => !entry.startsWith('node_modules/'))).toEqual([]);
  });

  it('packs no build-time or renderer library', () => {
    for (const name of ['electron', 'react', 'vite', 'vitest', 'typescript', '@xyflow']) {
      expect(entries).not.toContain(`node_modules/${name}`);
    }
  });

  it('keeps the native DuckDB addon outside the archive, where it can load', async () => {
    const unpacked = path.join(work, 'release', 'linux-unpacked', 'resources', 'app.asar.unpacked');
    const bindings = path.join(unpacked, 'node_modules', '@duckdb', `node-bindings-linux-x64`);

    expect(existsSync(path.join(bindings, 'duckdb.node'))).toBe(process.arch === 'x64');
  });

  it('flips the fuses: no run-as-node, NODE_OPTIONS or inspect; asar only, checked', () => {
    expect({
      runAsNode: fuse(0),
      cookieEncryption: fuse(1),
      nodeOptions: fuse(2),
      inspectArguments: fuse(3),
      asarIntegrity: fuse(4),
      onlyLoadAppFromAsar: fuse(5),
      fileProtocolPrivileges: fuse(7),
    }).toEqual({
      runAsNode: '0',
      cookieEncryption: '1',
      nodeOptions: '0',
      inspectArguments: '0',
      asarIntegrity: '1',
      onlyLoadAppFromAsar: '1',
      fileProtocolPrivileges: '0',
    });
  });
});
