import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempCase } from '../../../test/tempCase.js';
import { CaseDb } from '../case/CaseDb.js';
import { listAnnotations } from './annotationRows.js';

const here = resolve(import.meta.dirname);

// The child annotates a path of a fresh case, then kills itself with SIGKILL: no close, no
// checkpoint, no exit handler runs. Whatever survives was on disk when annotate() returned.
const child = (casePath: string) => `
  const { CaseDb } = await import(${JSON.stringify(join(here, '../case/CaseDb.ts'))});
  const { annotate } = await import(${JSON.stringify(join(here, 'annotate.ts'))});
  const db = await CaseDb.open(${JSON.stringify(casePath)}, { create: true });
  await annotate(db, { targetKind: 'path', targetId: 'forward:aws:key:AKIAX#1', tags: ['kept'], starred: true });
  await annotate(db, { targetKind: 'path', targetId: 'forward:aws:key:AKIAX#1', note: 'second change' });
  process.kill(process.pid, 'SIGKILL');
`;

describe('annotations on disk', () => {
  const temp = useTempCase();

  it('survive the process being killed right after the change', async () => {
    const casePath = join(temp.dir, 'killed.keytrail.duckdb');

    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', child(casePath)],
      {
        cwd: resolve(here, '../../..'),
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(run.signal).toBe('SIGKILL');

    const db = await CaseDb.open(casePath, { create: false });
    try {
      const [saved] = await listAnnotations(db, { targetKind: 'path' });
      expect(saved).toMatchObject({
        targetId: 'forward:aws:key:AKIAX#1',
        tags: ['kept'],
        note: 'second change',
        starred: true,
      });
      const log = await db.one<{ n: string }>(`SELECT count(*) AS n FROM annotation_log`);
      expect(log?.n).toBe('2');
    } finally {
      db.close();
    }
  }, 90_000);
});
