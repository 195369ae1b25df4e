import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requests } from '../../../shared/contract.js';
import { useTempCase } from '../../../test/tempCase.js';
import type { CaseDb } from '../case/CaseDb.js';
import { quoteLiteral } from '../case/sql.js';
import { chainCase } from '../graph/chainFixture.js';
import { eid } from '../graph/fixtureCase.js';
import { rebuildGraph } from '../graph/rebuildGraph.js';
import { exportTimeline } from './exportCase.js';

const c = useTempCase();
let db: CaseDb | undefined;
afterEach(() => db?.close());

async function built(): Promise<CaseDb> {
  db = await chainCase();
  await rebuildGraph(db);
  return db;
}

async function parquet(d: CaseDb, name: string, filter = {}) {
  const out = join(c.dir, name);
  const summary = await exportTimeline(
    d,
    requests.exportTimeline.parse({ out, format: 'parquet', filter }),
  );
  return { out, summary };
}

describe('Parquet export', () => {
  it('reads back with as many events and links as the case, partitioned by source and day', async () => {
    const d = await built();
    const { out, summary } = await parquet(d, 'pq');
    // chainFixture holds eight events, all CloudTrail, all on 1 January 2024.
    expect(summary.events).toBe(8);
    expect(
      existsSync(join(out, 'events/source=aws.cloudtrail/day=2024-01-01/part_0.parquet')),
    ).toBe(true);

    const events = await d.one<{ n: string }>(
      `SELECT count(*) AS n FROM read_parquet(${quoteLiteral(join(out, 'events/**/*.parquet'))},
        hive_partitioning = true)`,
    );
    expect(Number(events?.n)).toBe(8);
    const links = await d.all<{ n: string; m: string }>(
      `SELECT (SELECT count(*) FROM read_parquet(${quoteLiteral(join(out, 'links/**/*.parquet'))},
         hive_partitioning = true)) AS n, (SELECT count(*) FROM links) AS m`,
    );
    expect(links[0]?.n).toBe(links[0]?.m);
  });

  it('names the columns after OCSF where OCSF has the concept', async () => {
    const d = await built();
    const { out } = await parquet(d, 'pq');
    const row = await d.one<Record<string, string>>(
      `SELECT metadata_uid, class_name, status, src_endpoint_ip, resource_uid, source, day
       FROM read_parquet(${quoteLiteral(join(out, 'events/**/*.parquet'))}, hive_partitioning = true)
       WHERE metadata_uid = $id`,
      { id: eid('E3') },
    );
    expect(row).toEqual({
      metadata_uid: eid('E3'),
      class_name: 'secret_read',
      status: 'Failure',
      src_endpoint_ip: '2.2.2.2',
      resource_uid: 'aws:secret:sec1',
      source: 'aws.cloudtrail',
      day: '2024-01-01',
    });
  });

  it('takes the filter, gives the same files twice and refuses a folder in use', async () => {
    const d = await built();
    const first = await parquet(d, 'one', { outcomes: ['failure'] });
    const second = await parquet(d, 'two', { outcomes: ['failure'] });
    expect(first.summary.events).toBe(2);
    expect(second.summary.sha256).toBe(first.summary.sha256);
    await expect(parquet(d, 'one')).rejects.toMatchObject({ code: 'export_failed' });
  });
});
