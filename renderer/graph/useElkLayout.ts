import { useEffect, useState } from 'react';
import type { PathGraph } from '../../shared/model';
import { layoutPath, type Positions } from './elkLayout';

interface Placed {
  graph: PathGraph;
  positions: Positions | null;
  failed: boolean;
}

/** The positions of a graph's nodes, computed off the main thread; null while ELK works. */
export function useElkLayout(graph: PathGraph | null): {
  positions: Positions | null;
  failed: boolean;
} {
  const [placed, setPlaced] = useState<Placed | null>(null);

  useEffect(() => {
    if (!graph) return;

    let current = true;
    layoutPath(graph).then(
      (positions) => current && setPlaced({ graph, positions, failed: false }),
      () => current && setPlaced({ graph, positions: null, failed: true }),
    );
    return () => {
      current = false;
    };
  }, [graph]);

  if (!graph || placed?.graph !== graph) return { positions: null, failed: false };
  return { positions: placed.positions, failed: placed.failed };
}
