import type { CaseInfo } from '../../shared/model';
import { transport } from '../api';
import type { Slice } from './types';
import { unwrap } from './unwrap';

export interface CaseSlice {
  caseInfo: CaseInfo | null;
  /** False until the first look at the host has answered, so the window does not flash. */
  caseChecked: boolean;
  loadCaseInfo(): Promise<void>;
  openCase(path: string): Promise<void>;
  /** Reloads everything that depends on the case's contents. */
  refreshCase(): Promise<void>;
}

/** The word the window shows when the findings could not be rebuilt on opening the case. */
function findingsNotice(info: CaseInfo | null | undefined) {
  return info?.findingsProblem
    ? { notice: { sentence: info.findingsProblem, message: '', code: 'findings_stale' } }
    : {};
}

export const caseSlice: Slice<CaseSlice> = (set, get) => ({
  caseInfo: null,
  caseChecked: false,

  async loadCaseInfo() {
    const info = await unwrap(get, transport().api.caseInfo({}));
    set({ caseInfo: info ?? null, caseChecked: true, ...findingsNotice(info) });

    if (info) {
      await Promise.all([
        get().loadEvidence(),
        get().loadInventory(),
        get().loadAnnotations(),
        get().loadFindings(),
      ]);
    }
  },

  async openCase(path) {
    const info = await unwrap(get, transport().api.openCase({ path, create: true }));
    if (!info) return;

    set({ caseInfo: info, ...findingsNotice(info) });
    get().clearPath();
    await Promise.all([
      get().loadEvidence(),
      get().loadInventory(),
      get().loadAnnotations(),
      get().loadFindings(),
    ]);
  },

  async refreshCase() {
    const info = await unwrap(get, transport().api.caseInfo({}));
    if (info !== undefined) set({ caseInfo: info });

    await Promise.all([get().loadEvidence(), get().loadInventory(), get().loadFindings()]);
  },
});
