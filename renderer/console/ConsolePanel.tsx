import { useEffect, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store';
import { consoleRowLimit } from '../store/consoleSlice';
import { selectConsole } from '../store/selectors';
import { ResultGrid } from './ResultGrid';

/**
 * The read-only SQL console over the case's tables (docs/case-format.md names them). The engine
 * refuses anything but one SELECT; saved queries live in the case.
 */
export function ConsolePanel() {
  const c = useStore(useShallow(selectConsole));
  const [name, setName] = useState('');
  const { loadSaved } = c;

  useEffect(() => {
    void loadSaved();
  }, [loadSaved]);

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void c.run();
    }
  }

  return (
    <section className="panel console-panel" data-testid="console-panel">
      <header className="panel-head">
        <h2>SQL console</h2>
        <span className="muted">
          read-only: one SELECT over the case’s tables, Ctrl+Enter runs it
        </span>
        <span className="spacer" />
        {c.result && (
          <span className="muted" data-testid="query-summary">
            {c.result.rows.length} rows{c.result.truncated ? ` (first ${consoleRowLimit})` : ''} ·{' '}
            {c.result.durationMs} ms
          </span>
        )}
      </header>
      <div className="console-body">
        <div className="console-editor">
          <textarea
            className="sql"
            value={c.sql}
            onChange={(e) => c.setSql(e.target.value)}
            onKeyDown={onKeyDown}
            spellCheck={false}
            aria-label="SQL"
            data-testid="sql-input"
          />
          <div className="console-actions">
            <button
              type="button"
              onClick={() => void c.run()}
              disabled={c.running}
              data-testid="run-query"
            >
              {c.running ? 'Running…' : 'Run'}
            </button>
            {c.running && (
              <button type="button" onClick={() => void c.cancel()} data-testid="cancel-query">
                Cancel
              </button>
            )}
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="Name to save as"
              aria-label="Name of the saved query"
              data-testid="query-name"
              maxLength={200}
            />
            <button
              type="button"
              disabled={!name.trim()}
              onClick={() => void c.save(name.trim())}
              data-testid="save-query"
            >
              Save
            </button>
          </div>
          <ul className="saved-queries" data-testid="saved-queries">
            {c.saved.map((q) => (
              <li key={q.viewId}>
                <button
                  type="button"
                  className="link-button"
                  title={String(q.body.sql)}
                  onClick={() => c.setSql(String(q.body.sql))}
                  data-testid="saved-query"
                >
                  {q.name}
                </button>
              </li>
            ))}
          </ul>
        </div>
        {c.result ? (
          <ResultGrid result={c.result} />
        ) : (
          <p className="pad muted">
            Tables: events, evidence, nodes, links, link_evidence, annotations, annotation_log.
          </p>
        )}
      </div>
    </section>
  );
}
