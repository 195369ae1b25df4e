import type { EvidenceFile } from '../../shared/model';

const statusClass: Record<EvidenceFile['status'], string> = {
  loaded: 'ok',
  partial: 'warn',
  failed: 'bad',
  skipped: 'muted',
  duplicate: 'muted',
};

/**
 * The end of the file name: in a CloudTrail export the folders and the start of every name are
 * alike (account, service, region), and the end is what tells files apart.
 */
function shownName(path: string): string {
  const name = path.split(/[\\/]/).pop() || path;
  return name.length > 30 ? `…${name.slice(-29)}` : name;
}

/** One evidence file, with its first error or skip reason on a line of its own. */
export function EvidenceRow({ file }: { file: EvidenceFile }) {
  const problem = file.firstError ?? file.skipReason;

  return (
    <>
      <tr
        data-testid="evidence-row"
        data-status={file.status}
        data-path={file.path}
        title={`${file.bundle}\n${file.path}\nSHA-256 ${file.sha256}`}
      >
        <td data-testid="evidence-file">
          <div className="file-name">{shownName(file.path)}</div>
          <div className="muted small" title={file.layout ?? undefined}>
            {file.format ?? '—'}
          </div>
        </td>
        <td className="num" data-testid="evidence-read">
          {file.recordsRead}
        </td>
        <td className="num" data-testid="evidence-rejected">
          {file.recordsRejected}
        </td>
        <td>
          <span className={`badge ${statusClass[file.status]}`}>{file.status}</span>
        </td>
      </tr>
      {problem && (
        <tr className="evidence-error">
          <td colSpan={4} className="ellipsis" data-testid="evidence-error" title={problem}>
            {problem}
          </td>
        </tr>
      )}
    </>
  );
}
