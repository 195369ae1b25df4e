import type { Direction } from '../../shared/model';

const choices: { value: Direction; label: string; hint: string }[] = [
  { value: 'backward', label: '← Backward', hint: 'How did this access come about?' },
  { value: 'both', label: 'Both', hint: 'Both ways from the start' },
  { value: 'forward', label: 'Forward →', hint: 'What did this lead to?' },
];

/** Which way the path is followed from its start node. */
export function DirectionToggle({
  value,
  onChange,
}: {
  value: Direction;
  onChange(direction: Direction): void;
}) {
  return (
    <div
      className="segmented"
      role="radiogroup"
      aria-label="Path direction"
      data-testid="direction"
    >
      {choices.map((c) => (
        <button
          key={c.value}
          type="button"
          role="radio"
          aria-checked={value === c.value}
          className={value === c.value ? 'on' : ''}
          title={c.hint}
          data-testid={`direction-${c.value}`}
          onClick={() => onChange(c.value)}
        >
          {c.label}
        </button>
      ))}
    </div>
  );
}
