// `npm start`: build when needed, make the sample case when missing, then open it in the Electron
// window; where the Electron runtime cannot be had, say why in one line and serve the same case
// in browser mode instead.
import { spawn } from 'node:child_process';
import console from 'node:console';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { ensureElectronRuntime } from './electronRuntime.js';
import {
  displayProblem,
  electronArgs,
  electronEnv,
  missingBuild,
  sampleCasePath,
  sampleEvidence,
} from './startPlan.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(repoRoot, 'bin', 'keytrail.js');

/** Runs a command with the terminal attached; resolves to its exit code. */
function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: 'inherit', ...options });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);

    child.on('error', (error) => {
      console.error(`keytrail start: could not run ${command}: ${error.message}`);
      resolve(1);
    });

    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal === 'SIGINT' ? 130 : 1));
    });
  });
}

async function ensureBuilt() {
  const missing = missingBuild(repoRoot);
  if (missing.length === 0) return;

  console.log(`Building Keytrail first (${missing[0]} is missing)...`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  if ((await run(npm, ['run', 'build'])) !== 0) throw new Error('the build failed');
}

/** Ingests into a temporary case and renames it, so an interrupted run leaves no half case. */
async function ensureSampleCase(casePath) {
  if (existsSync(casePath)) return;

  const evidence = sampleEvidence(repoRoot);
  if (evidence.length === 0) {
    throw new Error('no sample evidence: run `npm run samples` (or restore test/fixtures)');
  }

  const partial = casePath.replace(
    /\.keytrail\.duckdb$/,
    `.partial-${process.pid}.keytrail.duckdb`,
  );
  mkdirSync(path.dirname(casePath), { recursive: true });
  const names = evidence.map((dir) => path.relative(repoRoot, dir)).join(' and ');
  console.log(`Making the sample case from ${names}...`);
  const code = await run(process.execPath, [cli, 'ingest', partial, ...evidence]);
  if (code !== 0) {
    rmSync(partial, { force: true });
    rmSync(`${partial}.wal`, { force: true });
    throw new Error(`ingesting the samples failed (exit code ${code})`);
  }

  renameSync(partial, casePath);
  if (existsSync(`${partial}.wal`)) renameSync(`${partial}.wal`, `${casePath}.wal`);
}

async function main() {
  await ensureBuilt();

  const casePath = sampleCasePath(repoRoot);
  await ensureSampleCase(casePath);

  const runtime = await ensureElectronRuntime();
  const reason = runtime.ok ? displayProblem() : runtime.reason;
  if (reason === null) {
    const isRoot = process.getuid?.() === 0;
    if (isRoot) console.log("Running as root: Chromium's own OS sandbox is switched off.");

    return run(runtime.binary, electronArgs(repoRoot, casePath, isRoot), {
      env: electronEnv(process.env, casePath),
    });
  }

  console.log(`${reason}; opening browser mode instead.`);
  return run(process.execPath, [cli, 'serve', casePath]);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`keytrail start: ${error.message}`);
    process.exit(1);
  },
);
