import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root, wherever it is cloned. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The read-only third-party corpus that sits beside the repository (`../shared/corpus`). Files
 * under MIT or Apache-2.0 are also copied into test/fixtures with their NOTICE; tests that need
 * the whole corpus skip where it is absent.
 */
export const corpusRoot = resolve(repoRoot, '../shared/corpus');
export const hasCorpus = existsSync(corpusRoot);

/** The MIT- and Apache-licensed CloudTrail files, copied from the corpus. */
export const cloudtrailFixtures = join(repoRoot, 'test/fixtures/cloudtrail');
