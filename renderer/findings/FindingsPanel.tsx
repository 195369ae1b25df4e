import { useShallow } from 'zustand/react/shallow';
import type { Severity } from '../../shared/model';
import { useStore } from '../store';
import { selectFindings } from '../store/selectors';
import { shortTime } from '../timeline/formatTime';

const order: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Left panel: what the rules found, most severe first; a click opens its path and its events. */
export function FindingsPanel() {
  const { findings, openId, open } = useStore(useShallow(selectFindings));
  const sorted = [...findings].sort(
    (a, b) => order[a.severity] - order[b.severity] || a.title.localeCompare(b.title),
  );

  return (
    <section className="panel findings-panel" data-testid="findings-panel">
      <header className="panel-head">
        <h2>Findings</h2>
        <span className="muted" data-testid="findings-count">
          {findings.length}
        </span>
      </header>
      {findings.length === 0 ? (
        <p className="pad muted small">No rule found anything in this case.</p>
      ) : (
        <ul className="finding-list scroll">
          {sorted.map((f) => (
            <li key={f.findingId}>
              <button
                type="button"
                className={f.findingId === openId ? 'finding selected' : 'finding'}
                onClick={() => void open(f)}
                title={f.summary}
                data-testid="finding"
                data-rule={f.ruleId}
              >
                <span className="line">
                  <span className={`mark-sev sev-${f.severity}`}>{f.severity}</span>
                  <span className="strong ellipsis">{f.title}</span>
                  {f.technique && <span className="muted">{f.technique}</span>}
                </span>
                <span className="line sub">
                  <span className="ellipsis">{f.summary}</span>
                  <span className="when">{shortTime(f.firstTime)}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
