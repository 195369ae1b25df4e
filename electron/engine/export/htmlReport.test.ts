import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requests } from '../../../shared/contract.js';
import { useTempCase } from '../../../test/tempCase.js';
import type { CaseDb } from '../case/CaseDb.js';
import { chainCase, ids } from '../graph/chainFixture.js';
import { eid } from '../graph/fixtureCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { exportReport } from './exportCase.js';
import { annotateEvent } from './exportFixture.js';
import { reportCss } from './reportStyle.js';

const c = useTempCase();
let db: CaseDb | undefined;
afterEach(() => db?.close());

async function report(d: CaseDb, name: string, extra = {}) {
  const out = join(c.dir, name);
  await exportReport(
    d,
    requests.exportReport.parse({
      out,
      format: 'html',
      generatedAt: '2024-02-01T00:00:00Z',
      ...extra,
    }),
  );
  return readFileSync(out, 'utf8');
}

async function annotatedChain(): Promise<CaseDb> {
  db = await chainCase();
  await rebuildGraph(db);
  await annotateEvent(db, 'E3', { tags: ['secret'], note: 'read twice', starred: true, seq: 7 });
  return db;
}

describe('HTML report', () => {
  it('holds every part, with a policy that allows its own stylesheet and nothing else', async () => {
    const html = await report(await annotatedChain(), 'r.html');
    for (const id of ['summary', 'findings', 'paths', 'inferred', 'timeline', 'evidence']) {
      expect(html).toContain(`<h2 id="${id}">`);
    }
    expect(html).toContain('<h2 id="history">');
    expect(html).toContain('<h2 id="queries">');
    const hash = createHash('sha256').update(reportCss).digest('base64');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    const policy = (meta?.[1] ?? '').replaceAll('&#39;', "'");
    expect(policy).toContain(`style-src 'sha256-${hash}'`);
    expect(policy).toMatch(/^default-src 'none';/);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg" class="graph"');
  });

  it('lists the evidence with its hash, the annotated timeline and the annotation history', async () => {
    const html = await report(await annotatedChain(), 'r.html');
    // fixtureCase records its one file with the hash 'aa'.
    expect(html).toMatch(/<td class="id">trail\.json<\/td>.*<td class="mono id">aa<\/td>/);
    expect(html).toContain(`<td>read twice</td><td class="mono id">${eid('E3')}</td>`);
    expect(html).toContain('<td>secret</td>');
    expect(html).toMatch(
      /<td class="num">7<\/td><td>2024-02-01T12:00:00\.000000Z<\/td><td>event<\/td>/,
    );
    expect(html).toContain('ORDER BY e.time NULLS LAST, e.event_id');
  });

  it('breaks ids, paths and hashes anywhere, and other text between words only', async () => {
    const html = await report(await annotatedChain(), 'r.html');

    // The stylesheet: no cell breaks inside a word, save those marked as ids.
    expect(reportCss).toMatch(/th, td \{[^}]*word-break: normal; overflow-wrap: normal; \}/);
    expect(reportCss).toContain('td.id { overflow-wrap: anywhere; }');
    // A timeline row: the action (a word) plain, the credential and the event id marked.
    expect(html).toContain('<td>AssumeRole</td>');
    expect(html).toContain(`<td class="id">${ids.KA}</td>`);
    expect(html).toMatch(/<th>Case file<\/th><td class="id">/);
    expect(html).toMatch(/<th>Events selected<\/th><td>8<\/td>/);
  });

  it('draws the access paths through a node asked for, and is the same twice', async () => {
    const d = await annotatedChain();
    const first = await report(d, 'a.html', { pathsFrom: [ids.KA] });
    const second = await report(d, 'b.html', { pathsFrom: [ids.KA] });
    expect(first).toContain(`<h3>Access paths through ${ids.KA}</h3>`);
    expect(first).toContain(`<title>${ids.KA}</title>`);
    expect(second).toBe(first);
  });

  it("gives each inferred link's reason and score, and draws it dashed", async () => {
    const d = await annotatedChain();
    // An inferred link as the links work writes them: same tables and numbering, proof
    // 'inferred', to an address node that the chain does not have.
    await d.run(
      `INSERT INTO nodes (node_id, kind, label, node_no)
       SELECT 'ip:9.9.9.9', 'ip', '9.9.9.9', max(node_no) + 1 FROM nodes`,
    );
    await d.run(
      `INSERT INTO links (link_id, from_id, to_id, kind, proof, reason, score, first_time,
         last_time, call_count, evidence_count, failure_count, link_no, from_no, to_no)
       SELECT 'ffffffffffffffffffffffffffffffff', $from, 'ip:9.9.9.9', 'from_address', 'inferred',
         'same source address within 30 seconds as the AssumeRole', 0.62,
         TIMESTAMPTZ '2024-01-01 10:00:00+00', TIMESTAMPTZ '2024-01-01 10:00:00+00', 1, 1, 0,
         (SELECT max(link_no) + 1 FROM links),
         (SELECT node_no FROM nodes WHERE node_id = $from),
         (SELECT node_no FROM nodes WHERE node_id = 'ip:9.9.9.9')`,
      { from: ids.KA },
    );
    await d.run(
      `INSERT INTO links_in SELECT to_no, from_no, link_no, kind, proof, epoch_us(first_time),
         epoch_us(last_time) FROM links WHERE link_id = 'ffffffffffffffffffffffffffffffff'`,
    );
    await d.run(
      `INSERT INTO link_evidence (link_id, event_id, time, call_id, link_no)
       SELECT 'ffffffffffffffffffffffffffffffff', $e, TIMESTAMPTZ '2024-01-01 10:00:00+00', 'E1',
         link_no FROM links WHERE link_id = 'ffffffffffffffffffffffffffffffff'`,
      { e: eid('E1') },
    );
    const html = await report(d, 'i.html', { pathsFrom: [ids.KA] });
    const inferred = html.slice(
      html.indexOf('<h2 id="inferred">'),
      html.indexOf('<h2 id="timeline">'),
    );
    expect(inferred).toContain('<td>same source address within 30 seconds as the AssumeRole</td>');
    expect(inferred).toContain('<td class="num">0.62</td>');
    expect(html).toMatch(
      /<g class="edge inferred"><title>aws:key:AKIAALICE from_address ip:9\.9\.9\.9/,
    );
  });

  it('lists only as many timeline rows as asked and says how many more there are', async () => {
    const html = await report(await annotatedChain(), 'r.html', { timelineLimit: 3 });
    // chainFixture holds eight events.
    expect(html).toContain('5 more events are in the selection');
  });
});
