import { app, ipcMain, Menu, protocol, session } from 'electron';
import type { BrowserWindow } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { progressChannel } from '../../shared/contract.js';
import { describeError } from '../../shared/errors.js';
import type { CaseInfo } from '../../shared/model.js';
import { Engine } from '../engine/Engine.js';
import { dispatch } from '../engine/dispatch.js';
import { childLogger } from '../engine/log.js';
import { appScheme, createAppProtocolHandler } from './appProtocol.js';
import './beforeReady.js';
import { caseActions } from './caseActions.js';
import {
  chooseCaseFile,
  chooseEvidenceFiles,
  chooseEvidenceFolder,
  showAbout,
  showFailure,
} from './dialogs.js';
import type { Dispatch } from './ipc.js';
import { registerIpc } from './ipc.js';
import { menuTemplate } from './menuTemplate.js';
import { electronPdfPrinter } from './pdfPrinter.js';
import { guardSession } from './navigationGuards.js';
import { readRecentCases, rememberCase } from './recentCases.js';
import { startupCasePath } from './startupCase.js';
import { createMainWindow } from './window.js';

/**
 * The Electron main process: one guarded window, the engine in this process behind the IPC
 * wiring of the contract, and the menu. `npm start` passes the sample case with --keytrail-case.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererRoot = path.join(here, '..', '..', 'renderer');
const preloadPath = path.join(here, '..', 'preload', 'preload.cjs');
const log = childLogger('shell');
const isDev = !app.isPackaged;
const devServerUrl = isDev ? process.env.KEYTRAIL_DEV_SERVER_URL : undefined;
const devOrigins = devServerUrl ? [new URL(devServerUrl).origin] : [];

const engine = new Engine();
// Reports print to PDF with the shell's own Chromium: no system browser needed.
engine.setPdfPrinter(electronPdfPrinter);
const run: Dispatch = dispatch;
let mainWindow: BrowserWindow | null = null;
const userData = () => app.getPath('userData');
const currentWindow = () => mainWindow;

async function refreshMenu(): Promise<void> {
  const recent = await readRecentCases(userData());
  const template = menuTemplate(
    {
      openCase: () =>
        void chooseCaseFile(mainWindow).then((p) => (p === null ? false : actions.openCase(p))),
      addEvidence: () => void chooseEvidenceFiles(mainWindow).then(actions.addEvidence),
      addEvidenceFolder: () => void chooseEvidenceFolder(mainWindow).then(actions.addEvidence),
      openRecent: (casePath) => void actions.openCase(casePath),
      about: () => void showAbout(mainWindow),
    },
    { isDev, recent },
  );

  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

const actions = caseActions({
  engine,
  dispatch: run,
  userData: userData(),
  window: currentWindow,
  refreshMenu,
});

async function start(): Promise<void> {
  await app.whenReady();

  guardSession(session.defaultSession);
  protocol.handle(appScheme, createAppProtocolHandler(rendererRoot));

  registerIpc(ipcMain, engine, {
    dispatch: run,
    extraOrigins: devOrigins,
    shell: {
      chooseCase: () => chooseCaseFile(mainWindow),
      chooseEvidence: () => chooseEvidenceFiles(mainWindow),
    },
    afterCall: (method, result) => {
      if (method !== 'openCase' || !result.ok) return;

      const opened = result.value as CaseInfo;
      void rememberCase(userData(), opened.path).then(refreshMenu);
    },
    log,
  });

  engine.onProgress((progress) => mainWindow?.webContents.send(progressChannel, progress));

  const startupCase = startupCasePath(process.argv, process.env, process.cwd());
  if (startupCase !== null) {
    const opened = await run(engine, 'openCase', { path: startupCase, create: false });
    if (opened.ok) await rememberCase(userData(), startupCase);
    else
      showFailure(
        'Keytrail could not open the case',
        describeError(opened.error),
        opened.error.message,
      );
  }

  await refreshMenu();
  mainWindow = createMainWindow({ preloadPath, devServerUrl, log });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

// A case file is held by one process at a time: a second launch hands over to the first.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });

  app.on('window-all-closed', () => app.quit());

  app.on('will-quit', () => engine.close());

  start().catch((error: unknown) => {
    log.fatal({ err: error }, 'Failed to start the Keytrail window');
    app.exit(1);
  });
}
