import { useShallow } from 'zustand/react/shallow';
import { CopyButton } from '../components/CopyButton';
import { ProgressBar } from '../components/ProgressBar';
import { useStore } from '../store';
import { selectCaseInfo, selectEvidence, selectIngest } from '../store/selectors';
import { fullTime } from '../timeline/formatTime';
import { settingRows } from './settingLabels';

function bytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KiB`;
  return `${(size / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * The case at a glance: where it is, its settings and counts, and the evidence manifest with the
 * SHA-256 of every file as it was read, its status and the first problem met in it.
 */
export function CaseHome() {
  const info = useStore(selectCaseInfo);
  const evidence = useStore(selectEvidence);
  const { ingesting, progress } = useStore(useShallow(selectIngest));

  if (!info) return null;

  return (
    <section className="panel case-home" data-testid="case-home">
      <header className="panel-head">
        <h2>Case</h2>
        <span className="ellipsis mono" title={info.path}>
          {info.path}
        </span>
        <span className="spacer" />
        {ingesting && <ProgressBar progress={progress} />}
      </header>
      <div className="scroll case-body">
        <dl className="case-facts" data-testid="case-settings">
          <dt>Created</dt>
          <dd>{fullTime(info.createdAt)}</dd>
          <dt>Schema version</dt>
          <dd>{info.schemaVersion}</dd>
          {settingRows(info.settings).map((row) => (
            <div className="field" key={row.key}>
              <dt>{row.label}</dt>
              <dd data-testid={`setting-${row.key}`}>{row.value}</dd>
            </div>
          ))}
          <dt>Contents</dt>
          <dd>
            {info.evidenceCount} files · {info.eventCount} events · {info.nodeCount} nodes ·{' '}
            {info.linkCount} links
          </dd>
        </dl>
        <table className="grid manifest" data-testid="manifest">
          <thead>
            <tr>
              <th>File</th>
              <th>Format</th>
              <th>Status</th>
              <th className="num">Read</th>
              <th className="num secondary">Rej.</th>
              <th className="num secondary">Size</th>
              <th>SHA-256</th>
              <th title="The first problem met, or why the file was skipped">Problem</th>
            </tr>
          </thead>
          <tbody>
            {evidence.map((e) => (
              <tr key={e.evidenceId} data-testid="manifest-row" data-path={e.path}>
                <td
                  className="file-name"
                  title={`${e.path}\nin ${e.bundle}\n${e.recordsRejected} rejected, ${bytes(e.size)}`}
                >
                  {/* Files of one trail share a long prefix: their ends tell them apart. */}
                  {e.path.length > 34 ? `…${e.path.slice(-33)}` : e.path}
                </td>
                <td title={e.layout ?? undefined}>{e.format ?? '—'}</td>
                <td>{e.status}</td>
                <td className="num">{e.recordsRead}</td>
                <td className="num secondary">{e.recordsRejected}</td>
                <td className="num secondary">{bytes(e.size)}</td>
                <td className="mono hash">
                  <span title={e.sha256} data-testid="manifest-sha256">
                    {e.sha256.slice(0, 12)}…
                  </span>
                  <CopyButton text={e.sha256} label="Copy" />
                </td>
                <td
                  className={e.firstError ? 'bad' : 'muted'}
                  title={e.firstError ?? e.skipReason ?? ''}
                >
                  {e.firstError ?? e.skipReason ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
