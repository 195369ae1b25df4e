import type { DesktopBridge } from '../../shared/bridge';
import { desktopTransport } from './desktopTransport';
import { httpTransport } from './httpTransport';
import { sessionToken } from './token';
import type { Transport } from './transport';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    keytrail?: DesktopBridge;
  }
}

let current: Transport | null = null;

/** The host this window talks to: the desktop bridge when present, else `keytrail serve`. */
export function transport(): Transport {
  current ??= window.keytrail ? desktopTransport(window.keytrail) : httpTransport(sessionToken());
  return current;
}

export type { Transport } from './transport';
