import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store';
import { selectStatus } from '../store/selectors';

/** A passing word (`Nothing to undo`) that clears itself after a few seconds. */
export function StatusLine() {
  const { status, clear } = useStore(useShallow(selectStatus));

  useEffect(() => {
    if (!status) return;
    const timer = window.setTimeout(clear, 4000);
    return () => window.clearTimeout(timer);
  }, [status, clear]);

  if (!status) return null;
  return (
    <span className="status-line" role="status" data-testid="status-line">
      {status}
    </span>
  );
}
