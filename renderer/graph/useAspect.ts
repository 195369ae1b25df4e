import { useCallback, useState } from 'react';

/** A ref callback for an element, and its width over height (1.6 until it is measured). */
export function useAspect(): [(element: HTMLElement | null) => void, number] {
  const [aspect, setAspect] = useState(1.6);

  const ref = useCallback((element: HTMLElement | null) => {
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      const box = entry?.contentRect;
      if (box && box.width > 0 && box.height > 0) setAspect(box.width / box.height);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  return [ref, aspect];
}
