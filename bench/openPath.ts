import { existsSync } from 'node:fs';
import { requests, type RequestIn } from '../shared/contract.js';
import { CaseDb } from '../electron/engine/case/CaseDb.js';
import { findPaths } from '../electron/engine/graph/paths.js';
import { timeline, timelineCount } from '../electron/engine/queries/timeline.js';
import {
  currentTimelineOrder,
  rebuildTimelineOrder,
} from '../electron/engine/queries/timelineOrder.js';

/**
 * `KEYTRAIL_BENCH_CASE=/path/x.keytrail.duckdb npm run bench:open-path`: what opening a wide path
 * in the window asks of the engine on a kept case (bench:paths makes one), step by step. The node
 * is KEYTRAIL_BENCH_NODE, or the IAM user holding the most keys, as the Chromium speed spec
 * picks it. Times the path search as the window asks for it (both directions), again with fewer
 * evidence ids a link, then the first timeline page of the path's links and their count. A case
 * without the timeline's kept order gets it first, and that is timed too.
 */

async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await work();
  console.log(`${name.padEnd(52)} ${(performance.now() - started).toFixed(0).padStart(8)} ms`);
  return value;
}

async function main(): Promise<void> {
  const path = process.env.KEYTRAIL_BENCH_CASE;
  if (!path || !existsSync(path)) {
    throw new Error('KEYTRAIL_BENCH_CASE must name a kept case (npm run bench:paths makes one)');
  }
  const db = await CaseDb.open(path);
  try {
    if (!(await currentTimelineOrder(db))) {
      await timed('keeping the timeline order', () => rebuildTimelineOrder(db));
    }
    const node =
      process.env.KEYTRAIL_BENCH_NODE ??
      (
        await db.one<{ node: string }>(
          `SELECT from_id AS node FROM links
           WHERE kind = 'holds' AND starts_with(from_id, 'aws:user:')
           GROUP BY from_id ORDER BY count(*) DESC, from_id LIMIT 1`,
        )
      )?.node;
    if (!node) throw new Error(`${path} has no user with keys`);
    console.log(`path of ${node}`);

    const paths = (request: Omit<RequestIn<'paths'>, 'from'>) =>
      findPaths(db, requests.paths.parse({ from: node, ...request }));
    const graph = await timed('paths, as the window asks (both directions)', () => paths({}));
    const evidence = graph.links.reduce((n, l) => n + l.evidence.length, 0);
    console.log(
      `  ${graph.nodes.length} nodes, ${graph.links.length} links, ${evidence} evidence ids`,
    );
    await timed('the same, again', () => paths({}));
    await timed('the same with 50 evidence ids a link', () => paths({ evidenceLimit: 50 }));
    await timed('the same with no evidence ids', () => paths({ evidenceLimit: 0 }));

    const linkIds = graph.links.map((l) => l.id);
    const page = await timed('timeline: first page of the path', () =>
      timeline(db, requests.timeline.parse({ linkIds, count: false })),
    );
    const total = await timed('timeline: count of the path', () =>
      timelineCount(db, requests.timelineCount.parse({ linkIds })),
    );
    console.log(`  ${page.rows.length} rows of ${total}`);
    console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  } finally {
    db.close();
  }
}

await main();
