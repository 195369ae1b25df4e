import { useRef, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { transport } from '../api';
import { useStore } from '../store';
import { selectEvidenceActions, selectIngest } from '../store/selectors';

/** Adds evidence by absolute path, by the file picker, or (see DropZone) by dropping files. */
export function AddEvidenceForm() {
  const { addEvidencePaths, addEvidenceFiles } = useStore(useShallow(selectEvidenceActions));
  const { ingesting } = useStore(useShallow(selectIngest));
  const [path, setPath] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const chooseEvidence = transport().chooseEvidence;

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = path.trim();
    if (!trimmed) return;

    void addEvidencePaths([trimmed]).then(() => setPath(''));
  }

  async function pick() {
    if (!chooseEvidence) {
      fileInput.current?.click();
      return;
    }
    await addEvidencePaths(await chooseEvidence());
  }

  return (
    <form className="add-evidence" onSubmit={submit}>
      <input
        data-testid="evidence-path-input"
        placeholder="Absolute path of a folder, .zip, .tar.gz or log file"
        value={path}
        onChange={(e) => setPath(e.target.value)}
        disabled={ingesting}
        aria-label="Evidence path"
      />
      <div className="row">
        <button type="submit" data-testid="add-evidence" disabled={ingesting || !path.trim()}>
          Add
        </button>
        <button type="button" onClick={() => void pick()} disabled={ingesting}>
          Choose files…
        </button>
        <span className="muted small">or drop files here</span>
      </div>
      <input
        ref={fileInput}
        type="file"
        multiple
        hidden
        data-testid="evidence-file-input"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          void addEvidenceFiles(files);
        }}
      />
    </form>
  );
}
