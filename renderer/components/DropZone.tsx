import { useState, type DragEvent, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store';
import { selectCaseInfo, selectEvidenceActions } from '../store/selectors';

function carriesFiles(event: DragEvent) {
  return Array.from(event.dataTransfer.types).includes('Files');
}

/** Files dropped anywhere on the window are added to the case as evidence. */
export function DropZone({ children }: { children: ReactNode }) {
  const info = useStore(selectCaseInfo);
  const { addEvidenceFiles } = useStore(useShallow(selectEvidenceActions));
  const [over, setOver] = useState(false);

  function onDragOver(event: DragEvent) {
    if (!info || !carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setOver(true);
  }

  function onDrop(event: DragEvent) {
    if (!info || !carriesFiles(event)) return;
    event.preventDefault();
    setOver(false);
    void addEvidenceFiles(Array.from(event.dataTransfer.files));
  }

  return (
    <div
      className="drop-zone"
      data-testid="drop-zone"
      onDragOver={onDragOver}
      onDragLeave={(e) => e.currentTarget === e.target && setOver(false)}
      onDrop={onDrop}
    >
      {children}
      {over && (
        <div className="drop-overlay" data-testid="drop-overlay">
          Drop to add these files to the case as evidence
        </div>
      )}
    </div>
  );
}
