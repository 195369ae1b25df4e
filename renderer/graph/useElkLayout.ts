import { useEffect, useState } from 'react';
import type { PathGraph } from '../../shared/model';
import { layoutPath, type Layout } from './elkLayout';

interface Placed {
  graph: PathGraph;
  layout: Layout | null;
  failed: boolean;
}

/** Where a graph's nodes and links go, computed off the main thread; null while ELK works. */
export function useElkLayout(
  graph: PathGraph | null,
  aspect: number,
): {
  layout: Layout | null;
  failed: boolean;
} {
  const [placed, setPlaced] = useState<Placed | null>(null);

  useEffect(() => {
    if (!graph) return;

    let current = true;
    layoutPath(graph, aspect).then(
      (layout) => current && setPlaced({ graph, layout, failed: false }),
      () => current && setPlaced({ graph, layout: null, failed: true }),
    );
    return () => {
      current = false;
    };
    // The canvas shape is read once per graph: resizing the window does not lay it out again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [graph]);

  if (!graph || placed?.graph !== graph) return { layout: null, failed: false };
  return { layout: placed.layout, failed: placed.failed };
}
