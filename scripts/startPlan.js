// The decisions of `npm start`, kept apart from the processes it runs so that tests can check
// them: what must be built, which sample evidence to ingest, and how to launch the window.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

/** Files the window and the CLI need; when one is missing, `npm start` builds first. */
export const builtEntries = [
  'dist/electron/cli/keytrail.js',
  'dist/electron/main/main.js',
  'dist/electron/preload/preload.cjs',
  'dist/renderer/index.html',
];

export function missingBuild(repoRoot) {
  return builtEntries.filter((entry) => !existsSync(path.join(repoRoot, entry)));
}

export function sampleCasePath(repoRoot) {
  return path.join(repoRoot, '.keytrail', 'samples.keytrail.duckdb');
}

function hasFiles(dir) {
  try {
    return readdirSync(dir, { recursive: true }).length > 0;
  } catch {
    return false;
  }
}

/**
 * The evidence of the sample case: the generated sample bundles that `npm run samples` made (the
 * CloudTrail story and the multi-source agent story), else the small fixtures the tests use; an
 * empty list when neither is there.
 */
export function sampleEvidence(repoRoot) {
  const generated = ['cloudtrail', 'multi-source']
    .map((name) => path.join(repoRoot, 'samples', name))
    .filter(hasFiles);
  if (generated.length > 0) return generated;

  const fixtures = path.join(repoRoot, 'test', 'fixtures', 'cloudtrail');
  return hasFiles(fixtures) ? [fixtures] : [];
}

/** Why no window can be shown on this machine even with the runtime, or null. */
export function displayProblem(platform = process.platform, env = process.env) {
  if (platform !== 'linux') return null;
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return null;

  return 'there is no display to show a window on (DISPLAY and WAYLAND_DISPLAY are unset)';
}

/**
 * Arguments of the Electron binary. Chromium refuses to start as root with its sandbox on, so
 * as root (containers) the OS-level sandbox is switched off; the window's own settings stay.
 */
export function electronArgs(repoRoot, casePath, isRoot) {
  return [...(isRoot ? ['--no-sandbox'] : []), repoRoot, `--keytrail-case=${casePath}`];
}

/** The environment of the Electron child: never run as plain Node, whatever the caller set. */
export function electronEnv(env, casePath) {
  const next = { ...env, KEYTRAIL_CASE: casePath };
  delete next.ELECTRON_RUN_AS_NODE;

  return next;
}
