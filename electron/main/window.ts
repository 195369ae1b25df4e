import { BrowserWindow } from 'electron';
import { appEntryUrl } from './appProtocol.js';
import { guardContents } from './navigationGuards.js';
import type { GuardedContents, GuardLog } from './navigationGuards.js';
import { windowOptions } from './windowOptions.js';

export interface WindowPlan {
  preloadPath: string;
  /** The Vite dev server's URL in development; the app protocol otherwise. */
  devServerUrl?: string | undefined;
  log: GuardLog;
}

/** Opens the Keytrail window, guarded before its first load, and shows it once painted. */
export function createMainWindow(plan: WindowPlan): BrowserWindow {
  const window = new BrowserWindow(windowOptions(plan.preloadPath));

  // The real WebContents has many overloads of `on`; the guards need three of them.
  guardContents(window.webContents as unknown as GuardedContents, plan.log);

  window.once('ready-to-show', () => window.show());
  void window.loadURL(plan.devServerUrl ?? appEntryUrl);

  return window;
}
