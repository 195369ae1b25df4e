import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requests } from '../shared/contract.js';
import { CaseDb } from '../electron/engine/case/CaseDb.js';
import { runFindings } from '../electron/engine/findings/runFindings.js';
import { findPaths } from '../electron/engine/graph/paths.js';
import { rebuildGraph } from '../electron/engine/graph/rebuildGraph.js';
import { ingest } from '../electron/engine/ingest/ingest.js';
import { writeChains } from './chains.js';
import { generateCorpus } from './generate.js';

/**
 * `npm run bench:paths`: 1 M CloudTrail-like events (KEYTRAIL_BENCH_EVENTS for another size, such
 * as 10000000) with one four-hop access chain per 500 events among the noise. Prints the ingest
 * time, the time to build links against it, and p50/p95 of forward and backward path searches
 * (the API's defaults) from 100 starting nodes, half on chains and half anywhere. Targets: p95 under
 * 300 ms at 10 M, links in less time than the ingest. KEYTRAIL_BENCH_FINDINGS=1 also times the
 * findings rules, a line each; npm run bench:findings times them again on a kept case.
 */

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}

async function countGraph(db: CaseDb): Promise<{ links: number; nodes: number }> {
  const row = await db.one<{ links: string; nodes: string }>(
    `SELECT (SELECT count(*) FROM links) AS links, (SELECT count(*) FROM nodes) AS nodes`,
  );
  return { links: Number(row?.links), nodes: Number(row?.nodes) };
}

async function startNodes(db: CaseDb): Promise<string[]> {
  // hash() with a fixed salt: the same 100 nodes for the same corpus, spread over the table.
  const pick = (where: string) =>
    db.all<{ node_id: string }>(
      `SELECT node_id FROM nodes WHERE ${where} ORDER BY hash(node_id || 'keytrail') LIMIT 50`,
    );
  const chains = await pick(`contains(node_id, 'CHAIN') OR contains(node_id, 'chain-')`);
  const any = await pick('true');
  return [...chains, ...any].map((r) => r.node_id);
}

async function searches(db: CaseDb, starts: string[], direction: 'forward' | 'backward') {
  const times: number[] = [];
  let nodes = 0;
  for (const from of starts) {
    const [graph, ms] = await timed(() => findPaths(db, requests.paths.parse({ from, direction })));
    times.push(ms);
    nodes += graph.nodes.length;
  }
  times.sort((x, y) => x - y);
  return { p50: percentile(times, 50), p95: percentile(times, 95), nodes: nodes / starts.length };
}

async function main(): Promise<void> {
  const events = Number(process.env.KEYTRAIL_BENCH_EVENTS ?? 1_000_000);
  const chains = Math.max(1, Math.floor(events / 500));
  const work = mkdtempSync(join(tmpdir(), 'keytrail-bench-paths-'));
  const dir = join(work, 'corpus');
  // KEYTRAIL_BENCH_CASE keeps the ingested case there and, when it exists, reuses it (with the
  // ingest time it recorded), so the link and path parts can be measured again without ingesting.
  // Name it NAME.keytrail.duckdb to open it in the window (npm run bench:chromium).
  const kept = process.env.KEYTRAIL_BENCH_CASE;

  try {
    let db: CaseDb;
    let ingestMs: number;
    const reused = kept !== undefined && existsSync(kept);
    if (kept !== undefined && reused) {
      db = await CaseDb.open(kept);
      ingestMs = Number(readFileSync(`${kept}.ingest-ms`, 'utf8'));
      console.log(`reusing ${kept} (ingest took ${seconds(ingestMs)})`);
    } else {
      const noise = events - chains * 5;
      console.log(`generating ${noise.toLocaleString('en-US')} events and ${chains} chains...`);
      generateCorpus(dir, noise, Math.max(1, Math.round((200 * events) / 1_000_000)));
      writeChains(dir, chains);
      db = await CaseDb.open(kept ?? join(work, 'bench.keytrail.duckdb'), { create: true });
      const [summary, ms] = await timed(() => ingest(db, [dir]));
      ingestMs = ms;
      if (kept !== undefined) writeFileSync(`${kept}.ingest-ms`, String(ms));
      rmSync(dir, { recursive: true, force: true });
      console.log(`ingest ${summary.eventsAdded.toLocaleString('en-US')} events: ${seconds(ms)}`);
    }
    // KEYTRAIL_BENCH_LINKS=0 with a reused case keeps the links it has: paths only.
    const keepLinks = reused && process.env.KEYTRAIL_BENCH_LINKS === '0';
    const [graph, linksMs] = keepLinks
      ? [await countGraph(db), NaN]
      : await timed(() => rebuildGraph(db));
    console.log(
      `links ${graph.links.toLocaleString('en-US')} between ${graph.nodes.toLocaleString('en-US')} nodes: ` +
        (keepLinks
          ? 'kept from the case (KEYTRAIL_BENCH_LINKS=0), not timed'
          : `${seconds(linksMs)} (links / ingest ${(linksMs / ingestMs).toFixed(2)}, target < 1)`),
    );
    if (process.env.KEYTRAIL_BENCH_FINDINGS === '1') {
      const [found, findingsMs] = await timed(() =>
        runFindings(db, undefined, ({ step, hits, ms }) =>
          console.log(`  ${step.padEnd(34)} ${seconds(ms).padStart(10)}  ${hits} hits`),
        ),
      );
      console.log(
        `findings ${found.findings.toLocaleString('en-US')}: ${seconds(findingsMs)} ` +
          `(links and findings / ingest ${((linksMs + findingsMs) / ingestMs).toFixed(2)})`,
      );
    } else {
      console.log('findings: not timed (KEYTRAIL_BENCH_FINDINGS=1 times them)');
    }

    const starts = await startNodes(db);
    for (const direction of ['forward', 'backward'] as const) {
      const r = await searches(db, starts, direction);
      console.log(
        `paths ${direction.padEnd(8)} from ${starts.length} nodes: p50 ${r.p50.toFixed(0)} ms, ` +
          `p95 ${r.p95.toFixed(0)} ms (target < 300 at 10 M), ${r.nodes.toFixed(1)} nodes on average`,
      );
    }
    console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
    db.close();
  } finally {
    if (existsSync(work)) rmSync(work, { recursive: true, force: true });
  }
}

await main();
