import type { RequestIn } from '../../shared/contract';
import type { TimelineScope } from '../store/timelineSlice';

export type DialogFormat =
  'csv' | 'jsonl' | 'timesketch-csv' | 'timesketch-jsonl' | 'parquet' | 'html' | 'pdf' | 'stix';

export const formatLabels: Record<DialogFormat, string> = {
  csv: 'Timeline, CSV',
  jsonl: 'Timeline, JSONL',
  'timesketch-csv': 'Timesketch CSV',
  'timesketch-jsonl': 'Timesketch JSONL',
  parquet: 'Parquet (events and links, a folder)',
  html: 'Case report, HTML',
  pdf: 'Case report, PDF',
  stix: 'STIX 2.1 bundle',
};

const extensions: Record<DialogFormat, string> = {
  csv: '.csv',
  jsonl: '.jsonl',
  'timesketch-csv': '.timesketch.csv',
  'timesketch-jsonl': '.timesketch.jsonl',
  parquet: '.parquet',
  html: '.report.html',
  pdf: '.report.pdf',
  stix: '.stix.json',
};

export function isReport(format: DialogFormat): format is 'html' | 'pdf' | 'stix' {
  return format === 'html' || format === 'pdf' || format === 'stix';
}

/** A default output path beside the case: `NAME.keytrail.duckdb` gives `NAME<extension>`. */
export function defaultOut(casePath: string, format: DialogFormat): string {
  return casePath.replace(/\.keytrail\.duckdb$/, '') + extensions[format];
}

export interface DialogChoices {
  format: DialogFormat;
  out: string;
  /** Only the events of the view on screen (a path's links or chosen events). */
  viewOnly: boolean;
  starred: boolean;
  tags: string;
}

type Filter = NonNullable<RequestIn<'exportTimeline'>['filter']>;

/** The filter the dialog's choices stand for: the same one the timeline view uses. */
export function filterOf(choices: DialogChoices, scope: TimelineScope | null): Filter {
  const filter: Filter = {};
  if (choices.viewOnly && scope?.linkIds) filter.linkIds = scope.linkIds;
  if (choices.viewOnly && scope?.eventIds) filter.eventIds = scope.eventIds;
  if (choices.starred) filter.starred = true;
  const tags = choices.tags
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (tags.length > 0) filter.tags = tags;
  return filter;
}
