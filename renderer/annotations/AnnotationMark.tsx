import type { Annotation } from '../../shared/model';

/** A compact sign of an annotation in a list, a node or a row: star, severity, tag count. */
export function AnnotationMark({ annotation }: { annotation: Annotation | undefined }) {
  if (!annotation) return null;

  const title = [
    annotation.starred ? 'starred' : null,
    annotation.severity ? `severity ${annotation.severity}` : null,
    annotation.tags.length ? `tags: ${annotation.tags.join(', ')}` : null,
    annotation.note ? 'has a note' : null,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <span className="annotation-mark" title={title} data-testid="annotation-mark">
      {annotation.starred && <span className="mark-star">★</span>}
      {annotation.severity && (
        <span className={`mark-sev sev-${annotation.severity}`}>{annotation.severity[0]}</span>
      )}
      {annotation.tags.length > 0 && (
        <span className="mark-tags">
          #{annotation.tags.length === 1 ? annotation.tags[0] : annotation.tags.length}
        </span>
      )}
      {annotation.note && <span className="mark-note">✎</span>}
    </span>
  );
}
