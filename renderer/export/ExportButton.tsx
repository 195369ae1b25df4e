import { useState } from 'react';
import { useStore } from '../store';
import { selectCaseInfo } from '../store/selectors';
import { ExportDialog } from './ExportDialog';

/** The button that opens the export dialog; shown while a case is open. */
export function ExportButton() {
  const info = useStore(selectCaseInfo);
  const [open, setOpen] = useState(false);
  if (!info) return null;

  return (
    <>
      <button type="button" data-testid="open-export" onClick={() => setOpen(true)}>
        Export…
      </button>
      {open && <ExportDialog onClose={() => setOpen(false)} />}
    </>
  );
}
