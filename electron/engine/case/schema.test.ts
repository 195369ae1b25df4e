import { afterEach, describe, expect, it } from 'vitest';
import { requests } from '../../../shared/contract.js';
import { chainCase, ids } from '../graph/chainFixture.js';
import { findPaths } from '../graph/paths.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import type { CaseDb } from './CaseDb.js';
import { migrations } from './schema.js';

let db: CaseDb | undefined;
afterEach(() => db?.close());

const search = (c: CaseDb, direction: 'forward' | 'backward') =>
  findPaths(c, requests.paths.parse({ from: ids.K1, direction }));

describe('schema version 5', () => {
  it('numbers the graph of a case built before it, so its paths stay the same', async () => {
    db = await chainCase();
    await rebuildGraph(db);
    const forward = await search(db, 'forward');
    const backward = await search(db, 'backward');
    expect(forward.links.length).toBeGreaterThan(0);
    expect(backward.links.length).toBeGreaterThan(0);

    // The case as version 4 left it: the same graph in version 1's tables, without numbers or
    // links_in, its rows in no particular order.
    const v1 = (table: string) =>
      (migrations[1] ?? []).find((sql) => sql.startsWith(`CREATE TABLE ${table} (`)) ?? '';
    await db.run('DROP TABLE links_in');
    const v4: [string, string][] = [
      ['nodes', 'node_id, kind, label, first_time, last_time'],
      [
        'links',
        `link_id, from_id, to_id, kind, proof, reason, score, first_time, last_time,
        call_count, evidence_count, failure_count`,
      ],
      ['link_evidence', 'link_id, event_id, time, call_id'],
    ];
    for (const [table, cols] of v4) {
      await db.run(`CREATE TEMP TABLE old AS SELECT ${cols} FROM ${table} ORDER BY hash(${cols})`);
      await db.run(`DROP TABLE ${table}`);
      await db.run(v1(table));
      await db.run(`INSERT INTO ${table} SELECT * FROM old`);
      await db.run('DROP TABLE old');
    }
    for (const statement of migrations[5] ?? []) await db.run(statement);

    expect(await search(db, 'forward')).toEqual(forward);
    expect(await search(db, 'backward')).toEqual(backward);
    const unnumbered = await db.one<{ n: string }>(
      `SELECT (SELECT count(*) FROM nodes WHERE node_no IS NULL)
         + (SELECT count(*) FROM links WHERE link_no IS NULL OR from_no IS NULL OR to_no IS NULL)
         + (SELECT count(*) FROM link_evidence WHERE link_no IS NULL) AS n`,
    );
    expect(Number(unnumbered?.n)).toBe(0);
  });

  it('numbers nodes in id order and links in the order of their from end', async () => {
    db = await chainCase();
    await rebuildGraph(db);
    const nodes = await db.all<{ node_id: string; node_no: string }>(
      'SELECT node_id, node_no::VARCHAR AS node_no FROM nodes',
    );
    const byId = [...nodes].sort((a, b) => (a.node_id < b.node_id ? -1 : 1));
    expect(byId.map((n) => Number(n.node_no))).toEqual(byId.map((_, i) => i + 1));

    const links = await db.all<{ from_id: string; to_id: string; from_no: string; to_no: string }>(
      `SELECT from_id, to_id, from_no::VARCHAR AS from_no, to_no::VARCHAR AS to_no FROM links
       ORDER BY link_no`,
    );
    const no = new Map(nodes.map((n) => [n.node_id, n.node_no]));
    for (const l of links) {
      expect([l.from_no, l.to_no]).toEqual([no.get(l.from_id), no.get(l.to_id)]);
    }
    const froms = links.map((l) => Number(l.from_no));
    expect(froms).toEqual([...froms].sort((a, b) => a - b));
    const inbound = await db.one<{ n: string }>(
      `SELECT count(*) AS n FROM links_in i JOIN links l USING (link_no)
       WHERE i.to_no = l.to_no AND i.from_no = l.from_no AND i.kind = l.kind`,
    );
    expect(Number(inbound?.n)).toBe(links.length);
  });
});
