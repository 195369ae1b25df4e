import { useState, type FormEvent } from 'react';

/** A field that sends the timeline to a row by its number, 1 to `count`, on Enter. */
export function GoToRow(props: { count: number; onGo(index: number): void }) {
  const [text, setText] = useState('');
  const wanted = Number(text.replace(/[\s,_]/g, ''));
  const valid = Number.isInteger(wanted) && wanted >= 1 && wanted <= props.count;
  const bad = text.trim() !== '' && !valid;

  function go(event: FormEvent) {
    event.preventDefault();
    if (valid) props.onGo(wanted - 1);
  }

  return (
    <form className="go-to-row" onSubmit={go}>
      <input
        className={bad ? 'invalid' : undefined}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="Go to row"
        aria-label="Go to row"
        aria-invalid={bad}
        title={bad ? `Not a row: write a number from 1 to ${props.count}` : 'Go to row (Enter)'}
        inputMode="numeric"
        data-testid="timeline-go-to-row"
      />
    </form>
  );
}
