import type { EvidenceFile } from '../../shared/model';

const statusClass: Record<EvidenceFile['status'], string> = {
  loaded: 'ok',
  partial: 'warn',
  failed: 'bad',
  skipped: 'muted',
  duplicate: 'muted',
};

/** The last part of a path inside a bundle: the folders are alike and fill the column. */
function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
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
        <td data-testid="evidence-file">{fileName(file.path)}</td>
        <td title={file.layout ?? undefined}>{file.format ?? '—'}</td>
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
          <td colSpan={5} className="ellipsis" data-testid="evidence-error" title={problem}>
            {problem}
          </td>
        </tr>
      )}
    </>
  );
}
