// Finds the Electron runtime for `npm start` and the Electron end-to-end test. The electron npm
// package holds no binary: its first `require('electron')` or `electron` run downloads one
// (synchronously, through its install.js) and throws "Electron failed to install correctly" when
// the download fails. Measured on a machine with no network: the attempt fails with
// "TypeError: fetch failed" in about 0.3 s. Where the network drops packets instead, it could
// hang, so the attempt here runs in a child process with a time limit.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';

const require = createRequire(import.meta.url);

export const defaultDownloadTimeoutMs = 20_000;

/** The folder of the installed electron package, or null. */
export function electronPackageDir() {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/**
 * The runtime already on disk, without any download: `{ ok: true, binary }` when the package's
 * path.txt names an executable that exists, else `{ ok: false, reason }`.
 */
export function findElectronBinary(packageDir = electronPackageDir(), env = process.env) {
  if (packageDir === null) {
    return { ok: false, reason: 'the electron package is not installed (run npm ci)' };
  }

  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    if (existsSync(binary)) return { ok: true, binary };
  }

  const binary = relative && path.join(packageDir, 'dist', relative);
  if (binary && existsSync(binary)) return { ok: true, binary };

  return {
    ok: false,
    reason: 'Electron runtime is not installed (it downloads on first use)',
  };
}

/** The first line of the installer's output that names an error, for a one-line reason. */
export function installFailureReason(output) {
  const lines = output.split('\n').map((line) => line.trim());
  const errorLine = lines.find((line) =>
    /^\w*Error\b|ENOTFOUND|ECONNREFUSED|fetch failed/.test(line),
  );

  return (errorLine ?? lines.find((line) => line.length > 0) ?? 'no output').slice(0, 160);
}

/**
 * The runtime, downloading it first when it is missing. The download is electron's own
 * install.js, run as a child with a time limit (20 s, or KEYTRAIL_ELECTRON_DOWNLOAD_TIMEOUT
 * seconds), its output kept for the reason; KEYTRAIL_ELECTRON_DOWNLOAD=0 skips it. Resolves to
 * `{ ok: true, binary }` or `{ ok: false, reason }`; never rejects.
 */
export async function ensureElectronRuntime(options = {}) {
  const packageDir = options.packageDir === undefined ? electronPackageDir() : options.packageDir;
  const env = options.env ?? process.env;
  const timeoutSeconds = Number(env.KEYTRAIL_ELECTRON_DOWNLOAD_TIMEOUT);
  const timeoutMs =
    options.timeoutMs ?? (timeoutSeconds > 0 ? timeoutSeconds * 1000 : defaultDownloadTimeoutMs);

  const found = findElectronBinary(packageDir, env);
  if (found.ok || packageDir === null) return found;
  if (env.KEYTRAIL_ELECTRON_DOWNLOAD === '0') {
    return { ok: false, reason: `${found.reason}; its download is turned off` };
  }

  const outcome = await runInstaller(path.join(packageDir, 'install.js'), env, timeoutMs);
  if (outcome.timedOut) {
    return {
      ok: false,
      reason:
        `${found.reason} and its download did not finish within ${Math.round(timeoutMs / 1000)} s ` +
        '(KEYTRAIL_ELECTRON_DOWNLOAD_TIMEOUT=<seconds> allows longer)',
    };
  }

  const after = findElectronBinary(packageDir, env);
  if (after.ok) return after;

  return {
    ok: false,
    reason: `${found.reason} and its download failed here: ${installFailureReason(outcome.output)}`,
  };
}

function runInstaller(installer, env, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installer], {
      cwd: path.dirname(installer),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk) => {
      if (output.length < 20_000) output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);

    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ timedOut: true, output });
    }, timeoutMs);

    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ timedOut: false, output: `${output}\n${error.message}` });
    });

    child.on('close', () => {
      clearTimeout(timer);
      resolve({ timedOut: false, output });
    });
  });
}
