import type { Finding } from '../../shared/model.js';
import { rules } from '../engine/findings/index.js';
import { call, casePath, CliError, exitCodes, printJson, withCase } from './common.js';
import { counted } from './reconciliationText.js';
import { formatTable, printable, shortTime } from './table.js';

/** Nodes of a path printed in full; past that, how many more there are. */
const PATH_NODES_SHOWN = 8;

function pathText(nodeIds: string[]): string {
  const shown = nodeIds.slice(0, PATH_NODES_SHOWN).map(printable).join(' -> ');
  const more = nodeIds.length - PATH_NODES_SHOWN;
  return more > 0 ? `${shown} (and ${more} more; --json lists them)` : shown;
}

function printFindings(findings: Finding[]): void {
  const rows = findings.map((f) => [
    f.severity.toUpperCase(),
    f.ruleId,
    f.technique,
    shortTime(f.firstTime),
    shortTime(f.lastTime),
    f.eventIds.length,
    f.linkIds.length,
  ]);
  const headers = ['SEVERITY', 'RULE', 'ATT&CK', 'FIRST (UTC)', 'LAST (UTC)', 'EVENTS', 'LINKS'];
  const details = findings.map(
    (f, i) =>
      `${i + 1}. ${printable(f.title)} [${f.severity}]\n   ${printable(f.summary)}\n` +
      `   path: ${pathText(f.nodeIds)}\n   finding ${f.findingId}`,
  );
  process.stdout.write(
    findings.length === 0
      ? 'No findings.\n'
      : `${formatTable(headers, rows)}\n\n${details.join('\n\n')}\n\n` +
          `${counted(findings.length, 'finding')}.\n`,
  );
}

/** `keytrail findings CASE`: what the rules found, gravest first, each with its path. */
export async function findingsCommand(
  caseArg: string,
  options: { json?: boolean; rule?: string[] },
): Promise<number> {
  const path = casePath(caseArg, true);
  // A rule named wrong would list no findings, as if the rule had found nothing.
  const known = rules.map((r) => r.id);
  const unknown = (options.rule ?? []).filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    throw new CliError(
      `Failed to list findings: no rule ${unknown.map(printable).join(', ')}`,
      exitCodes.usage,
      `The rules are ${known.join(', ')}.`,
    );
  }

  return withCase(path, false, async (engine) => {
    const findings = await call(engine, 'findings', { ruleIds: options.rule });
    if (options.json) printJson(findings);
    else printFindings(findings);
    return exitCodes.ok;
  });
}
