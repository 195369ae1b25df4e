import { useShallow } from 'zustand/react/shallow';
import { CaseHome } from '../casehome/CaseHome';
import { ConsolePanel } from '../console/ConsolePanel';
import { useStore } from '../store';
import { selectBottomTab, selectCaseInfo } from '../store/selectors';
import type { BottomTab } from '../store/uiSlice';
import { TimelinePanel } from '../timeline/TimelinePanel';

const tabs: { id: BottomTab; label: string }[] = [
  { id: 'timeline', label: 'Timeline' },
  { id: 'console', label: 'SQL console' },
  { id: 'case', label: 'Case and evidence' },
];

/** The bottom of the window: the timeline, the SQL console or the case's manifest. */
export function BottomPanel() {
  const { tab, setTab } = useStore(useShallow(selectBottomTab));
  const info = useStore(selectCaseInfo);
  const shown = info ? tab : 'timeline';

  return (
    <div className="bottom-area">
      {info && (
        <nav className="bottom-tabs" role="tablist" aria-label="Bottom panel">
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={shown === t.id}
              onClick={() => setTab(t.id)}
              data-testid={`tab-${t.id}`}
            >
              {t.label}
            </button>
          ))}
        </nav>
      )}
      {shown === 'timeline' && <TimelinePanel />}
      {shown === 'console' && <ConsolePanel />}
      {shown === 'case' && <CaseHome />}
    </div>
  );
}
