import type { Direction, PathGraph } from '../../shared/model';
import type { GraphView } from '../graph/visibleGraph';
import { mergeGraphs } from '../graph/mergeGraphs';
import { transport } from '../api';
import type { Slice } from './types';
import { unwrap } from './unwrap';

export interface GraphSlice {
  pathStart: string | null;
  direction: Direction;
  pathGraph: PathGraph | null;
  graphLoading: boolean;
  /** How the path is drawn: open groups, collapsed nodes, a time range. */
  graphView: GraphView;
  showPath(from: string): Promise<void>;
  toggleGroup(groupId: string): void;
  toggleCollapsed(nodeId: string): void;
  /** Add a node's own neighbours (one hop both ways) to the path on screen. */
  expandNode(nodeId: string): Promise<void>;
  setGraphTime(timeFrom: string | undefined, timeTo: string | undefined): void;
  setDirection(direction: Direction): Promise<void>;
  clearPath(): void;
}

const emptyView: GraphView = { expandedGroups: [], collapsed: [] };

export const graphSlice: Slice<GraphSlice> = (set, get) => {
  let generation = 0;

  async function load(from: string, direction: Direction) {
    const mine = ++generation;

    set({
      pathStart: from,
      direction,
      graphLoading: true,
      graphView: emptyView,
      openFindingId: null,
    });
    const graph = await unwrap(get, transport().api.paths({ from, direction }));
    if (mine !== generation) return;

    set({ graphLoading: false, pathGraph: graph ?? null });
    get().clearSelection();
    if (graph) get().showPathTimeline(graph);
  }

  const toggle = (list: string[], id: string) =>
    list.includes(id) ? list.filter((x) => x !== id) : [...list, id];

  return {
    pathStart: null,
    direction: 'both',
    pathGraph: null,
    graphLoading: false,
    graphView: emptyView,

    toggleGroup(groupId) {
      const view = get().graphView;
      set({ graphView: { ...view, expandedGroups: toggle(view.expandedGroups, groupId) } });
    },

    toggleCollapsed(nodeId) {
      const view = get().graphView;
      set({ graphView: { ...view, collapsed: toggle(view.collapsed, nodeId) } });
    },

    async expandNode(nodeId) {
      const mine = generation;
      const more = await unwrap(
        get,
        transport().api.paths({ from: nodeId, direction: 'both', maxDepth: 1 }),
      );
      const current = get().pathGraph;
      if (!more || !current || mine !== generation) return;

      const view = get().graphView;
      set({
        pathGraph: mergeGraphs(current, more),
        graphView: { ...view, collapsed: view.collapsed.filter((id) => id !== nodeId) },
      });
    },

    setGraphTime(timeFrom, timeTo) {
      set({ graphView: { ...get().graphView, timeFrom, timeTo } });
    },

    showPath: (from) => load(from, get().direction),

    async setDirection(direction) {
      const start = get().pathStart;
      if (start) await load(start, direction);
      else set({ direction });
    },

    clearPath() {
      generation++;
      set({ pathStart: null, pathGraph: null, graphLoading: false, openFindingId: null });
      get().clearSelection();
      get().setTimelineScope(null);
    },
  };
};
