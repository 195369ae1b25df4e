import type { CaseDb } from '../case/CaseDb.js';

/**
 * Link ids to link numbers, as the path search last read them. The window asks for the events
 * of a path by the ids of the links it drew, right after the search that found them; looking
 * 2,000 random md5 ids up in the id index of a large case costs over a second while its pages
 * are cold, and the search already knew every number. A rebuild of the graph renumbers the links,
 * so it forgets what a case's numbers were. Numbers are kept per case, not per connection: the
 * search runs on a lane of its own and the timeline on the case.
 */
const known = new WeakMap<CaseDb, Map<string, number>>();

/** Beyond this many ids, the map starts again rather than grow with every path opened. */
const kept = 200_000;

export function rememberLinkNumbers(db: CaseDb, pairs: Iterable<[string, number]>): void {
  let numbers = known.get(db.base);
  if (!numbers) known.set(db.base, (numbers = new Map()));
  for (const [id, no] of pairs) {
    if (numbers.size >= kept) numbers.clear();
    numbers.set(id, no);
  }
}

export function forgetLinkNumbers(db: CaseDb): void {
  known.delete(db.base);
}

/** The numbers of the links asked for; unknown ids drop out. */
export async function linkNumbers(db: CaseDb, linkIds: string[]): Promise<number[]> {
  const numbers = known.get(db.base);
  const found: number[] = [];
  const missing: string[] = [];
  for (const id of new Set(linkIds)) {
    const no = numbers?.get(id);
    if (no === undefined) missing.push(id);
    else found.push(no);
  }
  if (missing.length === 0) return found;
  // Link ids are 32 hex digits (the contract checks); quoting keeps any other text a literal.
  const literals = missing.map((id) => `'${id.replaceAll("'", "''")}'`).join(', ');
  const rows = await db.all<{ link_id: string; link_no: string }>(
    `SELECT link_id, link_no FROM links WHERE link_id IN (${literals})`,
  );
  const looked = rows.map((r): [string, number] => [r.link_id, Number(r.link_no)]);
  rememberLinkNumbers(db, looked);
  return [...found, ...looked.map(([, no]) => no)];
}
