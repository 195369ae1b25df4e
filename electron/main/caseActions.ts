import type { BrowserWindow } from 'electron';
import type { EngineHandlers } from '../../shared/contract.js';
import { describeError } from '../../shared/errors.js';
import type { Result } from '../../shared/result.js';
import { showFailure } from './dialogs.js';
import type { Dispatch } from './ipc.js';
import { rememberCase } from './recentCases.js';

/**
 * What the menu does to the open case. The page learns of the change the way it learns of the case
 * at start: it is reloaded and asks the engine for `caseInfo`.
 */
export interface CaseActionsDeps {
  engine: EngineHandlers;
  dispatch: Dispatch;
  userData: string;
  window: () => BrowserWindow | null;
  /** Rebuilds the menu after the recent list changed. */
  refreshMenu: () => Promise<void>;
}

function reportFailure(title: string, result: Result<unknown>): boolean {
  if (result.ok) return false;

  showFailure(title, describeError(result.error), result.error.message);
  return true;
}

export function caseActions(deps: CaseActionsDeps) {
  async function openCase(casePath: string, create = false): Promise<boolean> {
    const result = await deps.dispatch(deps.engine, 'openCase', { path: casePath, create });
    if (reportFailure('Keytrail could not open the case', result)) return false;

    await rememberCase(deps.userData, casePath);
    await deps.refreshMenu();
    deps.window()?.webContents.reload();
    return true;
  }

  async function addEvidence(paths: string[]): Promise<void> {
    if (paths.length === 0) return;

    const result = await deps.dispatch(deps.engine, 'addEvidence', { paths });
    if (reportFailure('Keytrail could not add the evidence', result)) return;

    deps.window()?.webContents.reload();
  }

  return { openCase, addEvidence };
}
