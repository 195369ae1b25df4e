import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaseDb } from '../electron/engine/case/CaseDb.js';
import { quoteLiteral } from '../electron/engine/case/sql.js';
import { ingest } from '../electron/engine/ingest/ingest.js';
import { generateCorpus } from './generate.js';

/**
 * `npm run bench`: Keytrail's ingest of 1 M CloudTrail-like events in 200 NDJSON files against
 * DuckDB's plain `read_json` of the same files into an on-disk table. Each side runs in its own
 * child process so that peak RSS is its own. KEYTRAIL_BENCH_EVENTS runs a smaller corpus.
 */

interface Measure {
  ms: number;
  events: number;
  maxRssMb: number;
}

const baselineColumns = `{
  eventVersion: 'VARCHAR', eventTime: 'VARCHAR', eventSource: 'VARCHAR', eventName: 'VARCHAR',
  awsRegion: 'VARCHAR', sourceIPAddress: 'VARCHAR', userAgent: 'VARCHAR', errorCode: 'VARCHAR',
  errorMessage: 'VARCHAR', requestID: 'VARCHAR', eventID: 'VARCHAR', eventType: 'VARCHAR',
  readOnly: 'BOOLEAN', recipientAccountId: 'VARCHAR', sharedEventID: 'VARCHAR',
  userIdentity: 'STRUCT(type VARCHAR, principalId VARCHAR, arn VARCHAR, accountId VARCHAR,
    accessKeyId VARCHAR, userName VARCHAR, invokedBy VARCHAR, sessionContext JSON)',
  requestParameters: 'JSON', responseElements: 'JSON', resources: 'JSON'
}`;

async function runKeytrail(dir: string, dbPath: string): Promise<number> {
  const db = await CaseDb.open(dbPath, { create: true });
  const summary = await ingest(db, [dir]);
  db.close();
  return summary.eventsAdded;
}

async function runBaseline(dir: string, dbPath: string): Promise<number> {
  const instance = await DuckDBInstance.create(dbPath);
  const conn = await instance.connect();
  await conn.run(
    `CREATE TABLE events AS SELECT * FROM read_json(${quoteLiteral(join(dir, '*.json'))},
      format = 'newline_delimited', columns = ${baselineColumns})`,
  );
  const reader = await conn.runAndReadAll('SELECT count(*) FROM events');
  const events = Number(reader.getRows()[0]?.[0]);
  conn.closeSync();
  instance.closeSync();
  return events;
}

async function child(which: string, dir: string, dbPath: string): Promise<void> {
  const started = performance.now();
  const events =
    which === 'keytrail' ? await runKeytrail(dir, dbPath) : await runBaseline(dir, dbPath);
  const ms = performance.now() - started;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ms, events, maxRssMb } satisfies Measure));
}

function measure(which: string, dir: string, work: string): Measure {
  const dbPath = join(work, `${which}.duckdb`);
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', which, dir, dbPath],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(out) as Measure;
}

function row(name: string, m: Measure): string {
  const rate = Math.round(m.events / (m.ms / 1000)).toLocaleString('en-US');
  return `${name.padEnd(28)} ${(m.ms / 1000).toFixed(2).padStart(7)} s ${rate.padStart(10)} ev/s ${Math.round(m.maxRssMb).toString().padStart(6)} MB`;
}

async function main(): Promise<void> {
  const events = Number(process.env.KEYTRAIL_BENCH_EVENTS ?? 1_000_000);
  const files = Math.max(1, Math.round((200 * events) / 1_000_000));
  const work = mkdtempSync(join(tmpdir(), 'keytrail-bench-'));
  const dir = join(work, 'corpus');

  try {
    console.log(`generating ${events.toLocaleString('en-US')} events in ${files} files...`);
    generateCorpus(dir, events, files);
    const bytes = readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
    console.log(`corpus: ${(bytes / 1e6).toFixed(0)} MB of NDJSON`);

    const baseline = measure('duckdb', dir, work);
    const keytrail = measure('keytrail', dir, work);

    console.log(row('DuckDB read_json (baseline)', baseline));
    console.log(row('Keytrail ingest', keytrail));
    console.log(
      `ratio keytrail / baseline: ${(keytrail.ms / baseline.ms).toFixed(2)} (target <= 1.5)`,
    );
    if (keytrail.events !== baseline.events) {
      console.log(`event counts differ: keytrail ${keytrail.events}, baseline ${baseline.events}`);
      process.exitCode = 1;
    }
  } finally {
    if (existsSync(work)) rmSync(work, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child') await child(args[1] ?? '', args[2] ?? '', args[3] ?? '');
else await main();
