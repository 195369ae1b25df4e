import type { TimelineRow } from '../../shared/model';
import { nodeLabel } from '../../shared/nodeIds';
import { fullTime } from './formatTime';

export type ColumnId =
  | 'time'
  | 'source'
  | 'category'
  | 'action'
  | 'outcome'
  | 'actor'
  | 'credential'
  | 'issued'
  | 'target'
  | 'srcIp'
  | 'errorCode';

export interface Column {
  id: ColumnId;
  title: string;
  /** CSS grid track of the column. */
  width: string;
  mono?: boolean;
  /** The text shown, and the full value for the tooltip. */
  text(row: TimelineRow): string;
  full(row: TimelineRow): string | undefined;
}

function short(id: string | null, display?: string | null): string {
  if (display) return display;
  return id ? nodeLabel(id) : '—';
}

export const columns: Column[] = [
  {
    id: 'time',
    title: 'Time (UTC)',
    width: '186px',
    mono: true,
    text: (r) => fullTime(r.time),
    full: (r) => r.time,
  },
  { id: 'source', title: 'Source', width: '96px', text: (r) => r.source, full: (r) => r.source },
  {
    id: 'category',
    title: 'Category',
    width: '110px',
    text: (r) => r.category,
    full: (r) => r.category,
  },
  { id: 'action', title: 'Action', width: '140px', text: (r) => r.action, full: (r) => r.category },
  {
    id: 'outcome',
    title: 'Outcome',
    width: '62px',
    text: (r) => r.outcome,
    full: (r) => r.errorCode ?? undefined,
  },
  {
    id: 'actor',
    title: 'Actor',
    width: 'minmax(100px, 1fr)',
    text: (r) => short(r.actor, r.actorDisplay),
    full: (r) => r.actor ?? undefined,
  },
  {
    id: 'credential',
    title: 'Credential',
    width: '140px',
    mono: true,
    text: (r) => short(r.credential),
    full: (r) => r.credential ?? undefined,
  },
  {
    id: 'issued',
    title: 'Issued',
    width: '140px',
    mono: true,
    text: (r) => short(r.issued),
    full: (r) => r.issued ?? undefined,
  },
  {
    id: 'target',
    title: 'Target',
    width: 'minmax(100px, 1fr)',
    text: (r) => short(r.target, r.targetDisplay),
    full: (r) => r.target ?? undefined,
  },
  {
    id: 'srcIp',
    title: 'Source address',
    width: '110px',
    mono: true,
    text: (r) => r.srcIp ?? '—',
    full: (r) => r.srcIp ?? undefined,
  },
  {
    id: 'errorCode',
    title: 'Error code',
    width: '120px',
    text: (r) => r.errorCode ?? '—',
    full: (r) => r.errorCode ?? undefined,
  },
];

export const defaultColumns: ColumnId[] = [
  'time',
  'source',
  'action',
  'outcome',
  'actor',
  'credential',
  'target',
  'srcIp',
];

/** The chosen columns in the table's own order, whatever order they were ticked in. */
export function chosenColumns(chosen: ColumnId[]): Column[] {
  return columns.filter((c) => chosen.includes(c.id));
}

/** The grid tracks of a row: the mark column, then the chosen columns. */
export function gridTemplate(chosen: Column[]): string {
  return ['64px', ...chosen.map((c) => c.width)].join(' ');
}
