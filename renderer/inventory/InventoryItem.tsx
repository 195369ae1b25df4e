import type { Annotation, InventoryRow } from '../../shared/model';
import { AnnotationMark } from '../annotations/AnnotationMark';
import { kindName, nodeQualifier } from '../../shared/nodeIds';
import { shortTime } from '../timeline/formatTime';
import { kindClass } from '../graph/kindClass';

interface Props {
  row: InventoryRow;
  selected: boolean;
  annotation: Annotation | undefined;
  top: number;
  height: number;
  onPick(): void;
}

/**
 * One identity or credential: label and kind, what it did, when it was first and last seen. The
 * label is followed by what it leaves out of the id (an ARN's account, say), since two users
 * `alice` of two accounts would otherwise read the same.
 */
export function InventoryItem({ row, selected, annotation, top, height, onPick }: Props) {
  const qualifier = nodeQualifier(row.id);

  return (
    <button
      type="button"
      className={selected ? 'inventory-item selected' : 'inventory-item'}
      style={{ transform: `translateY(${top}px)`, height }}
      onClick={onPick}
      title={`${row.id}\nused ${row.credentialsUsed} credentials, issued ${row.credentialsIssued}; ${row.targets} targets from ${row.addresses} addresses`}
      data-testid="inventory-item"
      data-node-id={row.id}
      data-kind={row.kind}
    >
      <span className="line">
        <span className={`dot ${kindClass(row.kind)}`} />
        <span className="label ellipsis">{row.label}</span>
        {qualifier && (
          <span className="qualifier ellipsis" data-testid="inventory-qualifier">
            {qualifier}
          </span>
        )}
        <AnnotationMark annotation={annotation} />
        <span className="count" title="Actions">
          {row.actions}
          {row.failures > 0 && <span className="bad"> / {row.failures}✕</span>}
        </span>
      </span>
      <span className="line sub">
        <span className="ellipsis">{kindName(row.kind)}</span>
        <span className="when">
          {shortTime(row.firstSeen)} → {shortTime(row.lastSeen)}
        </span>
      </span>
    </button>
  );
}
