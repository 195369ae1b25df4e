import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { CaseDb } from '../case/CaseDb.js';
import { streamRows, type ExportRow } from './exportRows.js';
import { escapeHtml as h, shorten } from './htmlEscape.js';
import type { ReportData } from './reportData.js';
import type { ReportGraph } from './reportGraphs.js';
import { reportCsp, reportCss } from './reportStyle.js';
import { svgGraph } from './svgGraph.js';

export interface ReportOptions {
  title: string;
  timelineLimit: number;
}

/** A cell: escaped, cut to a length a page can hold, with the full length said when cut. */
function cell(value: string | null | undefined, max = 240, className?: string): string {
  const open = className ? `<td class="${className}">` : '<td>';
  if (value === null || value === undefined || value === '') return `${open}</td>`;
  const cut = value.length > max ? ` <span class="muted">(${value.length} characters)</span>` : '';
  return `${open}${h(shorten(value, max))}${cut}</td>`;
}

/**
 * A cell of an identifier, path or hash: long runs without spaces, the only text allowed to
 * break anywhere. Words elsewhere wrap between words.
 */
function idCell(value: string | null | undefined, max = 240): string {
  return cell(value, max, 'id');
}

function num(value: number | string): string {
  return `<td class="num">${h(value)}</td>`;
}

