import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CoverageReport, IngestSummary } from '../../shared/model.js';
import { call, casePath, CliError, exitCodes, printJson, withCase } from './common.js';
import { progressLine } from './progressLine.js';
import { formatTable } from './table.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function printSummary(
  summary: IngestSummary,
  graph: { nodes: number; links: number },
  coverage: CoverageReport,
): void {
  const rows = summary.files.map((f) => [
    f.status,
    f.format,
    f.recordsRead,
    f.recordsRejected,
    f.recordsDuplicate,
    f.path + (f.skipReason ? `  (${f.skipReason})` : f.firstError ? `  (${f.firstError})` : ''),
  ]);
  const seconds = (summary.durationMs / 1000).toFixed(1);
  const count = (status: string) => summary.files.filter((f) => f.status === status).length;
  const troubles = [
    `${plural(summary.recordsRejected, 'record')} rejected`,
    `${plural(count('failed'), 'file')} failed`,
    `${plural(count('skipped'), 'file')} skipped as not logs`,
    `${plural(count('duplicate'), 'file')} already in the case`,
  ];
  const copies = summary.files.reduce((sum, f) => sum + f.recordsDuplicate, 0);
  if (copies > 0) troubles.push(`${plural(copies, 'record')} already in the case, kept once`);
  const listed = plural(coverage.listedLogFiles, 'log file');
  const gaps = coverage.missing.length
    ? `CloudTrail digests list ${listed}; the case lacks ${coverage.missing.length} of them, ` +
      `such as ${coverage.missing[0]?.s3Object}.\n`
    : coverage.listedLogFiles > 0
      ? `CloudTrail digests list ${listed}; the case holds every one.\n`
      : '';
  process.stdout.write(
    `${formatTable(['STATUS', 'FORMAT', 'RECORDS', 'REJECTED', 'COPIES', 'FILE'], rows)}\n\n` +
      `Added ${plural(summary.eventsAdded, 'event')} from ` +
      `${plural(summary.files.length, 'file')} in ${seconds} s (${troubles.join(', ')}).\n` +
      `The case now holds ${plural(graph.nodes, 'node')} and ${plural(graph.links, 'link')}.\n` +
      gaps,
  );
}

/** `keytrail ingest CASE BUNDLE...`: add evidence, rebuild the graph, report per file. */
export async function ingestCommand(
  caseArg: string,
  bundles: string[],
  options: { json?: boolean },
): Promise<number> {
  const path = casePath(caseArg, false);
  const missing = bundles.map((b) => resolve(b)).filter((b) => !existsSync(b));
  if (missing.length) {
    // Checked before the case is opened, so that a mistyped path does not leave an empty case.
    throw new CliError(
      `Failed to add evidence: ${missing.join(', ')} does not exist`,
      exitCodes.notFound,
      'Check the path; nothing was added and no case was created or changed.',
    );
  }
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
    else {
      const graph = { nodes: info?.nodeCount ?? 0, links: info?.linkCount ?? 0 };
      printSummary(summary, graph, await call(engine, 'coverage', {}));
    }

    const troubled = summary.files.some((f) => f.status === 'failed' || f.status === 'partial');
    return troubled || summary.recordsRejected > 0 ? exitCodes.partial : exitCodes.ok;
  });
}
