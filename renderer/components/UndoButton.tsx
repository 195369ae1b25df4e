import { useEffect } from 'react';
import { useStore } from '../store';
import { selectUndoAnnotation } from '../store/selectors';

/** True when the key went to a field where Ctrl+Z belongs to the text being typed. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Undo of the last annotation change, by button or Ctrl+Z (Cmd+Z) outside a text field. */
export function UndoButton() {
  const undo = useStore(selectUndoAnnotation);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const mod = event.ctrlKey || event.metaKey;
      if (!mod || event.shiftKey || event.key.toLowerCase() !== 'z' || typing(event.target)) return;
      event.preventDefault();
      void undo();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo]);

  return (
    <button
      type="button"
      onClick={() => void undo()}
      title="Undo the last annotation change (Ctrl+Z)"
      data-testid="undo-annotation"
    >
      ↶ Undo
    </button>
  );
}
