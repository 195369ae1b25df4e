import { resolve } from 'node:path';
import {
  exportSelection,
  type ExportSelection,
  type ReportFormat,
  type TimelineFormat,
} from '../../shared/contract.js';
import { exportedText } from '../../shared/exportSummaryText.js';
import { call, casePath, CliError, exitCodes, printJson, withCase } from './common.js';

/** The formats `--format` takes; `timesketch` is Timesketch's CSV, as DESIGN.md names it. */
export const exportFormats = [
  'csv',
  'jsonl',
  'timesketch',
  'timesketch-jsonl',
  'parquet',
  'html',
  'pdf',
  'stix',
] as const;

export interface ExportOptions {
  format: (typeof exportFormats)[number];
  out: string;
  filter?: string;
  source?: string[];
  category?: string[];
  outcome?: string[];
  actor?: string[];
  credential?: string[];
  event?: string[];
  link?: string[];
  since?: string;
  until?: string;
  text?: string;
  starred?: boolean;
  tag?: string[];
  pathsFrom?: string[];
  title?: string;
  generatedAt?: string;
  timelineLimit?: number;
  json?: boolean;
}

/**
 * The selection from the options: `--filter` takes a whole timeline filter as JSON (the shape
 * the window's saved views use), and each single option sets or narrows one field of it.
 */
export function selectionOf(options: ExportOptions): ExportSelection {
  let base: Record<string, unknown> = {};
  if (options.filter) {
    try {
      base = JSON.parse(options.filter) as Record<string, unknown>;
    } catch (error) {
      throw new CliError(
        `--filter is not JSON: ${(error as Error).message}`,
        exitCodes.usage,
        'Give a timeline filter such as \'{"sources":["aws.cloudtrail"],"outcomes":["failure"]}\'.',
      );
    }
  }
  const fields: Record<string, unknown> = {
    sources: options.source,
    categories: options.category,
    outcomes: options.outcome,
    actors: options.actor,
    credentials: options.credential,
    eventIds: options.event,
    linkIds: options.link,
    timeFrom: options.since,
    timeTo: options.until,
    text: options.text,
    starred: options.starred,
    tags: options.tag,
  };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) base[key] = value;

  const parsed = exportSelection.safeParse(base);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(
      `the filter's ${issue?.path.join('.') || 'value'} ${issue?.message ?? 'is invalid'}`,
      exitCodes.usage,
    );
  }
  return parsed.data;
}

/** `keytrail export CASE --format F --out FILE`: the case, or a view of it, out of Keytrail. */
export async function exportCommand(caseArg: string, options: ExportOptions): Promise<number> {
  const path = casePath(caseArg, true);
  const filter = selectionOf(options);
  const out = resolve(options.out);

  return withCase(path, false, async (engine) => {
    const common = { out, filter, generatedAt: options.generatedAt };
    const summary =
      options.format === 'html' || options.format === 'pdf' || options.format === 'stix'
        ? await call(engine, 'exportReport', {
            ...common,
            format: options.format satisfies ReportFormat,
            title: options.title,
            pathsFrom: options.pathsFrom,
            timelineLimit: options.timelineLimit,
          })
        : await call(engine, 'exportTimeline', {
            ...common,
            format: (options.format === 'timesketch'
              ? 'timesketch-csv'
              : options.format) satisfies TimelineFormat,
          });

    if (options.json) {
      printJson(summary);
    } else {
      process.stdout.write(
        `Wrote ${summary.path} (${options.format}): ${exportedText(summary)}, ` +
          `${summary.bytes} bytes, sha256 ${summary.sha256}.\n`,
      );
    }
    return exitCodes.ok;
  });
}
