import type { PathGraph, TimelineRow } from '../../shared/model';
import { nodeLabel } from '../../shared/nodeIds';
import { transport } from '../api';
import type { Slice } from './types';
import { unwrap } from './unwrap';

export const timelinePageSize = 500;

/** Which events the timeline shows: those proving some links, or some events by id. */
export interface TimelineScope {
  label: string;
  linkIds?: string[];
  eventIds?: string[];
}

export interface TimelineSlice {
  timelineScope: TimelineScope | null;
  timelineTotal: number;
  /** Loaded pages by index; rows of a page not yet loaded are drawn as placeholders. */
  timelinePages: Record<number, TimelineRow[]>;
  setTimelineScope(scope: TimelineScope | null): void;
  showPathTimeline(graph: PathGraph): void;
  loadTimelinePage(index: number): Promise<void>;
}

export const timelineSlice: Slice<TimelineSlice> = (set, get) => {
  let generation = 0;
  const pending = new Set<number>();

  return {
    timelineScope: null,
    timelineTotal: 0,
    timelinePages: {},

    setTimelineScope(scope) {
      generation++;
      pending.clear();
      set({ timelineScope: scope, timelineTotal: 0, timelinePages: {} });

      if (scope) void get().loadTimelinePage(0);
    },

    showPathTimeline(graph) {
      const linkIds = graph.links.map((link) => link.id);
      const label = `Path ${graph.direction === 'both' ? 'around' : graph.direction + ' from'} ${nodeLabel(graph.start)}`;
      get().setTimelineScope(linkIds.length > 0 ? { label, linkIds } : null);
    },

    async loadTimelinePage(index) {
      const scope = get().timelineScope;
      if (!scope || pending.has(index) || get().timelinePages[index]) return;

      const mine = generation;
      pending.add(index);
      const page = await unwrap(
        get,
        transport().api.timeline({
          ...(scope.linkIds ? { linkIds: scope.linkIds } : {}),
          ...(scope.eventIds ? { eventIds: scope.eventIds } : {}),
          offset: index * timelinePageSize,
          limit: timelinePageSize,
        }),
      );
      if (mine !== generation) return;

      pending.delete(index);
      if (!page) return;
      set({
        timelineTotal: page.total,
        timelinePages: { ...get().timelinePages, [index]: page.rows },
      });
    },
  };
};
