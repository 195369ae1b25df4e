import { listValue } from '@duckdb/node-api';
import type { CaseDb } from '../case/CaseDb.js';
import { eid } from '../graph/fixtureCase.js';

/** Star and tag the fixture event `name`, with a note, and log the change. */
export async function annotateEvent(
  db: CaseDb,
  name: string,
  mark: { tags: string[]; note: string | null; starred: boolean; seq: number },
): Promise<void> {
  await db.run(
    `INSERT INTO annotations VALUES ($id, 'event', $target, $tags, $note, NULL, $starred,
      TIMESTAMPTZ '2024-02-01 12:00:00+00')`,
    {
      id: `a-${name}`,
      target: eid(name),
      tags: listValue(mark.tags),
      note: mark.note,
      starred: mark.starred,
    },
  );
  await db.run(
    `INSERT INTO annotation_log VALUES ($seq, TIMESTAMPTZ '2024-02-01 12:00:00+00', 'event',
      $target, $change)`,
    { seq: mark.seq, target: eid(name), change: JSON.stringify(mark) },
  );
}
