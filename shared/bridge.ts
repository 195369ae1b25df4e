import type { KeytrailApi } from './contract.js';
import type { Progress } from './model.js';

/**
 * What the Electron preload puts on `window.keytrail`: the API itself plus the few things only
 * the desktop shell can do. In browser mode the object is absent and the renderer talks HTTP.
 */
export interface DesktopBridge extends KeytrailApi {
  /** Subscribe to progress of long work; returns the unsubscribe function. */
  onProgress(listener: (progress: Progress) => void): () => void;
  /** The absolute path of a file dropped on or picked in the window. */
  pathForFile(file: Blob): string;
  /** The native open dialog for a case file; null when cancelled. */
  chooseCase(): Promise<string | null>;
  /** The native open dialog for evidence (files or folders); empty when cancelled. */
  chooseEvidence(): Promise<string[]>;
}

/** HTTP protocol of browser mode, shared by the server and the renderer's client. */
export const http = {
  tokenHeader: 'x-keytrail-token',
  tokenCookie: 'keytrail_token',
  tokenQuery: 'token',
  apiPrefix: '/api/',
  progressPath: '/api/progress',
  uploadPath: '/api/upload',
} as const;
