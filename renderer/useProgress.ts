import { useEffect } from 'react';
import { transport } from './api';
import { useStore } from './store';
import { selectSetProgress } from './store/selectors';

/** Feeds the host's progress stream (ingest, linking) into the store for the progress bar. */
export function useProgress() {
  const setProgress = useStore(selectSetProgress);

  useEffect(() => transport().onProgress(setProgress), [setProgress]);
}
