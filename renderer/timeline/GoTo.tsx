import { useState, type FormEvent } from 'react';
import { goToTarget } from './conditionText';

/**
 * A field that sends the timeline, on Enter, to a row by its number or to the first row at a
 * time (a date alone is its midnight; a time without a zone is UTC).
 */
export function GoTo(props: {
  count: number;
  onRow(index: number): void;
  onTime(iso: string): void;
}) {
  const [text, setText] = useState('');
  const target = goToTarget(text, props.count);
  const bad = text.trim() !== '' && !target;

  function go(event: FormEvent) {
    event.preventDefault();
    if (target && 'row' in target) props.onRow(target.row);
    else if (target) props.onTime(target.time);
  }

  return (
    <form className="go-to" onSubmit={go}>
      <input
        className={bad ? 'invalid' : undefined}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="Go to row or time"
        aria-label="Go to row or time"
        aria-invalid={bad}
        title={
          bad
            ? `Not a row or a time: write a number from 1 to ${props.count}, or 2020-09-14T00:48:30Z`
            : 'Go to a row number or a time (Enter)'
        }
        data-testid="timeline-go-to"
      />
    </form>
  );
}
