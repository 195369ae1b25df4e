import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { describeError } from '../../shared/errors';
import { exportedText } from '../../shared/exportSummaryText';
import type { ExportSummary } from '../../shared/model';
import type { ApiError } from '../../shared/result';
import { transport } from '../api';
import { useStore } from '../store';
import { selectExportContext } from './exportSelectors';
import {
  defaultOut,
  filterOf,
  formatLabels,
  isReport,
  type DialogChoices,
  type DialogFormat,
} from './exportRequest';
import './export.css';

const formats = Object.keys(formatLabels) as DialogFormat[];

/**
 * Take the case out: the timeline, a report or a bundle, of the whole case or of the view on
 * screen, written by the engine to a path on its side. Errors are shown in the dialog in the
 * words of the shared error module, never as raw exception text.
 */
export function ExportDialog({ onClose }: { onClose: () => void }) {
  const { casePath, scope, pathStart } = useStore(useShallow(selectExportContext));
  const [choices, setChoices] = useState<DialogChoices>({
    format: 'csv',
    out: casePath ? defaultOut(casePath, 'csv') : '',
    viewOnly: scope !== null,
    starred: false,
    tags: '',
  });
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ExportSummary | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  function choose(format: DialogFormat) {
    setChoices((c) => ({ ...c, format, out: casePath ? defaultOut(casePath, format) : c.out }));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setDone(null);
    setError(null);
    const filter = filterOf(choices, scope);
    const { format, out } = choices;
    const api = transport().api;
    const result = isReport(format)
      ? await api.exportReport({ out, format, filter, pathsFrom: pathStart ? [pathStart] : [] })
      : await api.exportTimeline({ out, format, filter });
    setBusy(false);
    if (result.ok) setDone(result.value);
    else setError(result.error);
  }

  return (
    <div className="export-backdrop">
      <form
        className="export-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="export-title"
        data-testid="export-dialog"
        onSubmit={(e) => void submit(e)}
      >
        <h2 id="export-title">Export</h2>
        <label>
          Format
          <select
            data-testid="export-format"
            value={choices.format}
            onChange={(e) => choose(e.target.value as DialogFormat)}
          >
            {formats.map((f) => (
              <option key={f} value={f}>
                {formatLabels[f]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Write to (a path on the engine&apos;s side)
          <input
            data-testid="export-out"
            value={choices.out}
            onChange={(e) => setChoices((c) => ({ ...c, out: e.target.value }))}
          />
        </label>
        <label className="export-check">
          <input
            type="checkbox"
            data-testid="export-view-only"
            checked={choices.viewOnly}
            disabled={scope === null}
            onChange={(e) => setChoices((c) => ({ ...c, viewOnly: e.target.checked }))}
          />
          Only the view on screen{scope ? ` (${scope.label})` : ''}
        </label>
        <label className="export-check">
          <input
            type="checkbox"
            checked={choices.starred}
            onChange={(e) => setChoices((c) => ({ ...c, starred: e.target.checked }))}
          />
          Only starred events
        </label>
        <label>
          Only events tagged (comma-separated)
          <input
            value={choices.tags}
            onChange={(e) => setChoices((c) => ({ ...c, tags: e.target.value }))}
          />
        </label>
        {done && (
          <p className="export-done" data-testid="export-done">
            Wrote {done.path}: {exportedText(done)}, {done.bytes} bytes. SHA-256{' '}
            <code>{done.sha256}</code>
          </p>
        )}
        {error && (
          <p className="export-error" role="alert" data-testid="export-error">
            {error.message}. {describeError(error)}
          </p>
        )}
        <div className="export-actions">
          <button type="button" onClick={onClose}>
            Close
          </button>
          <button type="submit" data-testid="export-submit" disabled={busy || !choices.out}>
            {busy ? 'Exporting…' : 'Export'}
          </button>
        </div>
      </form>
    </div>
  );
}
