import type { Store } from '../store/types';

/** What the export dialog reads from the store: the open case and the view on screen. */
export const selectExportContext = (s: Store) => ({
  casePath: s.caseInfo?.path ?? null,
  scope: s.timelineScope,
  pathStart: s.pathStart,
});
