import { useEffect } from 'react';
import { BottomPanel } from './components/BottomPanel';
import { DropZone } from './components/DropZone';
import { NoticeBar } from './components/NoticeBar';
import { TopBar } from './components/TopBar';
import { EventDetailPanel } from './detail/EventDetailPanel';
import { EvidencePanel } from './evidence/EvidencePanel';
import { FindingsPanel } from './findings/FindingsPanel';
import { warmLayout } from './graph/elkLayout';
import { GraphPanel } from './graph/GraphPanel';
import { InventoryPanel } from './inventory/InventoryPanel';
import { useStore } from './store';
import { selectCaseInfo, selectLoadCaseInfo } from './store/selectors';
import { useProgress } from './useProgress';

/** The investigator's window: case bar on top, evidence and inventory left, path in the centre. */
export function App() {
  const loadCaseInfo = useStore(selectLoadCaseInfo);
  const info = useStore(selectCaseInfo);

  useProgress();

  useEffect(() => {
    void loadCaseInfo();
  }, [loadCaseInfo]);

  // Once a case is open, a path is what the investigator asks for next.
  useEffect(() => {
    if (info) warmLayout();
  }, [info]);

  return (
    <DropZone>
      <div className="app" data-testid="app">
        <TopBar />
        <NoticeBar />
        <aside className="left">
          <EvidencePanel />
          {info && <FindingsPanel />}
          <InventoryPanel />
        </aside>
        <main className="centre">
          <GraphPanel />
        </main>
        <section className="bottom">
          <BottomPanel />
        </section>
        <aside className="right">
          <EventDetailPanel />
        </aside>
      </div>
    </DropZone>
  );
}
