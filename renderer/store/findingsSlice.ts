import type { Finding } from '../../shared/model';
import { transport } from '../api';
import type { Slice } from './types';
import { unwrap } from './unwrap';

export interface FindingsSlice {
  findings: Finding[];
  /** The finding whose path is on screen: its nodes and links are lit in the graph. */
  openFindingId: string | null;
  loadFindings(): Promise<void>;
  /** Draw the path a finding explains, from its start, and list its events. */
  openFinding(finding: Finding): Promise<void>;
}

export const findingsSlice: Slice<FindingsSlice> = (set, get) => ({
  findings: [],
  openFindingId: null,

  async loadFindings() {
    const findings = await unwrap(get, transport().api.findings({}));
    if (findings) set({ findings });
  },

  async openFinding(finding) {
    // Forward from its start: what the finding's first node led to, the way the rule read it.
    const start = finding.nodeIds[0];
    set({ direction: 'forward' });
    if (start) await get().showPath(start);

    // Set after the path, whose loading clears any earlier finding.
    set({ openFindingId: finding.findingId, bottomTab: 'timeline' });
    get().setTimelineScope({
      label: `Finding: ${finding.title}`,
      ...(finding.eventIds.length > 0 ? { eventIds: finding.eventIds } : {}),
      ...(finding.linkIds.length > 0 ? { linkIds: finding.linkIds } : {}),
    });
  },
});
