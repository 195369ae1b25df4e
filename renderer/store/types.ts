import type { StateCreator } from 'zustand';
import type { AnnotationSlice } from './annotationSlice';
import type { CaseSlice } from './caseSlice';
import type { ConsoleSlice } from './consoleSlice';
import type { EvidenceSlice } from './evidenceSlice';
import type { FindingsSlice } from './findingsSlice';
import type { GraphSlice } from './graphSlice';
import type { InventorySlice } from './inventorySlice';
import type { SelectionSlice } from './selectionSlice';
import type { TimelineSlice } from './timelineSlice';
import type { UiSlice } from './uiSlice';
import type { ViewsSlice } from './viewsSlice';

export type Store = CaseSlice &
  EvidenceSlice &
  InventorySlice &
  GraphSlice &
  TimelineSlice &
  SelectionSlice &
  AnnotationSlice &
  UiSlice &
  ConsoleSlice &
  ViewsSlice &
  FindingsSlice;

/** A slice sees the whole store, so that one action may call another's. */
export type Slice<T> = StateCreator<Store, [], [], T>;
