import type { RequestIn } from '../../shared/contract';
import type { Annotation, AnnotationTarget } from '../../shared/model';
import { transport } from '../api';
import type { Slice } from './types';
import { unwrap } from './unwrap';

/** The key an annotation is kept under in the store: its kind and id. */
export function annotationKey(targetKind: AnnotationTarget, targetId: string): string {
  return `${targetKind}|${targetId}`;
}

export type AnnotationChange = Omit<RequestIn<'annotate'>, 'targetKind' | 'targetId'>;

export interface AnnotationSlice {
  /** Every annotation of the case by `annotationKey`; a case holds hundreds, not millions. */
  annotations: Record<string, Annotation>;
  loadAnnotations(): Promise<void>;
  annotate(targetKind: AnnotationTarget, targetId: string, change: AnnotationChange): Promise<void>;
  undoAnnotation(): Promise<void>;
}

function byKey(list: Annotation[]): Record<string, Annotation> {
  return Object.fromEntries(list.map((a) => [annotationKey(a.targetKind, a.targetId), a]));
}

export const annotationSlice: Slice<AnnotationSlice> = (set, get) => ({
  annotations: {},

  async loadAnnotations() {
    const list = await unwrap(get, transport().api.annotations({}));
    if (list) set({ annotations: byKey(list) });
  },

  async annotate(targetKind, targetId, change) {
    const saved = await unwrap(get, transport().api.annotate({ targetKind, targetId, ...change }));
    if (!saved) return;

    const next = { ...get().annotations };
    const key = annotationKey(targetKind, targetId);
    const empty = saved.tags.length === 0 && !saved.note && !saved.severity && !saved.starred;
    if (empty) delete next[key];
    else next[key] = saved;
    set({ annotations: next });
    // A star or tag filter of the timeline may now hold other rows.
    if (targetKind === 'event' && (change.starred !== undefined || change.tags !== undefined)) {
      get().refreshTimelineIfAnnotationFiltered();
    }
  },

  async undoAnnotation() {
    const result = await unwrap(get, transport().api.undoAnnotation({ steps: 1 }));
    if (!result) return;
    if (result.undone === 0) {
      set({ status: 'Nothing to undo' });
      return;
    }

    await get().loadAnnotations();
    const kind = result.targets[0]?.targetKind ?? 'annotation';
    set({ status: `Undid the last change, made to ${kind === 'event' ? 'an' : 'a'} ${kind}` });
    get().refreshTimelineIfAnnotationFiltered();
  },
});
