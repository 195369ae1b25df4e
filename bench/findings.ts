import type { DuckDBConnection } from '@duckdb/node-api';
import { existsSync, readFileSync } from 'node:fs';
import { CaseDb } from '../electron/engine/case/CaseDb.js';
import { rules as allRules } from '../electron/engine/findings/index.js';
import { runFindings } from '../electron/engine/findings/runFindings.js';

/**
 * `npm run bench:findings`: rebuild the findings of a kept case (KEYTRAIL_BENCH_CASE, made by
 * `npm run bench:paths`) and print each rule's time, hits and the most memory it took: the
 * process's resident size and DuckDB's own buffers (what its memory_limit bounds), sampled every
 * 100 ms. KEYTRAIL_BENCH_RULES=id,id runs only those rules. The case's findings are replaced:
 * run it on a copy of a case that matters.
 */

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MB`;

/** The highest resident size and DuckDB buffer use seen since the last `take()`. */
function memorySampler(probe: DuckDBConnection) {
  let rss = 0;
  let duckdb = 0;
  let probing = false;
  const sample = async () => {
    rss = Math.max(rss, process.memoryUsage.rss());
    if (probing) return;
    probing = true;
    try {
      const reader = await probe.runAndReadAll(
        'SELECT sum(memory_usage_bytes)::BIGINT AS b FROM duckdb_memory()',
      );
      duckdb = Math.max(duckdb, Number(reader.getRows()[0]?.[0] ?? 0));
    } finally {
      probing = false;
    }
  };
  const timer = setInterval(() => void sample(), 100);
  return {
    take() {
      const seen = { rss: Math.max(rss, process.memoryUsage.rss()), duckdb };
      rss = 0;
      duckdb = 0;
      return seen;
    },
    stop: () => clearInterval(timer),
  };
}

async function main(): Promise<void> {
  const path = process.env.KEYTRAIL_BENCH_CASE;
  if (!path || !existsSync(path)) {
    throw new Error('KEYTRAIL_BENCH_CASE must name a case made by npm run bench:paths');
  }
  const only = process.env.KEYTRAIL_BENCH_RULES?.split(',');
  const rules = only ? allRules.filter((r) => only.includes(r.id)) : allRules;
  const db = await CaseDb.open(path);
  const size = await db.one<{ events: string; links: string; nodes: string; limit: string }>(
    `SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM links) AS links,
       (SELECT count(*) FROM nodes) AS nodes, current_setting('memory_limit') AS limit`,
  );
  console.log(
    `${path}: ${Number(size?.events).toLocaleString('en-US')} events, ` +
      `${Number(size?.links).toLocaleString('en-US')} links, ` +
      `${Number(size?.nodes).toLocaleString('en-US')} nodes; memory_limit ${size?.limit}`,
  );

  const probe = await db.connect();
  const memory = memorySampler(probe);
  const started = performance.now();
  try {
    memory.take();
    const result = await runFindings(db, rules, ({ step, hits, ms }) => {
      const seen = memory.take();
      console.log(
        `  ${step.padEnd(34)} ${seconds(ms).padStart(10)}  ${String(hits).padStart(5)} hits  ` +
          `RSS ${mb(seen.rss)}, DuckDB ${mb(seen.duckdb)}`,
      );
    });
    const ms = performance.now() - started;
    const ingest = existsSync(`${path}.ingest-ms`)
      ? Number(readFileSync(`${path}.ingest-ms`, 'utf8'))
      : NaN;
    console.log(
      `findings ${result.findings.toLocaleString('en-US')}: ${seconds(ms)} ` +
        `(findings / ingest ${(ms / ingest).toFixed(2)})`,
    );
  } finally {
    memory.stop();
    console.log(`peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`);
    probe.closeSync();
    db.close();
  }
}

await main();
