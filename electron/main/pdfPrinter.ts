import { BrowserWindow, session } from 'electron';
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { PdfPrinter } from '../engine/export/pdfReport.js';

/** A session of its own, so the main window's navigation guards and storage stay apart. */
const partition = 'keytrail-pdf';

/**
 * Prints a report with the shell's own Chromium: a hidden window with scripts off, sandboxed,
 * in a session that may load the one report file and nothing else.
 */
export const electronPdfPrinter: PdfPrinter = async (htmlPath, pdfPath) => {
  const allowed = pathToFileURL(htmlPath).href;
  const printing = session.fromPartition(partition);
  printing.webRequest.onBeforeRequest((details, respond) => {
    respond({ cancel: details.url !== allowed });
  });

  const window = new BrowserWindow({
    show: false,
    webPreferences: {
      partition,
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  try {
    await window.loadURL(allowed);
    // Untagged, as the engine's Chromium print is: tags name elements by varying counters.
    const pdf = await window.webContents.printToPDF({
      landscape: true,
      printBackground: true,
      generateTaggedPDF: false,
    });
    await writeFile(pdfPath, pdf);
  } finally {
    window.destroy();
  }
};
