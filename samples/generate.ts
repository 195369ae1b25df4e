import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleFiles, type OutputFile } from './generator/layout.js';
import { generatedFolders, multiSourceFiles } from './generator/multi/bundle.js';
import { noiseCalls } from './generator/noise.js';
import { storyCalls } from './generator/story.js';

/**
 * Writes the sample bundles: CloudTrail alone (samples/cloudtrail/AWSLogs/...) and several
 * sources around one agent (samples/multi-source/). Deterministic: no clock, no Math.random;
 * every id comes from a PRNG seeded by the record's label, so the committed files can be checked
 * against a fresh run byte for byte (samples/generate.test.ts).
 *
 *   npm run samples            regenerate samples/cloudtrail and samples/multi-source
 *   node --import tsx samples/generate.ts OUT_DIR     (OUT_DIR/cloudtrail, OUT_DIR/multi-source)
 */

export const samplesDir = dirname(fileURLToPath(import.meta.url));
export const bundleDir = join(samplesDir, 'cloudtrail');
export const multiSourceDir = join(samplesDir, 'multi-source');

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
  return write(outDir, ['AWSLogs'], sampleFiles());
}

/**
 * Write the multi-source bundle under `outDir`, replacing the folders it generates and leaving
 * EXPECTED.md and expected-links.json alone. Returns the paths written.
 */
export function generateMultiSource(outDir: string = multiSourceDir): string[] {
  return write(outDir, generatedFolders, multiSourceFiles());
}

function write(outDir: string, replaced: string[], files: OutputFile[]): string[] {
  for (const folder of replaced) rmSync(join(outDir, folder), { recursive: true, force: true });
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
  const root = process.argv[2] ? resolve(process.argv[2]) : samplesDir;
  const single = generate(join(root, 'cloudtrail'));
  const multi = generateMultiSource(join(root, 'multi-source'));
  console.log(`wrote ${single.length} files under ${join(root, 'cloudtrail')}`);
  console.log(`wrote ${multi.length} files under ${join(root, 'multi-source')}`);
}
