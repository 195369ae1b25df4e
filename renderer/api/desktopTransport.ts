import type { DesktopBridge } from '../../shared/bridge';
import { fail, ok } from '../../shared/result';
import type { Transport } from './transport';

/** The Electron window: the preload's bridge carries the API over IPC. */
export function desktopTransport(bridge: DesktopBridge): Transport {
  return {
    mode: 'desktop',
    api: bridge,
    onProgress: (listener) => bridge.onProgress(listener),
    async pathsForFiles(files) {
      const paths = files.map((file) => bridge.pathForFile(file)).filter((p) => p.length > 0);
      if (paths.length < files.length) {
        return fail('evidence_not_found', 'Failed to add files: some have no path on disk');
      }
      return ok(paths);
    },
    chooseEvidence: () => bridge.chooseEvidence(),
    chooseCase: () => bridge.chooseCase(),
  };
}
