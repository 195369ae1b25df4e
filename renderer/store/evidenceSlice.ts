import type { EvidenceFile, IngestSummary, Progress } from '../../shared/model';
import { transport } from '../api';
import type { Slice } from './types';
import { unwrap } from './unwrap';

export interface EvidenceSlice {
  evidence: EvidenceFile[];
  ingesting: boolean;
  progress: Progress | null;
  lastIngest: IngestSummary | null;
  loadEvidence(): Promise<void>;
  addEvidencePaths(paths: string[]): Promise<void>;
  addEvidenceFiles(files: File[]): Promise<void>;
  setProgress(progress: Progress | null): void;
}

export const evidenceSlice: Slice<EvidenceSlice> = (set, get) => ({
  evidence: [],
  ingesting: false,
  progress: null,
  lastIngest: null,

  async loadEvidence() {
    const evidence = await unwrap(get, transport().api.evidence({}));
    if (evidence) set({ evidence });
  },

  async addEvidencePaths(paths) {
    if (paths.length === 0 || get().ingesting) return;

    set({ ingesting: true, progress: null });
    const summary = await unwrap(get, transport().api.addEvidence({ paths }));
    set({ ingesting: false, progress: null, lastIngest: summary ?? get().lastIngest });

    await get().refreshCase();

    // New evidence may add links to the path on screen.
    const start = get().pathStart;
    if (summary && start) await get().showPath(start);
  },

  async addEvidenceFiles(files) {
    if (files.length === 0 || get().ingesting) return;

    set({ ingesting: true, progress: null });
    const paths = await unwrap(get, transport().pathsForFiles(files));
    set({ ingesting: false });

    if (paths) await get().addEvidencePaths(paths);
  },

  setProgress(progress) {
    set({ progress: progress?.phase === 'done' ? null : progress });
  },
});
