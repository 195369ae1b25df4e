import type { AnnotationTarget, Severity } from '../../shared/model';
import { useStore } from '../store';
import { annotationKey } from '../store/annotationSlice';
import { selectAnnotate, selectAnnotations } from '../store/selectors';
import { NoteField } from './NoteField';
import { TagInput } from './TagInput';

const severities: Severity[] = ['low', 'medium', 'high', 'critical'];

/**
 * Star, severity, tags and note of one event, node, link or path. Every change is sent at once
 * (the note when it loses focus), so nothing typed waits in the window for a save.
 */
export function AnnotationEditor({
  targetKind,
  targetId,
  testId,
}: {
  targetKind: AnnotationTarget;
  targetId: string;
  testId?: string;
}) {
  const annotation = useStore(selectAnnotations)[annotationKey(targetKind, targetId)];
  const annotate = useStore(selectAnnotate);
  const saved = annotation?.note ?? '';
  const change = (c: Parameters<typeof annotate>[2]) => void annotate(targetKind, targetId, c);
  const starred = annotation?.starred ?? false;

  return (
    <div className="annotation-editor" data-testid={testId ?? `annotate-${targetKind}`}>
      <div className="annotation-row">
        <button
          type="button"
          className={starred ? 'star on' : 'star'}
          aria-pressed={starred}
          title={starred ? 'Remove the star' : 'Star it'}
          onClick={() => change({ starred: !starred })}
          data-testid="star-toggle"
        >
          {starred ? '★ Starred' : '☆ Star'}
        </button>
        <select
          value={annotation?.severity ?? ''}
          onChange={(e) => change({ severity: (e.target.value || null) as Severity | null })}
          aria-label="Severity"
          data-testid="severity-select"
        >
          <option value="">no severity</option>
          {severities.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <TagInput tags={annotation?.tags ?? []} onChange={(tags) => change({ tags })} />
      {/* Keyed by target and saved text, so the field starts over when either changes. */}
      <NoteField
        key={`${targetKind}|${targetId}|${saved}`}
        saved={saved}
        onSave={(note) => change({ note })}
      />
    </div>
  );
}
