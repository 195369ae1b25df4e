import type { Annotation, TimelineRow } from '../../shared/model';
import { AnnotationMark } from '../annotations/AnnotationMark';
import type { Column } from './columns';

interface Props {
  row: TimelineRow | undefined;
  index: number;
  columns: Column[];
  template: string;
  top: number;
  height: number;
  selected: boolean;
  /** The keyboard cursor: the row Enter opens. */
  current: boolean;
  annotation: Annotation | undefined;
  onPick(): void;
}

/** One event of the timeline; a placeholder while its page is on the way. */
export function TimelineRowView(props: Props) {
  const { row, columns, template, top, height } = props;
  const style = { transform: `translateY(${top}px)`, height, gridTemplateColumns: template };

  if (!row) {
    return <div className="timeline-row placeholder" style={style} />;
  }

  const classes = ['timeline-row'];
  if (props.selected) classes.push('selected');
  if (props.current) classes.push('current');

  return (
    <div
      className={classes.join(' ')}
      style={style}
      role="row"
      aria-rowindex={props.index + 1}
      aria-selected={props.selected}
      onClick={props.onPick}
      data-testid="timeline-row"
      data-event-id={row.eventId}
      data-index={props.index}
    >
      <span className="mark-cell">
        <AnnotationMark annotation={props.annotation} />
      </span>
      {columns.map((c) => (
        <span
          key={c.id}
          className={[
            c.mono ? 'mono' : '',
            c.id === 'outcome' && row.outcome === 'failure' ? 'bad' : '',
            c.id === 'action' ? 'strong' : '',
          ].join(' ')}
          title={c.full(row)}
        >
          {c.text(row)}
        </span>
      ))}
    </div>
  );
}
