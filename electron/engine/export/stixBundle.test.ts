import { listValue } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requests } from '../../../shared/contract.js';
import { useTempCase } from '../../../test/tempCase.js';
import type { CaseDb } from '../case/CaseDb.js';
import { chainCase, ids } from '../graph/chainFixture.js';
import { eid, lid } from '../graph/fixtureCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { exportReport } from './exportCase.js';
import { breaches, type StixLike as Obj } from './stixRules.js';

const c = useTempCase();
let db: CaseDb | undefined;
afterEach(() => db?.close());

/** uuid v5 (RFC 9562) written out here, apart from the library the exporter uses. */
function uuid5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

async function bundleOf(d: CaseDb, name: string, generatedAt = '2024-02-01T00:00:00Z') {
  const out = join(c.dir, name);
  const summary = await exportReport(
    d,
    requests.exportReport.parse({ out, format: 'stix', generatedAt }),
  );
  const text = readFileSync(out, 'utf8');
  return {
    summary,
    text,
    bundle: JSON.parse(text) as { type: string; id: string; objects: Obj[] },
  };
}

async function chainWithFinding(): Promise<CaseDb> {
  db = await chainCase();
  await rebuildGraph(db);
  await db.run(
    `INSERT INTO findings VALUES ('f1', 'role-from-new-address', 'Role assumed from a new address',
      'high', 'T1078.004', 'AKIAALICE assumed deploy from 1.1.1.1',
      TIMESTAMPTZ '2024-01-01 10:00:00+00', TIMESTAMPTZ '2024-01-01 10:00:00+00', $nodes, $links,
      $events)`,
    {
      nodes: listValue([ids.KA, ids.R]),
      links: listValue([lid(ids.KA, 'assumed', ids.R)]),
      events: listValue([eid('E1')]),
    },
  );
  return db;
}

describe('STIX 2.1 bundle', () => {
  it('keeps the STIX 2.1 rules that can be checked offline', async () => {
    const { bundle } = await bundleOf(await chainWithFinding(), 'b.json');
    expect(breaches(bundle)).toEqual([]);
  });

  it('says how many objects it wrote, counted in the file, and the events they came from', async () => {
    const { bundle, summary } = await bundleOf(await chainWithFinding(), 'b.json');

    expect(summary.objects).toBe(bundle.objects.length);
    expect(summary.objects).toBeGreaterThan(0);
    // The chain story holds eight events, all of them selected.
    expect(summary.events).toBe(8);
  });

  it('makes each link a relationship between deterministic, documented ids', async () => {
    const d = await chainWithFinding();
    const { bundle } = await bundleOf(d, 'b.json');
    const links = await d.one<{ n: string }>(`SELECT count(*) AS n FROM links`);
    const relationships = bundle.objects.filter((o) => o.type === 'relationship');
    expect(relationships).toHaveLength(Number(links?.n));

    // The key, an observable: STIX's own namespace over its canonical id-contributing JSON.
    const key = `user-account--${uuid5(`{"user_id":"${ids.KA}"}`, '00abedb4-aa42-466c-9c01-fed23315a9b7')}`;
    const role = `identity--${uuid5(`identity|${ids.R}`, '014ab097-009f-4e79-a69a-8d9c36c67804')}`;
    const address = `ipv4-addr--${uuid5('{"value":"1.1.1.1"}', '00abedb4-aa42-466c-9c01-fed23315a9b7')}`;
    const assumed = relationships.find(
      (r) => r.x_keytrail_link_id === lid(ids.KA, 'assumed', ids.R),
    );
    expect(assumed).toMatchObject({
      relationship_type: 'assumed',
      source_ref: key,
      target_ref: role,
      start_time: '2024-01-01T10:00:00.000000Z',
      x_keytrail_proof: 'exact',
      x_keytrail_evidence: [eid('E1')],
    });
    expect(bundle.objects.find((o) => o.id === address)).toMatchObject({ value: '1.1.1.1' });
  });

  it('makes a finding a sighting of its ATT&CK technique, with its path observed', async () => {
    const { bundle } = await bundleOf(await chainWithFinding(), 'b.json');
    const sighting = bundle.objects.find((o) => o.type === 'sighting');
    const pattern = bundle.objects.find((o) => o.id === sighting?.sighting_of_ref);
    expect(pattern).toMatchObject({
      type: 'attack-pattern',
      external_references: [{ source_name: 'mitre-attack', external_id: 'T1078.004' }],
    });
    expect(sighting).toMatchObject({
      count: 1,
      first_seen: '2024-01-01T10:00:00.000000Z',
      x_keytrail_severity: 'high',
    });
    const observed = bundle.objects.find(
      (o) => o.id === (sighting?.observed_data_refs as string[])[0],
    );
    expect(observed?.x_keytrail_link_id).toBe(lid(ids.KA, 'assumed', ids.R));
  });

  it('gives the same bytes twice, and takes its time from the options', async () => {
    const d = await chainWithFinding();
    const first = await bundleOf(d, '1.json');
    const second = await bundleOf(d, '2.json');
    expect(second.text).toBe(first.text);
    expect(
      first.bundle.objects.every((o) => !o.created || o.created === '2024-02-01T00:00:00.000Z'),
    ).toBe(true);
    const later = await bundleOf(d, '3.json', '2024-03-01T00:00:00Z');
    expect(later.bundle.id).not.toBe(first.bundle.id);
  });
});
