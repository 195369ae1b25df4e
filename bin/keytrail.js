#!/usr/bin/env node
// The CLI is compiled to dist/ by `npm run build` (which `npm ci` runs through `prepare`).
import { existsSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

const entry = new URL('../dist/electron/cli/keytrail.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('keytrail: the CLI is not built yet. Run `npm run build` first.\n');
  process.exit(70);
}
await import(entry.href);
