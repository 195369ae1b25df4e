import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  builtEntries,
  displayProblem,
  electronArgs,
  electronEnv,
  missingBuild,
  sampleCasePath,
  sampleEvidence,
} from './startPlan.js';

let repo: string;

beforeEach(async () => {
  repo = await mkdtemp(path.join(os.tmpdir(), 'keytrail-start-'));
});

afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
});

async function touch(relative: string): Promise<void> {
  await mkdir(path.dirname(path.join(repo, relative)), { recursive: true });
  await writeFile(path.join(repo, relative), '{}');
}

describe('the plan of npm start', () => {
  it('asks for a build while any built entry is missing', async () => {
    expect(missingBuild(repo)).toEqual(builtEntries);

    for (const entry of builtEntries) await touch(entry);

    expect(missingBuild(repo)).toEqual([]);
  });

  it('keeps the sample case in .keytrail/ of the repository', () => {
    expect(sampleCasePath(repo)).toBe(path.join(repo, '.keytrail', 'samples.keytrail.duckdb'));
  });

  it('ingests both generated sample bundles when they exist', async () => {
    await touch('samples/cloudtrail/AWSLogs/trail.json');
    await touch('samples/multi-source/vault/audit.log');
    await touch('test/fixtures/cloudtrail/small.json');

    expect(sampleEvidence(repo)).toEqual([
      path.join(repo, 'samples', 'cloudtrail'),
      path.join(repo, 'samples', 'multi-source'),
    ]);
  });

  it('ingests the one generated bundle there is', async () => {
    await touch('samples/cloudtrail/AWSLogs/trail.json');

    expect(sampleEvidence(repo)).toEqual([path.join(repo, 'samples', 'cloudtrail')]);
  });

  it('falls back to the test fixtures when the samples were not generated', async () => {
    await mkdir(path.join(repo, 'samples', 'cloudtrail'), { recursive: true });
    await touch('test/fixtures/cloudtrail/small.json');

    expect(sampleEvidence(repo)).toEqual([path.join(repo, 'test', 'fixtures', 'cloudtrail')]);
  });

  it('has no evidence to offer when neither exists', () => {
    expect(sampleEvidence(repo)).toEqual([]);
  });

  it('sees no display on Linux without DISPLAY or WAYLAND_DISPLAY', () => {
    expect(displayProblem('linux', {})).toMatch(/no display/);
    expect(displayProblem('linux', { DISPLAY: ':0' })).toBeNull();
    expect(displayProblem('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBeNull();
    expect(displayProblem('darwin', {})).toBeNull();
  });

  it('passes the app folder and the case to Electron, without the OS sandbox only as root', () => {
    expect(electronArgs('/repo', '/repo/c.keytrail.duckdb', false)).toEqual([
      '/repo',
      '--keytrail-case=/repo/c.keytrail.duckdb',
    ]);
    expect(electronArgs('/repo', '/repo/c.keytrail.duckdb', true)[0]).toBe('--no-sandbox');
  });

  it('never lets Electron run as plain Node, and names the case in its environment', () => {
    const env = electronEnv({ ELECTRON_RUN_AS_NODE: '1', HOME: '/home/me' }, '/c.keytrail.duckdb');

    expect(env).toEqual({ HOME: '/home/me', KEYTRAIL_CASE: '/c.keytrail.duckdb' });
  });
});
