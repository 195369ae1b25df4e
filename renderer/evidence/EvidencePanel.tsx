import { useStore } from '../store';
import { selectCaseInfo, selectEvidence } from '../store/selectors';
import { AddEvidenceForm } from './AddEvidenceForm';
import { EvidenceList } from './EvidenceList';

/** Left panel, top: what is in the case and how to add more. */
export function EvidencePanel() {
  const info = useStore(selectCaseInfo);
  const evidence = useStore(selectEvidence);

  return (
    <section className="panel evidence-panel" data-testid="evidence-panel">
      <header className="panel-head">
        <h2>Evidence</h2>
        <span className="muted">{evidence.length > 0 ? `${evidence.length} files` : ''}</span>
      </header>
      {info ? <AddEvidenceForm /> : <p className="muted pad">Open a case to add evidence.</p>}
      <EvidenceList files={evidence} />
    </section>
  );
}
