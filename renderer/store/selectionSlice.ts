import type { EventDetail, GraphLink, TimelineRow } from '../../shared/model';
import { neighbourRequest } from '../detail/neighbours';
import { nodeLabel } from '../../shared/nodeIds';
import { describeError } from '../../shared/errors';
import type { ApiError } from '../../shared/result';
import { transport } from '../api';
import type { Slice } from './types';
import { unwrap } from './unwrap';

export interface Notice {
  /** The sentence of shared/errors.ts for the error's code. */
  sentence: string;
  /** The engine's own words, shown smaller for the investigator who wants the detail. */
  message: string;
  code: string;
}

export interface SelectionSlice {
  selectedLinkId: string | null;
  selectedNodeId: string | null;
  selectedEventId: string | null;
  eventDetail: EventDetail | null;
  /** Events of the same credential (or actor) close in time to the one open. */
  eventNeighbours: TimelineRow[];
  notice: Notice | null;
  /** Select a drawn link; a grouped link brings the ids of the links it stands for. */
  selectLink(link: GraphLink, memberIds?: string[]): void;
  selectNode(nodeId: string): void;
  selectEvent(eventId: string): Promise<void>;
  clearSelection(): void;
  /** Back to the whole path: no node or link selected, the timeline the path's events. */
  clearGraphSelection(): void;
  report(error: ApiError): void;
  dismissNotice(): void;
}

export const selectionSlice: Slice<SelectionSlice> = (set, get) => ({
  selectedLinkId: null,
  selectedNodeId: null,
  selectedEventId: null,
  eventDetail: null,
  eventNeighbours: [],
  notice: null,

  selectLink(link, memberIds) {
    set({ selectedLinkId: link.id, selectedNodeId: null });
    const to = memberIds ? `${memberIds.length} nodes` : nodeLabel(link.to);
    const label = `${link.kind}: ${nodeLabel(link.from)} → ${to}`;
    get().setTimelineScope({ label, linkIds: memberIds ?? [link.id] });
  },

  selectNode(nodeId) {
    const links = get().pathGraph?.links.filter((l) => l.from === nodeId || l.to === nodeId) ?? [];

    set({ selectedNodeId: nodeId, selectedLinkId: null });
    get().setTimelineScope(
      links.length > 0
        ? { label: `Links of ${nodeLabel(nodeId)}`, linkIds: links.map((l) => l.id) }
        : null,
    );
  },

  async selectEvent(eventId) {
    set({ selectedEventId: eventId });

    const detail = await unwrap(get, transport().api.event({ eventId }));
    if (get().selectedEventId !== eventId) return;
    set({ eventDetail: detail ?? null, eventNeighbours: [] });

    const request = detail ? neighbourRequest(detail) : null;
    const page = request ? await unwrap(get, transport().api.timeline(request)) : undefined;
    if (page && get().selectedEventId === eventId) set({ eventNeighbours: page.rows });
  },

  clearGraphSelection() {
    const graph = get().pathGraph;
    if (!get().selectedNodeId && !get().selectedLinkId) return;

    set({ selectedLinkId: null, selectedNodeId: null });
    if (graph) get().showPathTimeline(graph);
  },

  clearSelection() {
    set({
      selectedLinkId: null,
      selectedNodeId: null,
      selectedEventId: null,
      eventDetail: null,
      eventNeighbours: [],
    });
  },

  report(error) {
    set({ notice: { sentence: describeError(error), message: error.message, code: error.code } });
  },

  dismissNotice() {
    set({ notice: null });
  },
});
