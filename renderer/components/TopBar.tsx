import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { transport } from '../api';
import { useStore } from '../store';
import { selectCaseInfo, selectIngest, selectOpenCase } from '../store/selectors';
import { ExportButton } from '../export/ExportButton';
import { ProgressBar } from './ProgressBar';
import { StatusLine } from './StatusLine';
import { ThemeToggle } from './ThemeToggle';
import { UndoButton } from './UndoButton';

/** The case bar: which case is open, a way to open another, and progress of long work. */
export function TopBar() {
  const info = useStore(selectCaseInfo);
  const openCase = useStore(selectOpenCase);
  const { ingesting, progress } = useStore(useShallow(selectIngest));
  const [path, setPath] = useState('');
  const chooseCase = transport().chooseCase;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (path.trim()) void openCase(path.trim());
  }

  async function choose() {
    const chosen = chooseCase ? await chooseCase() : null;
    if (chosen) await openCase(chosen);
  }

  return (
    <header className="topbar" data-testid="top-bar">
      <span className="brand">Keytrail</span>
      <span className="case-path" data-testid="case-path" title={info?.path}>
        {info ? info.path : 'No case open'}
      </span>
      {info && (
        <span className="case-counts" data-testid="case-counts">
          {info.evidenceCount} files · {info.eventCount} events · {info.nodeCount} nodes ·{' '}
          {info.linkCount} links
        </span>
      )}
      <form className="open-case" onSubmit={submit}>
        <input
          data-testid="case-path-input"
          placeholder="/path/to/name.keytrail.duckdb"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          aria-label="Case file path"
        />
        <button type="submit" data-testid="open-case">
          Open case
        </button>
        {chooseCase && (
          <button type="button" onClick={() => void choose()}>
            Browse…
          </button>
        )}
      </form>
      <ExportButton />
      {ingesting && <ProgressBar progress={progress} />}
      <StatusLine />
      <span className="spacer" />
      {info && <UndoButton />}
      <ThemeToggle />
    </header>
  );
}
