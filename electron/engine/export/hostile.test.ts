import { parse as parseCsv } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseHtml } from 'parse5';
import { beforeAll, describe, expect, it } from 'vitest';
import { requests } from '../../../shared/contract.js';
import { repoRoot } from '../../../test/corpus.js';
import { useTempCase } from '../../../test/tempCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { ingest } from '../ingest/ingest.js';
import { exportReport, exportTimeline } from './exportCase.js';

const hostile = join(repoRoot, 'test/fixtures/hostile/cloudtrail-hostile.json');
const c = useTempCase({ perFile: true });

interface HtmlNode {
  nodeName: string;
  tagName?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: HtmlNode[];
  content?: HtmlNode;
}

function* walk(node: HtmlNode): Generator<HtmlNode> {
  yield node;
  for (const child of node.childNodes ?? []) yield* walk(child);
  if (node.content) yield* walk(node.content);
}

beforeAll(async () => {
  const summary = await ingest(c.db, [hostile]);
  await rebuildGraph(c.db);
  // The fixture holds six records; all must load for the test to mean anything.
  expect(summary.eventsAdded).toBe(6);
});

describe('exports of hostile log content', () => {
  it('writes no CSV cell that a spreadsheet would read as a formula', async () => {
    for (const format of ['csv', 'timesketch-csv'] as const) {
      const out = join(c.dir, `hostile.${format}`);
      await exportTimeline(c.db, requests.exportTimeline.parse({ out, format }));
      const rows = parseCsv(readFileSync(out), { relax_column_count: false }) as string[][];
      expect(rows).toHaveLength(7);
      const cells = rows.flat();
      expect(cells.some((cell) => cell.includes('<script>'))).toBe(true);
      for (const cell of cells) {
        expect(cell).not.toMatch(/^[=+\-@\t\r]/);
        expect(cell).not.toContain('\u0000');
      }
      // The apostrophe keeps the text readable: the formula is still there, as text.
      expect(cells).toContain(`'=cmd|' /C calc'!A0 <script>alert(1)</script>`);
    }
  });

  it('keeps numbers as numbers in Timesketch CSV', async () => {
    const out = join(c.dir, 'numbers.csv');
    await exportTimeline(c.db, requests.exportTimeline.parse({ out, format: 'timesketch-csv' }));
    const rows = parseCsv(readFileSync(out), { columns: true }) as Record<string, string>[];
    // 2024-03-01T10:00:00Z, counted by hand: 19783 days after 1970-01-01, plus ten hours.
    expect(rows[0]?.timestamp).toBe(String((19783 * 86400 + 36000) * 1_000_000));
  });

  it('escapes the NUL byte in JSONL and keeps every line valid JSON', async () => {
    const out = join(c.dir, 'hostile.jsonl');
    await exportTimeline(c.db, requests.exportTimeline.parse({ out, format: 'jsonl' }));
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain('\u0000');
    expect(text).toContain('\\u0000');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    const parsed = lines.map((l) => JSON.parse(l) as { raw: string; action: string });
    expect(parsed.some((p) => p.action.length > 99_000)).toBe(true);
  });

  it('writes an HTML report with no script, no event handler and no javascript: URL', async () => {
    const out = join(c.dir, 'hostile.html');
    await exportReport(c.db, requests.exportReport.parse({ out, format: 'html' }));
    const html = readFileSync(out, 'utf8');
    const nodes = [...walk(parseHtml(html) as unknown as HtmlNode)];
    const elements = nodes.filter((n) => n.tagName);

    expect(elements.filter((n) => n.tagName === 'script')).toHaveLength(0);
    expect(
      elements.some((n) => ['iframe', 'object', 'embed', 'img', 'a'].includes(n.tagName!)),
    ).toBe(false);
    for (const element of elements) {
      for (const attr of element.attrs ?? []) {
        expect(attr.name).not.toMatch(/^on/i);
        expect(attr.value).not.toMatch(/^\s*javascript:/i);
      }
    }
    const csp = elements.find(
      (n) => n.tagName === 'meta' && n.attrs?.some((a) => a.value === 'Content-Security-Policy'),
    );
    const policy = csp?.attrs?.find((a) => a.name === 'content')?.value ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'none'");
    // The hostile text is there, as text: shown, not run.
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('[U+202E]');
    expect(html).not.toContain('\u202E');
    // The manifest names the file with the SHA-256 of its bytes.
    const sha = createHash('sha256').update(readFileSync(hostile)).digest('hex');
    expect(html).toContain(`<td class="mono id">${sha}</td>`);
  });

  it('writes a STIX bundle that is valid JSON with the hostile text intact as strings', async () => {
    const out = join(c.dir, 'hostile.stix.json');
    await exportReport(c.db, requests.exportReport.parse({ out, format: 'stix' }));
    const bundle = JSON.parse(readFileSync(out, 'utf8')) as { objects: { user_id?: string }[] };
    const accounts = bundle.objects.filter((o) => o.user_id?.startsWith('aws:key:AKIA'));
    expect(accounts.some((a) => a.user_id?.includes('<script>'))).toBe(true);
  });
});
