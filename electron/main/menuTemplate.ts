import type { MenuItemConstructorOptions } from 'electron';
import type { RecentCase } from './recentCases.js';

/** What the menu's items do; main.ts supplies them, tests supply recorders. */
export interface MenuActions {
  openCase(): void;
  addEvidence(): void;
  addEvidenceFolder(): void;
  openRecent(casePath: string): void;
  about(): void;
}

export interface MenuState {
  /** Reload and the developer tools are offered in development only. */
  isDev: boolean;
  recent: readonly RecentCase[];
}

/** The application menu: File, View (development only) and Help. */
export function menuTemplate(actions: MenuActions, state: MenuState): MenuItemConstructorOptions[] {
  const recentItems: MenuItemConstructorOptions[] =
    state.recent.length === 0
      ? [{ label: 'No recent cases', enabled: false }]
      : state.recent.map((entry) => ({
          label: entry.path,
          click: () => actions.openRecent(entry.path),
        }));

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open case...', accelerator: 'CmdOrCtrl+O', click: () => actions.openCase() },
      { label: 'Add evidence...', accelerator: 'CmdOrCtrl+E', click: () => actions.addEvidence() },
      { label: 'Add evidence folder...', click: () => actions.addEvidenceFolder() },
      { label: 'Open recent', submenu: recentItems },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };

  const edit: MenuItemConstructorOptions = { role: 'editMenu' };

  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }],
  };

  const help: MenuItemConstructorOptions = {
    label: 'Help',
    submenu: [{ label: 'About Keytrail', click: () => actions.about() }],
  };

  return state.isDev ? [file, edit, view, help] : [file, edit, help];
}
