import { resolve } from 'node:path';
import type { IngestSummary } from '../../shared/model.js';
import { call, casePath, exitCodes, printJson, withCase } from './common.js';
import { progressLine } from './progressLine.js';
import { formatTable } from './table.js';

function printSummary(summary: IngestSummary, graph: { nodes: number; links: number }): void {
  const rows = summary.files.map((f) => [
    f.status,
    f.format,
    f.recordsRead,
    f.recordsRejected,
    f.path + (f.skipReason ? `  (${f.skipReason})` : f.firstError ? `  (${f.firstError})` : ''),
  ]);
  const seconds = (summary.durationMs / 1000).toFixed(1);
  process.stdout.write(
    `${formatTable(['STATUS', 'FORMAT', 'RECORDS', 'REJECTED', 'FILE'], rows)}\n\n` +
      `Added ${summary.eventsAdded} events from ${summary.files.length} files in ${seconds} s ` +
      `(${summary.recordsRejected} records rejected).\n` +
      `The case now holds ${graph.nodes} nodes and ${graph.links} links.\n`,
  );
}

/** `keytrail ingest CASE BUNDLE...`: add evidence, rebuild the graph, report per file. */
export async function ingestCommand(
  caseArg: string,
  bundles: string[],
  options: { json?: boolean },
): Promise<number> {
  const path = casePath(caseArg, false);
  const progress = progressLine();

  return withCase(path, true, async (engine) => {
    const unsubscribe = engine.onProgress((p) => progress.update(p));
    let summary: IngestSummary;
    try {
      summary = await call(engine, 'addEvidence', { paths: bundles.map((b) => resolve(b)) });
    } finally {
      unsubscribe();
      progress.end();
    }

    const info = await call(engine, 'caseInfo', {});
    if (options.json) printJson(summary);
    else printSummary(summary, { nodes: info?.nodeCount ?? 0, links: info?.linkCount ?? 0 });

    const troubled = summary.files.some((f) => f.status === 'failed' || f.status === 'partial');
    return troubled || summary.recordsRejected > 0 ? exitCodes.partial : exitCodes.ok;
  });
}
