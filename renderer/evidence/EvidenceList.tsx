import type { EvidenceFile } from '../../shared/model';
import { EvidenceRow } from './EvidenceRow';

/** Every file of every bundle: its format, records read and rejected, status and first error. */
export function EvidenceList({ files }: { files: EvidenceFile[] }) {
  if (files.length === 0) return null;

  return (
    <div className="evidence-list scroll" data-testid="evidence-list">
      <table className="grid">
        <thead>
          <tr>
            <th>File and format</th>
            <th className="num">Read</th>
            <th className="num" title="Records rejected">
              Rej.
            </th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {files.map((file) => (
            <EvidenceRow key={file.evidenceId} file={file} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
