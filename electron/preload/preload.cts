/**
 * The preload of the Keytrail window. The window runs sandboxed, where a preload may require only
 * 'electron': so this is one self-contained file, and it imports types alone from shared/. The
 * page receives one small named object, `window.keytrail`; it never sees `ipcRenderer`, Node or
 * `process.env`, and it can reach no channel that is not written out below.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { DesktopBridge } from '../../shared/bridge.js';
import type { KeytrailApi, Method } from '../../shared/contract.js';
import type { Progress } from '../../shared/model.js';

// The same names `channelOf` and `progressChannel` of shared/contract.ts compute; a unit test keeps
// them equal, since a sandboxed preload cannot load that module.
const prefix = 'keytrail:';
const progressChannel = 'keytrail:progress';

/** Channels of the shell's own calls; electron/main/shellChannels.ts holds the same names. */
const shellChannels = {
  chooseCase: 'keytrail:chooseCase',
  chooseEvidence: 'keytrail:chooseEvidence',
} as const;

// Typed per method, so that `satisfies` below also catches a method wired to another's channel.
function call<M extends Method>(method: M): KeytrailApi[M] {
  return (request: unknown) => ipcRenderer.invoke(prefix + method, request ?? {});
}

const bridge = {
  openCase: call('openCase'),
  caseInfo: call('caseInfo'),
  addEvidence: call('addEvidence'),
  evidence: call('evidence'),
  coverage: call('coverage'),
  inventory: call('inventory'),
  inventoryPage: call('inventoryPage'),
  paths: call('paths'),
  timeline: call('timeline'),
  event: call('event'),
  timelineCount: call('timelineCount'),
  findings: call('findings'),
  exportTimeline: call('exportTimeline'),
  exportReport: call('exportReport'),
  annotate: call('annotate'),
  annotations: call('annotations'),
  undoAnnotation: call('undoAnnotation'),
  saveView: call('saveView'),
  views: call('views'),
  query: call('query'),
  cancelQuery: call('cancelQuery'),

  onProgress(listener: (progress: Progress) => void): () => void {
    // The page's listener gets the payload only, never the IPC event (which carries `sender`).
    const relay = (_event: IpcRendererEvent, progress: Progress) => listener(progress);
    ipcRenderer.on(progressChannel, relay);
    return () => {
      ipcRenderer.removeListener(progressChannel, relay);
    };
  },

  pathForFile(file: Blob): string {
    return webUtils.getPathForFile(file as File);
  },

  chooseCase: (): Promise<string | null> => ipcRenderer.invoke(shellChannels.chooseCase),
  chooseEvidence: (): Promise<string[]> => ipcRenderer.invoke(shellChannels.chooseEvidence),
} satisfies DesktopBridge;

contextBridge.exposeInMainWorld('keytrail', bridge);
