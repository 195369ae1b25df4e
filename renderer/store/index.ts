import { create } from 'zustand';
import { annotationSlice } from './annotationSlice';
import { caseSlice } from './caseSlice';
import { consoleSlice } from './consoleSlice';
import { evidenceSlice } from './evidenceSlice';
import { findingsSlice } from './findingsSlice';
import { graphSlice } from './graphSlice';
import { inventorySlice } from './inventorySlice';
import { selectionSlice } from './selectionSlice';
import { timelineSlice } from './timelineSlice';
import type { Store } from './types';
import { uiSlice } from './uiSlice';
import { viewsSlice } from './viewsSlice';

/** The window's one store, built from one slice per concern. */
export const useStore = create<Store>()((...args) => ({
  ...caseSlice(...args),
  ...evidenceSlice(...args),
  ...inventorySlice(...args),
  ...graphSlice(...args),
  ...timelineSlice(...args),
  ...selectionSlice(...args),
  ...annotationSlice(...args),
  ...uiSlice(...args),
  ...consoleSlice(...args),
  ...viewsSlice(...args),
  ...findingsSlice(...args),
}));

export type { Store } from './types';
