import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestOf } from '../../../shared/contract.js';
import type { ExportSummary } from '../../../shared/model.js';
import type { CaseDb } from '../case/CaseDb.js';
import { childLogger } from '../log.js';
import { writeHtmlReport } from './htmlReport.js';
import { checkOutPath, writeAtomically } from './outputFile.js';
import { exportParquet } from './parquetExport.js';
import { printPdf, stampPdfDates, type PdfPrinter } from './pdfReport.js';
import { readReportData } from './reportData.js';
import { reportGraphs } from './reportGraphs.js';
import { stixBundle } from './stixBundle.js';
import { exportTimelineFile } from './timelineExport.js';

const log = childLogger('export');

/** Export the selected events as a timeline file (CSV, JSONL, Timesketch) or Parquet. */
export async function exportTimeline(
  db: CaseDb,
  request: RequestOf<'exportTimeline'>,
): Promise<ExportSummary> {
  const kind = request.format === 'parquet' ? 'folder' : 'file';
  const out = checkOutPath(request.out, db.path, `the timeline as ${request.format}`, kind);
  const written =
    request.format === 'parquet'
      ? await exportParquet(db, out, request.filter)
      : await exportTimelineFile(db, out, request.format, request.filter);
  return { format: request.format, ...written };
}

/** Export the case report (HTML or PDF) or the paths and findings as a STIX 2.1 bundle. */
export async function exportReport(
  db: CaseDb,
  request: RequestOf<'exportReport'>,
  printer?: PdfPrinter,
): Promise<ExportSummary> {
  const started = Date.now();
  const out = checkOutPath(request.out, db.path, `the report as ${request.format}`);
  const data = await readReportData(db, request.filter, request.generatedAt);
  const what = `the report as ${request.format}`;

  let written;
  let objects: number | undefined;
  if (request.format === 'stix') {
    const bundle = stixBundle(data);
    objects = bundle.objects.length;
    written = await writeAtomically(out, what, (partial) =>
      writeFile(partial, `${JSON.stringify(bundle, null, 2)}\n`),
    );
  } else {
    const graphs = await reportGraphs(db, data, request.pathsFrom);
    const options = {
      title: request.title ?? 'Keytrail case report',
      timelineLimit: request.timelineLimit,
    };
    written = await writeAtomically(out, what, async (partial) => {
      if (request.format === 'html') return writeHtmlReport(db, partial, data, graphs, options);
      const dir = await mkdtemp(join(tmpdir(), 'keytrail-report-'));
      try {
        const html = join(dir, 'report.html');
        await writeHtmlReport(db, html, data, graphs, options);
        await printPdf(html, partial, printer);
        await stampPdfDates(partial, data.generatedAt);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
  log.info(
    { format: request.format, bytes: written.bytes, ms: Date.now() - started },
    'exported report',
  );
  return {
    format: request.format,
    ...written,
    events: data.eventCount,
    skipped: 0,
    ...(objects === undefined ? {} : { objects }),
  };
}
