import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleFiles, type OutputFile } from './generator/layout.js';
import { noiseCalls } from './generator/noise.js';
import { storyCalls } from './generator/story.js';

/**
 * Writes the sample CloudTrail bundle (samples/cloudtrail/AWSLogs/...). Deterministic: no clock,
 * no Math.random; every id comes from a PRNG seeded by the record's label, so the committed
 * files can be checked against a fresh run byte for byte (samples/generate.test.ts).
 *
 *   npm run samples            regenerate samples/cloudtrail
 *   node --import tsx samples/generate.ts OUT_DIR
 */

export const samplesDir = dirname(fileURLToPath(import.meta.url));
export const bundleDir = join(samplesDir, 'cloudtrail');

/** The bundle's files, in memory. */
export function sampleFiles(): OutputFile[] {
  return bundleFiles([...storyCalls(), ...noiseCalls()], {
    plainFile: '222222222222|us-east-1|2024-11-06|pm',
    digestFor: '111111111111|us-east-1|2024-11-05|pm',
  });
}

/**
 * Write the bundle under `outDir`, replacing its `AWSLogs/` tree and leaving the hand-written
 * files beside it (EXPECTED.md, expected-links.json) alone. Returns the paths written.
 */
export function generate(outDir: string = bundleDir): string[] {
  rmSync(join(outDir, 'AWSLogs'), { recursive: true, force: true });
  const files = sampleFiles();
  for (const file of files) {
    const target = join(outDir, ...file.path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.bytes);
  }
  return files.map((file) => file.path);
}

const invokedDirectly =
  process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const outDir = process.argv[2] ? resolve(process.argv[2]) : bundleDir;
  const paths = generate(outDir);
  console.log(`wrote ${paths.length} files under ${outDir}`);
}
