import type { InventoryRow } from '../../shared/model.js';
import { printable, shortTime } from './table.js';

/** A count and its noun, the noun plural unless the count is one: `1 call`, `11 calls`. */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A span of seconds as a person says it: `40 seconds`, `4 minutes`, `2 h 10 min`. */
export function spoken(seconds: number): string {
  if (seconds < 60) return counted(Math.ceil(seconds), 'second');
  if (seconds < 3600) return counted(Math.ceil(seconds / 60), 'minute');
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** How fast a row's work went against the review window, or null where nothing says. */
export function speedSentence(row: InventoryRow, reviewWindowSeconds: number): string | null {
  const r = row.reconciliation;
  if (r.workSeconds === null || r.actionsPerMinute === null) return null;
  const start = r.issuedAt ? 'getting the key' : 'its first use in the bundle';
  const pace = `${counted(row.actions, 'call')}, ${r.actionsPerMinute} a minute`;
  return r.withinReviewWindow
    ? `finished its work within ${spoken(r.workSeconds)} of ${start} (${pace})`
    : `worked ${spoken(r.workSeconds)} after ${start}, past the ${spoken(reviewWindowSeconds)} ` +
        `review window (${pace})`;
}

/**
 * The inventory's reconciliation, after its table: credentials issued and never used, those used
 * but never seen issued, every secret read with the credential that appeared next, and how fast
 * each identity worked.
 */
export function reconciliationText(rows: InventoryRow[], reviewWindowSeconds: number): string {
  const own = rows.filter((r) => r.reconciliation.basis === 'own');
  const unused = own.filter((r) => r.reconciliation.neverUsed).map((r) => r.id);
  const outside = own.filter((r) => r.reconciliation.origin === 'outside').map((r) => r.id);
  const reads = rows.flatMap((row) =>
    row.reconciliation.secretReads.map((read) => {
      const next = read.nextUse
        ? `what it gave, used next: ${read.nextUse.credential} at ${shortTime(read.nextUse.time)} from ` +
          `${read.nextUse.srcIp ?? 'no address'}, ${read.nextUse.secondsAfterRead} s later`
        : 'no credential it gave is seen used';
      return `  ${shortTime(read.time)}  ${row.id} read ${read.secret} from ${read.srcIp ?? 'no address'}; ${next}`;
    }),
  );
  const speed = rows.flatMap((row) => {
    const sentence = speedSentence(row, reviewWindowSeconds);
    return sentence ? [`  ${row.id} ${sentence}`] : [];
  });
  const list = (ids: string[]) => (ids.length ? ids.map((id) => `  ${id}`) : ['  none']);
  return [
    `Issued and never used (${unused.length}):`,
    ...list(unused),
    `Used but never seen issued, from outside the bundle (${outside.length}):`,
    ...list(outside),
    `Secret reads (${reads.length}):`,
    ...(reads.length ? reads : ['  none']),
    `Speed, against the review window of ${spoken(reviewWindowSeconds)} (${speed.length}):`,
    ...(speed.length ? speed : ['  none']),
  ]
    .map(printable)
    .join('\n');
}
