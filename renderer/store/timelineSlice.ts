import type { TimelineFilter } from '../../shared/contract';
import type { PathGraph, TimelineRow } from '../../shared/model';
import { nodeLabel } from '../../shared/nodeIds';
import { transport } from '../api';
import { defaultColumns, type ColumnId } from '../timeline/columns';
import type { Slice } from './types';
import { unwrap } from './unwrap';

export const timelinePageSize = 500;
export const allEventsLabel = 'All events of the case';

/** Which events the timeline shows: those proving some links, some events by id, or all. */
export interface TimelineScope {
  label: string;
  linkIds?: string[];
  eventIds?: string[];
}

/** The investigator's conditions over the scope: everything of the filter but the ids. */
export type TimelineConditions = Omit<TimelineFilter, 'eventIds' | 'linkIds'>;

export interface TimelineSlice {
  timelineScope: TimelineScope | null;
  timelineConditions: TimelineConditions;
  timelineColumns: ColumnId[];
  /** Rows the table holds: every event of the scope once counted, the first page's until then. */
  timelineTotal: number;
  /** Whether `timelineTotal` is the scope's count; the first page shows before the count is in. */
  timelineCounted: boolean;
  /**
   * Which list the timeline shows, counted up at each new scope or filter (not when the same
   * list is read again): the table starts such a list from its first row.
   */
  timelineList: number;
  /** Loaded pages by index; rows of a page not yet loaded are drawn as placeholders. */
  timelinePages: Record<number, TimelineRow[]>;
  setTimelineScope(scope: TimelineScope | null): void;
  showPathTimeline(graph: PathGraph): void;
  showAllEvents(): void;
  setTimelineConditions(conditions: TimelineConditions): void;
  setTimelineColumns(columns: ColumnId[]): void;
  refreshTimelineIfAnnotationFiltered(): void;
  loadTimelinePage(index: number): Promise<void>;
}

/** The request of one page: the scope's ids and the conditions, in one filter. */
export function timelineRequest(
  scope: TimelineScope,
  conditions: TimelineConditions,
  index: number,
): TimelineFilter & { offset: number; limit: number; count: boolean } {
  return {
    ...scopeFilter(scope, conditions),
    offset: index * timelinePageSize,
    limit: timelinePageSize,
    // The count is asked for once per scope, on its own (see reload).
    count: false,
  };
}

/**
 * The conditions as text that is equal for equal conditions: unset fields, empty lists and the
 * default order (oldest first) say nothing, and keys are sorted.
 */
export function conditionsKey(conditions: TimelineConditions): string {
  const said = Object.entries(conditions).filter(
    ([key, value]) =>
      value !== undefined &&
      !(Array.isArray(value) && value.length === 0) &&
      !(key === 'sort' && value === 'time_asc'),
  );
  return JSON.stringify(said.sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The filter of a scope and its conditions, without paging. */
export function scopeFilter(scope: TimelineScope, conditions: TimelineConditions): TimelineFilter {
  return {
    ...conditions,
    ...(scope.linkIds ? { linkIds: scope.linkIds } : {}),
    ...(scope.eventIds ? { eventIds: scope.eventIds } : {}),
  };
}

export const timelineSlice: Slice<TimelineSlice> = (set, get) => {
  let generation = 0;
  const pending = new Set<number>();

  function reload() {
    generation++;
    pending.clear();
    set({ timelineTotal: 0, timelineCounted: false, timelinePages: {} });
    const scope = get().timelineScope;
    if (!scope) return;
    // The count is asked once the first page has come: counting a filter's matches reads every
    // event, and beside the page on a laptop's two cores it made the rows wait about twice as
    // long (a text filter over 10 M events: 70 ms alone, 180 ms beside its count).
    const mine = generation;
    void get()
      .loadTimelinePage(0)
      .finally(() => {
        if (mine === generation) void count(scope, mine);
      });
  }

  async function count(scope: TimelineScope, mine: number) {
    const filter = scopeFilter(scope, get().timelineConditions);
    const answer = await transport().api.timelineCount({ ...filter, list: true });
    // A newer list asked for its own count, which stopped this one: nobody waits for it.
    if (mine !== generation) return;
    const counted = await unwrap(get, Promise.resolve(answer));
    if (counted) set({ timelineTotal: counted.total, timelineCounted: true });
  }

  return {
    timelineScope: null,
    timelineConditions: {},
    timelineColumns: defaultColumns,
    timelineTotal: 0,
    timelineCounted: false,
    timelineList: 0,
    timelinePages: {},

    setTimelineScope(scope) {
      set({ timelineScope: scope, timelineList: get().timelineList + 1 });
      reload();
    },

    showPathTimeline(graph) {
      const linkIds = graph.links.map((link) => link.id);
      const label = `Path ${graph.direction === 'both' ? 'around' : graph.direction + ' from'} ${nodeLabel(graph.start)}`;
      get().setTimelineScope(linkIds.length > 0 ? { label, linkIds } : null);
    },

    showAllEvents() {
      get().setTimelineScope({ label: allEventsLabel });
    },

    setTimelineConditions(conditions) {
      // Applying the conditions already shown (Apply after a choice that applied at once) keeps
      // the rows on screen instead of asking for them again.
      if (conditionsKey(conditions) === conditionsKey(get().timelineConditions)) return;
      set({ timelineConditions: conditions, timelineList: get().timelineList + 1 });
      reload();
    },

    setTimelineColumns(columns) {
      set({ timelineColumns: columns });
    },

    refreshTimelineIfAnnotationFiltered() {
      const { starred, tags } = get().timelineConditions;
      if (starred !== undefined || (tags && tags.length > 0)) reload();
    },

    async loadTimelinePage(index) {
      const scope = get().timelineScope;
      if (!scope || pending.has(index) || get().timelinePages[index]) return;

      const mine = generation;
      pending.add(index);
      const request = timelineRequest(scope, get().timelineConditions, index);
      const page = await unwrap(get, transport().api.timeline(request));
      if (mine !== generation) return;

      pending.delete(index);
      if (!page) return;
      const pages = { ...get().timelinePages, [index]: page.rows };
      // Until the count is in, the table holds the rows it has.
      if (get().timelineCounted) set({ timelinePages: pages });
      else
        set({
          timelinePages: pages,
          timelineTotal: Math.max(get().timelineTotal, page.rows.length),
        });
    },
  };
};
