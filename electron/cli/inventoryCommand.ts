import { call, casePath, exitCodes, printJson, withCase } from './common.js';
import { reconciliationText, spoken } from './reconciliationText.js';
import { formatTable, printable, shortTime } from './table.js';

/** `keytrail inventory CASE`: every identity and credential seen, by what it did. */
export async function inventoryCommand(
  caseArg: string,
  options: { json?: boolean; search?: string; kind?: string[]; limit?: number },
): Promise<number> {
  const path = casePath(caseArg, true);

  return withCase(path, false, async (engine) => {
    const info = await call(engine, 'caseInfo', {});
    const reviewWindow = info?.settings.reviewWindowSeconds ?? 900;
    const rows = await call(engine, 'inventory', {
      search: options.search,
      kinds: options.kind,
      limit: options.limit,
    });

    if (options.json) {
      printJson(rows);
      return exitCodes.ok;
    }
    const table = rows.map((r) => [
      printable(r.label),
      r.kind,
      r.actions,
      r.failures,
      r.credentialsUsed,
      r.credentialsIssued,
      r.targets,
      r.addresses,
      r.reconciliation.origin,
      r.reconciliation.secondsToFirstUse === null
        ? null
        : spoken(r.reconciliation.secondsToFirstUse),
      r.reconciliation.workSeconds === null ? null : spoken(r.reconciliation.workSeconds),
      r.reconciliation.actionsPerMinute,
      shortTime(r.firstSeen),
      shortTime(r.lastSeen),
      printable(r.id),
    ]);
    const headers = ['NODE', 'KIND', 'ACTIONS', 'FAILED', 'CREDS', 'ISSUED', 'TARGETS', 'ADDRS'];
    const speed = ['ORIGIN', 'TO 1ST USE', 'WORK', 'PER MIN'];
    process.stdout.write(
      `${formatTable([...headers, ...speed, 'FIRST SEEN (UTC)', 'LAST SEEN (UTC)', 'ID'], table)}\n` +
        `${rows.length} identities and credentials.\n\n` +
        `${reconciliationText(rows, reviewWindow)}\n`,
    );
    return exitCodes.ok;
  });
}