function table(headers: string[], rows: string[]): string {
  if (rows.length === 0) return '<p class="muted">None.</p>';
  const head = headers.map((x) => `<th>${h(x)}</th>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

function summary(data: ReportData, graphs: ReportGraph[]): string {
  const inferred = data.links.filter((l) => l.proof === 'inferred').length;
  const rows = [
    ['Case file', data.casePath],
    ['Case created', data.createdAt],
    ['Report time', data.generatedAt],
    ['Events selected', String(data.eventCount)],
    ['Links they prove', `${data.links.length} (${inferred} inferred)`],
    ['Nodes on those links', String(data.nodes.length)],
    [
      'Findings',
      data.tables.findings ? String(data.findings.length) : 'no findings table in this case',
    ],
    ['Path pictures', String(graphs.length)],
    ['Evidence files', String(data.evidence.length)],
    ['Selection', JSON.stringify(data.selection)],
  ];
  const ids = new Set(['Case file', 'Selection']);
  const body = rows
    .map(([k, v]) => `<tr><th>${h(k)}</th>${ids.has(k!) ? idCell(v, 2000) : cell(v, 2000)}</tr>`)
    .join('\n');
  return `<table class="summary"><tbody>${body}</tbody></table>`;
}

function findings(data: ReportData): string {
  if (!data.tables.findings) return '<p class="muted">This case has no findings table.</p>';
  const rows = data.findings.map(
    (f) =>
      `<tr><td class="nowrap sev-${h(f.severity)}">${h(f.severity)}</td>${cell(f.title)}` +
      `<td class="nowrap">${h(f.technique)}</td>` +
      `${cell(f.summary, 1000)}${cell(f.firstTime)}${cell(f.lastTime)}${idCell(f.ruleId)}` +
      `${num(f.eventIds.length)}</tr>`,
  );
  return table(['Severity', 'Title', 'ATT&CK', 'Summary', 'First', 'Last', 'Rule', 'Events'], rows);
}

function inferredLinks(data: ReportData): string {
  const rows = data.links
    .filter((l) => l.proof === 'inferred')
    .map(
      (l) =>
        `<tr>${idCell(l.from)}${cell(l.kind)}${idCell(l.to)}${cell(l.reason, 1000)}` +
        `${num(l.score.toFixed(2))}${num(l.evidence_count)}${idCell(l.evidence.slice(0, 5).join(' '))}</tr>`,
    );
  return table(['From', 'Link', 'To', 'Reason', 'Score', 'Events', 'First events'], rows);
}

function timelineRow(r: ExportRow): string {
  const star = r.starred ? '<span class="star">★</span>' : '';
  return (
    `<tr>${cell(r.time)}${cell(r.source)}${cell(r.action)}${cell(r.outcome)}` +
    `${idCell(r.actor_display ?? r.actor)}${idCell(r.credential)}${idCell(r.target_display ?? r.target)}` +
    `${cell(r.src_ip)}<td>${star}</td>${cell(r.tags.join(', '))}${cell(r.note, 1000)}` +
    `<td class="mono id">${h(r.event_id)}</td></tr>`
  );
}

function evidence(data: ReportData): string {
  const rows = data.evidence.map(
    (e) =>
      `<tr>${idCell(e.path, 400)}${idCell(e.bundle, 400)}${cell(e.format)}${cell(e.status)}` +
      `${num(e.recordsRead)}${num(e.recordsRejected)}${num(e.size)}<td class="mono id">${h(e.sha256)}</td></tr>`,
  );
  return table(
    ['File', 'Bundle', 'Format', 'Status', 'Records', 'Rejected', 'Bytes', 'SHA-256'],
    rows,
  );
}

function history(data: ReportData): string {
  if (!data.tables.annotationLog) {
    return '<p class="muted">This case has no annotation history table.</p>';
  }
  const rows = data.history.map(
    (c) =>
      `<tr>${num(c.seq)}${cell(c.at)}${cell(c.targetKind)}${idCell(c.targetId)}${cell(c.change, 2000)}</tr>`,
  );
  return table(['#', 'When', 'On', 'Target', 'Change'], rows);
}

function queries(data: ReportData, options: ReportOptions, graphs: ReportGraph[]): string {
  const parts = data.queries.map(
    (q) =>
      `<h3>${h(q.part)}</h3><pre>${h(q.sql.replace(/\n\s+/g, '\n  '))}</pre>` +
      `<p>Parameters: <code>${h(q.params)}</code></p>`,
  );
  const pictures = graphs.map((g) => `<li>${h(g.title)}: ${h(g.source)}</li>`).join('');
  const settings = JSON.stringify({ case: data.settings, report: options });
  return (
    `${parts.join('\n')}<h3>Path pictures</h3><ul>${pictures}</ul>` +
    `<h3>Settings</h3><pre>${h(settings)}</pre>`
  );
}

/**
 * Write the case report as one HTML file that needs nothing else: no script, no remote
 * resource, a Content-Security-Policy that forbids both, and every value from the case escaped.
 * The timeline is streamed from DuckDB and stops at `timelineLimit` rows, saying how many more.
 */
export async function writeHtmlReport(
  db: CaseDb,
  path: string,
  data: ReportData,
  graphs: ReportGraph[],
  options: ReportOptions,
): Promise<void> {
  const stream = createWriteStream(path);
  const done = once(stream, 'finish');
  // Awaited at the end; caught here too so that an early write error is not left unhandled.
  done.catch(() => undefined);
  await write(
    stream,
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n` +
      `<meta http-equiv="Content-Security-Policy" content="${h(reportCsp)}">\n` +
      `<meta name="referrer" content="no-referrer">\n<title>${h(options.title)}</title>\n` +
      `<style>${reportCss}</style></head><body>\n<h1>${h(options.title)}</h1>\n` +
      `<p class="muted">Keytrail case report, ${h(data.generatedAt)}</p>\n` +
      `<h2 id="summary">Summary</h2>${summary(data, graphs)}\n` +
      `<h2 id="findings">Findings</h2>${findings(data)}\n<h2 id="paths">Access paths</h2>\n`,
  );
  if (graphs.length === 0) await write(stream, '<p class="muted">No links to draw.</p>');
  for (const [index, graph] of graphs.entries()) {
    const svg = await svgGraph(String(index), graph.nodes, graph.links);
    await write(
      stream,
      `<h3>${h(graph.title)}</h3><p class="muted">${graph.nodes.length} nodes, ` +
        `${graph.links.length} links; dashed links are inferred.</p>` +
        `<div class="graph-box">${svg}</div>\n`,
    );
  }
  await write(stream, `<h2 id="inferred">Inferred links</h2>${inferredLinks(data)}\n`);

  await write(
    stream,
    `<h2 id="timeline">Timeline</h2><table><thead><tr><th>Time (UTC)</th><th>Source</th>` +
      `<th>Action</th><th>Outcome</th><th>Actor</th><th>Credential</th><th>Target</th>` +
      `<th>Address</th><th>★</th><th>Tags</th><th>Note</th><th>Event</th></tr></thead><tbody>\n`,
  );
  let shown = 0;
  if (options.timelineLimit > 0) {
    for await (const row of streamRows(db, data.rows)) {
      await write(stream, `${timelineRow(row)}\n`);
      if (++shown >= options.timelineLimit) break;
    }
  }
  const rest = data.eventCount - shown;
  await write(
    stream,
    `</tbody></table>${rest > 0 ? `<p class="muted">${rest} more events are in the selection; export the timeline for all of them.</p>` : ''}\n` +
      `<h2 id="evidence">Evidence manifest</h2>${evidence(data)}\n` +
      `<h2 id="history">Annotation history</h2>${history(data)}\n` +
      `<h2 id="queries">Queries and settings</h2>${queries(data, options, graphs)}\n</body></html>\n`,
  );
  stream.end();
  await done;
}
