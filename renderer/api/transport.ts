import type { KeytrailApi } from '../../shared/contract';
import type { Progress } from '../../shared/model';
import type { Result } from '../../shared/result';

/**
 * What the window needs from its host, whichever it is: the engine's API, progress of long work,
 * and the few things that differ between the desktop shell and browser mode (how a picked or
 * dropped file becomes a path the engine can read, and native dialogs).
 */
export interface Transport {
  mode: 'desktop' | 'browser';
  api: KeytrailApi;
  onProgress(listener: (progress: Progress) => void): () => void;
  /** Turns picked or dropped files into absolute paths on the engine's side. */
  pathsForFiles(files: File[]): Promise<Result<string[]>>;
  /** The native evidence dialog; null where there is none and the page's file input is used. */
  chooseEvidence: (() => Promise<string[]>) | null;
  /** The native case dialog; null where there is none and the case path is typed. */
  chooseCase: (() => Promise<string | null>) | null;
}
