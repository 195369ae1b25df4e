import { app, dialog } from 'electron';
import type { BrowserWindow, OpenDialogOptions } from 'electron';

/** The native dialogs of the shell. Each returns absolute paths, or nothing when cancelled. */

const caseFilters = [{ name: 'Keytrail case', extensions: ['duckdb'] }];
const evidenceFilters = [
  { name: 'Log bundles', extensions: ['json', 'gz', 'zip', 'tar', 'tgz'] },
  { name: 'All files', extensions: ['*'] },
];

async function open(window: BrowserWindow | null, options: OpenDialogOptions): Promise<string[]> {
  const result = window
    ? await dialog.showOpenDialog(window, options)
    : await dialog.showOpenDialog(options);

  return result.canceled ? [] : result.filePaths;
}

export async function chooseCaseFile(window: BrowserWindow | null): Promise<string | null> {
  const [first] = await open(window, {
    title: 'Open case',
    properties: ['openFile'],
    filters: caseFilters,
  });

  return first ?? null;
}

/**
 * Evidence files. On Linux and Windows one dialog cannot pick files and folders together, so the
 * file dialog is shown there and folders come through `chooseEvidenceFolder` (or drag and drop).
 */
export async function chooseEvidenceFiles(window: BrowserWindow | null): Promise<string[]> {
  const both = process.platform === 'darwin';

  return open(window, {
    title: 'Add evidence',
    properties: both
      ? ['openFile', 'openDirectory', 'multiSelections']
      : ['openFile', 'multiSelections'],
    filters: evidenceFilters,
  });
}

export async function chooseEvidenceFolder(window: BrowserWindow | null): Promise<string[]> {
  return open(window, { title: 'Add evidence folder', properties: ['openDirectory'] });
}

export async function showAbout(window: BrowserWindow | null): Promise<void> {
  const options = {
    type: 'info' as const,
    title: 'About Keytrail',
    message: `Keytrail ${app.getVersion()}`,
    detail:
      'An offline workbench that reconstructs the access paths of non-human identities from ' +
      `exported logs.\n\nElectron ${process.versions.electron}, Node ${process.versions.node}`,
  };

  await (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
}

export function showFailure(title: string, sentence: string, message: string): void {
  dialog.showErrorBox(title, `${sentence}\n\n${message}`);
}
