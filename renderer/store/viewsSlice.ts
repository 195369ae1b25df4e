import type { SavedView } from '../../shared/model';
import { transport } from '../api';
import { columns as allColumns, type ColumnId } from '../timeline/columns';
import type { TimelineConditions } from './timelineSlice';
import type { Slice } from './types';
import { unwrap } from './unwrap';

export interface ViewsSlice {
  timelineViews: SavedView[];
  /** Counts applied views, so the filter fields start over from the view's values. */
  timelineViewsApplied: number;
  loadTimelineViews(): Promise<void>;
  /** Keep the timeline's conditions and columns in the case under a name. */
  saveTimelineView(name: string): Promise<void>;
  applyTimelineView(view: SavedView): void;
}

const known = new Set<string>(allColumns.map((c) => c.id));

/** A saved view's body read back defensively: it is case content, written by any version. */
export function readViewBody(body: Record<string, unknown>): {
  conditions: TimelineConditions;
  columns: ColumnId[] | null;
} {
  const filter = body.filter;
  const conditions =
    filter && typeof filter === 'object' && !Array.isArray(filter)
      ? (filter as TimelineConditions)
      : {};
  const listed = Array.isArray(body.columns)
    ? body.columns.filter((c): c is ColumnId => typeof c === 'string' && known.has(c))
    : [];
  return { conditions, columns: listed.length > 0 ? listed : null };
}

export const viewsSlice: Slice<ViewsSlice> = (set, get) => ({
  timelineViews: [],
  timelineViewsApplied: 0,

  async loadTimelineViews() {
    const views = await unwrap(get, transport().api.views({ kind: 'timeline' }));
    if (views) set({ timelineViews: views });
  },

  async saveTimelineView(name) {
    const body = { filter: get().timelineConditions, columns: get().timelineColumns };
    const saved = await unwrap(get, transport().api.saveView({ kind: 'timeline', name, body }));
    if (!saved) return;

    set({ status: `Saved the view “${saved.name}”` });
    await get().loadTimelineViews();
  },

  applyTimelineView(view) {
    const { conditions, columns } = readViewBody(view.body);
    if (columns) get().setTimelineColumns(columns);
    get().setTimelineConditions(conditions);
    set({ timelineViewsApplied: get().timelineViewsApplied + 1 });
  },
});
