import type { ExportSummary } from './model.js';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What an export wrote, in the words the window and the CLI print: events for a timeline or a
 * report, objects for a STIX bundle (with the events they were drawn from).
 */
export function exportedText(summary: ExportSummary): string {
  if (summary.objects !== undefined) {
    const events = plural(summary.events, 'event', 'events');
    return `${plural(summary.objects, 'STIX object', 'STIX objects')} drawn from ${events}`;
  }
  const skipped = summary.skipped ? `, ${summary.skipped} without a time left out` : '';
  return `${plural(summary.events, 'event', 'events')}${skipped}`;
}
