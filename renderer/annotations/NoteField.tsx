import { useState } from 'react';

/** The note of an annotation, sent when the field loses focus and only when it changed. */
export function NoteField({ saved, onSave }: { saved: string; onSave(note: string | null): void }) {
  const [note, setNote] = useState(saved);

  return (
    <textarea
      className="note"
      rows={2}
      value={note}
      placeholder="Note (saved when you leave the field)"
      onChange={(e) => setNote(e.target.value)}
      onBlur={() => note !== saved && onSave(note.trim() === '' ? null : note)}
      aria-label="Note"
      data-testid="note-field"
      maxLength={20_000}
    />
  );
}
