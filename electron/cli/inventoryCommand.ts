import { call, casePath, exitCodes, printJson, withCase } from './common.js';
import { formatTable, shortTime } from './table.js';

/** `keytrail inventory CASE`: every identity and credential seen, by what it did. */
export async function inventoryCommand(
  caseArg: string,
  options: { json?: boolean; search?: string; kind?: string[]; limit?: number },
): Promise<number> {
  const path = casePath(caseArg, true);

  return withCase(path, false, async (engine) => {
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
      r.label,
      r.kind,
      r.actions,
      r.failures,
      r.credentialsUsed,
      r.credentialsIssued,
      r.targets,
      r.addresses,
      shortTime(r.firstSeen),
      shortTime(r.lastSeen),
      r.id,
    ]);
    const headers = ['NODE', 'KIND', 'ACTIONS', 'FAILED', 'CREDS', 'ISSUED', 'TARGETS', 'ADDRS'];
    process.stdout.write(
      `${formatTable([...headers, 'FIRST SEEN (UTC)', 'LAST SEEN (UTC)', 'ID'], table)}\n` +
        `${rows.length} identities and credentials.\n`,
    );
    return exitCodes.ok;
  });
}
