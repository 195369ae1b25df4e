import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requests, type RequestIn } from '../shared/contract.js';
import { annotate, undoAnnotation } from '../electron/engine/annotations/annotate.js';
import { CaseDb } from '../electron/engine/case/CaseDb.js';
import { readOnlyQuery } from '../electron/engine/console/readOnlyQuery.js';
import { timeline, timelineCount } from '../electron/engine/queries/timeline.js';
import { rebuildTimelineOrder } from '../electron/engine/queries/timelineOrder.js';

/**
 * `npm run bench:workbench`: what the investigator waits for on a large case. One case of
 * KEYTRAIL_BENCH_EVENTS synthetic events (default 1 M, made in SQL, not parsed) is paged
 * through the timeline at its start and far in, with and without filters, annotated, undone and
 * queried from the console. The timeline figures are taken twice: sorting the events for each page,
 * then from the order ingest keeps (timeline_rows), with the time to keep it. Each figure is the
 * median of five runs.
 */
const count = Number(process.env.KEYTRAIL_BENCH_EVENTS ?? 1_000_000);

async function median(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[2]!;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'keytrail-bench-wb-'));
  const db = await CaseDb.open(join(dir, 'bench.keytrail.duckdb'), { create: true });
  try {
    const made = performance.now();
    await db.run(
      `INSERT INTO events (event_id, evidence_id, record_no, time, source, category, action,
        outcome, actor, credential, target, src_ip, raw)
       SELECT md5(i::VARCHAR), 'bench', i, TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_microseconds(i * 997),
         'aws.cloudtrail', CASE WHEN i % 50 = 0 THEN 'secret_read' ELSE 'api_call' END,
         'Action' || (i % 40), CASE WHEN i % 17 = 0 THEN 'failure' ELSE 'success' END,
         'aws:session:s' || (i % 300), 'aws:key:ASIA' || (i % 3000), 'aws:resource:r' || (i % 9000),
         '10.0.' || (i % 250) || '.' || (i % 7), '{}'
       FROM range($n) t(i)`,
      { n: count },
    );
    const ids = await db.all<{ event_id: string }>(
      `SELECT event_id FROM events ORDER BY record_no LIMIT 200`,
    );
    console.log(`made ${count} events in ${((performance.now() - made) / 1000).toFixed(1)} s`);

    // A page as the window asks for it (without the count), and the count asked apart.
    const page = (r: RequestIn<'timeline'>) => () =>
      timeline(db, requests.timeline.parse({ ...r, count: false }));
    const counted = (r: RequestIn<'timeline'>) => () =>
      timelineCount(db, requests.timelineCount.parse(r));
    const deep = Math.max(0, count - 1000);
    const timelineFigures: [string, () => Promise<unknown>][] = [
      ['timeline page 1 (500 rows)', page({})],
      [`timeline page at offset ${deep}`, page({ offset: deep })],
      ['timeline newest first, page 1', page({ sort: 'time_desc' })],
      ['timeline text filter "10.0.7."', page({ text: '10.0.7.' })],
      ['  its count', counted({ text: '10.0.7.' })],
      [
        'timeline failures of one credential',
        page({ credentials: ['aws:key:ASIA17'], outcomes: ['failure'] }),
      ],
      ['  its count', counted({ credentials: ['aws:key:ASIA17'], outcomes: ['failure'] })],
      ['timeline starred only', page({ starred: true })],
    ];
    const figures: [string, () => Promise<unknown>][] = [
      [
        'annotate one event (transaction + log)',
        () =>
          annotate(
            db,
            requests.annotate.parse({
              targetKind: 'event',
              targetId: ids[0]!.event_id,
              starred: true,
              tags: ['bench'],
            }),
          ),
      ],
      ['undo one change', () => undoAnnotation(db, requests.undoAnnotation.parse({}))],
      [
        'console: count by category',
        () =>
          readOnlyQuery(
            db,
            requests.query.parse({ sql: 'SELECT category, count(*) FROM events GROUP BY ALL' }),
          ),
      ],
    ];
    for (const id of ids) {
      await annotate(
        db,
        requests.annotate.parse({ targetKind: 'event', targetId: id.event_id, starred: true }),
      );
    }
    const print = async (name: string, work: () => Promise<unknown>) =>
      console.log(`${name.padEnd(44)} ${(await median(work)).toFixed(1).padStart(8)} ms`);
    console.log('-- sorting the events for each page');
    const sorted: number[] = [];
    for (const [name, work] of timelineFigures) {
      sorted.push(await median(work));
      console.log(`${name.padEnd(44)} ${sorted.at(-1)!.toFixed(1).padStart(8)} ms`);
    }
    const kept = performance.now();
    await rebuildTimelineOrder(db);
    console.log(`-- kept order, written in ${((performance.now() - kept) / 1000).toFixed(1)} s`);
    for (const [index, [name, work]] of timelineFigures.entries()) {
      const ms = await median(work);
      const ratio = (ms / sorted[index]!).toFixed(2);
      console.log(`${name.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms (${ratio} of sorted)`);
    }
    console.log('--');
    for (const [name, work] of figures) await print(name, work);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
