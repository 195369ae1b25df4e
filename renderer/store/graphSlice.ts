import type { Direction, PathGraph } from '../../shared/model';
import { transport } from '../api';
import type { Slice } from './types';
import { unwrap } from './unwrap';

export interface GraphSlice {
  pathStart: string | null;
  direction: Direction;
  pathGraph: PathGraph | null;
  graphLoading: boolean;
  showPath(from: string): Promise<void>;
  setDirection(direction: Direction): Promise<void>;
  clearPath(): void;
}

export const graphSlice: Slice<GraphSlice> = (set, get) => {
  let generation = 0;

  async function load(from: string, direction: Direction) {
    const mine = ++generation;

    set({ pathStart: from, direction, graphLoading: true });
    const graph = await unwrap(get, transport().api.paths({ from, direction }));
    if (mine !== generation) return;

    set({ graphLoading: false, pathGraph: graph ?? null });
    get().clearSelection();
    if (graph) get().showPathTimeline(graph);
  }

  return {
    pathStart: null,
    direction: 'both',
    pathGraph: null,
    graphLoading: false,

    showPath: (from) => load(from, get().direction),

    async setDirection(direction) {
      const start = get().pathStart;
      if (start) await load(start, direction);
      else set({ direction });
    },

    clearPath() {
      generation++;
      set({ pathStart: null, pathGraph: null, graphLoading: false });
      get().clearSelection();
      get().setTimelineScope(null);
    },
  };
};
