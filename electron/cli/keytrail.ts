import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { KeytrailError } from '../engine/KeytrailError.js';
import { describeError } from '../../shared/errors.js';
import { CliError, exitCodeHelp, exitCodes } from './common.js';
import { findingsCommand } from './findingsCommand.js';
import { exportCommand, exportFormats } from './exportCommand.js';
import { ingestCommand } from './ingestCommand.js';
import { inventoryCommand } from './inventoryCommand.js';
import { pathsCommand } from './pathsCommand.js';
import { serveCommand } from './serveCommand.js';

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number.');
  return n;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

let exitCode: number = exitCodes.ok;
const run =
  <A extends unknown[]>(command: (...args: A) => Promise<number>) =>
  async (...args: A) => {
    exitCode = await command(...args);
  };

const program = new Command('keytrail')
  .description('Reconstruct the access paths of non-human identities from exported logs.')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .addHelpText('after', exitCodeHelp);

program
  .command('ingest')
  .description(
    'Add evidence (folders, .zip, .tar.gz, .gz or files) to a case, creating it if needed',
  )
  .argument('<case>', 'case file, NAME.keytrail.duckdb')
  .argument('<bundle...>', 'evidence to add')
  .option('--json', 'print the ingest summary as JSON')
  .addHelpText('after', exitCodeHelp)
  .action(run(ingestCommand));

program
  .command('inventory')
  .description('List every identity and credential seen, busiest first')
  .argument('<case>', 'case file')
  .option('--json', 'print an array of objects')
  .option('--search <text>', 'only nodes whose id or label contains this text')
  .option('--kind <kind>', 'only nodes of this kind, such as aws:key (repeatable)', collect)
  .option('--limit <n>', 'at most this many rows', integer)
  .addHelpText('after', exitCodeHelp)
  .action(run(inventoryCommand));

program
  .command('paths')
  .description('Show the access paths through one node: how it was reached and what it led to')
  .argument('<case>', 'case file')
  .requiredOption('--from <node>', 'node id, such as aws:key:ASIA...')
  .option('--to <node>', 'only the paths forward from --from that reach this node')
  .option('--exact-only', 'follow exact links only, leaving inferred ones out')
  .addOption(
    new Option('--direction <direction>', 'which way to follow links')
      .choices(['forward', 'backward', 'both'])
      .default('both'),
  )
  .option('--max-depth <n>', 'hops to follow in each direction (default 12)', integer)
  .option('--max-nodes <n>', 'stop after this many nodes (default 2000)', integer)
  .option('--evidence-limit <n>', 'event ids listed per link (default 1000)', integer)
  .option('--json', 'print { nodes, links } as JSON')
  .addHelpText('after', exitCodeHelp)
  .action(run(pathsCommand));

program
  .command('findings')
  .description('List what the finding rules found, gravest first, each with the path behind it')
  .argument('<case>', 'case file')
  .option('--json', 'print an array of objects')
  .option('--rule <id>', 'only findings of this rule, such as role-chain (repeatable)', collect)
  .addHelpText('after', exitCodeHelp)
  .action(run(findingsCommand));

program
  .command('export')
  .description('Write the case, or the events a filter selects, as a timeline, report or bundle')
  .argument('<case>', 'case file')
  .addOption(
    new Option('--format <format>', 'what to write (timesketch is Timesketch CSV)')
      .choices([...exportFormats])
      .makeOptionMandatory(),
  )
  .requiredOption('--out <path>', 'file to write (for parquet, a new or empty folder)')
  .option('--filter <json>', 'a timeline filter as JSON, as the window uses it')
  .option(
    '--source <id>',
    'only events of this source, such as aws.cloudtrail (repeatable)',
    collect,
  )
  .option('--category <name>', 'only events of this category (repeatable)', collect)
  .option('--outcome <outcome>', 'only success, failure or unknown (repeatable)', collect)
  .option(
    '--actor <node>',
    'only events whose actor or credential is this node (repeatable)',
    collect,
  )
  .option('--credential <node>', 'only events made with this credential (repeatable)', collect)
  .option('--event <id>', 'only this event (repeatable)', collect)
  .option('--link <id>', "only a path's links' evidence (repeatable)", collect)
  .option('--since <time>', 'only events at or after this ISO 8601 time')
  .option('--until <time>', 'only events at or before this ISO 8601 time')
  .option('--text <text>', 'only events whose action, nodes or address contain this text')
  .option('--starred', 'only starred events')
  .option('--tag <tag>', 'only events with this tag (repeatable)', collect)
  .option('--paths-from <node>', 'report: also draw the access paths through this node', collect)
  .option('--title <text>', "report: the report's title")
  .option('--generated-at <time>', 'time written into the file (default: the case creation time)')
  .option('--timeline-limit <n>', 'report: timeline rows listed (default 2000)', integer)
  .option('--json', 'print the export summary as JSON')
  .addHelpText('after', exitCodeHelp)
  .action(run(exportCommand));

program
  .command('serve')
  .description('Open the case in a browser: serves it on 127.0.0.1 with a one-time token')
  .argument('<case>', 'case file')
  .option('--port <n>', 'port to listen on (default: any free port)', integer)
  .addHelpText('after', exitCodeHelp)
  .action(run(serveCommand));

function report(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has already printed the usage problem or the help text.
    return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
  }
  if (error instanceof CliError) {
    process.stderr.write(`keytrail: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
    return error.exitCode;
  }
  if (error instanceof KeytrailError) {
    process.stderr.write(`keytrail: ${error.message}\n${describeError(error)}\n`);
    return exitCodes.failed;
  }
  process.stderr.write(`keytrail: ${(error as Error).message ?? String(error)}\n`);
  return exitCodes.failed;
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  exitCode = report(error);
}
process.exitCode = exitCode;
