import { useState, type KeyboardEvent } from 'react';

/** Tags as removable chips and a field that adds one on Enter or comma. */
export function TagInput({ tags, onChange }: { tags: string[]; onChange(tags: string[]): void }) {
  const [typed, setTyped] = useState('');

  function add() {
    const tag = typed.trim();
    setTyped('');
    if (tag && !tags.includes(tag)) onChange([...tags, tag]);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      add();
    } else if (event.key === 'Backspace' && typed === '' && tags.length > 0) {
      onChange(tags.slice(0, -1));
    }
  }

  return (
    <div className="tag-input" data-testid="tag-input">
      {tags.map((tag) => (
        <span className="tag" key={tag} data-testid="tag">
          {tag}
          <button
            type="button"
            aria-label={`Remove tag ${tag}`}
            onClick={() => onChange(tags.filter((t) => t !== tag))}
          >
            ×
          </button>
        </span>
      ))}
      <input
        value={typed}
        onChange={(e) => setTyped(e.target.value.replace(',', ''))}
        onKeyDown={onKeyDown}
        onBlur={add}
        placeholder={tags.length ? 'add tag' : 'add a tag, Enter'}
        aria-label="Add a tag"
        data-testid="tag-field"
        maxLength={64}
      />
    </div>
  );
}
