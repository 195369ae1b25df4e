import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { KeytrailError } from '../KeytrailError.js';

const run = promisify(execFile);

/** Where Debian and most Linux distributions put Chromium; KEYTRAIL_CHROMIUM overrides. */
const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium(): string | null {
  const asked = process.env.KEYTRAIL_CHROMIUM;
  if (asked) return existsSync(asked) ? asked : null;
  return candidates.find((c) => existsSync(c)) ?? null;
}

/**
 * The flags of a print that touches nothing but the report: a fresh profile, no network
 * services of the browser's own, no GPU. Scripts are kept off by the page's own policy
 * (`script-src 'none'`): Chromium's `scriptEnabled=false` setting also stops headless printing.
 */
export function chromiumArgs(profile: string, html: string, pdf: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    `--user-data-dir=${profile}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-extensions',
    '--disable-quic',
    '--no-pdf-header-footer',
    // A tagged PDF's structure tree names elements by counters that vary from print to print;
    // untagged, the same report prints to the same bytes (at the cost of screen-reader tags).
    '--disable-pdf-tagging',
    `--print-to-pdf=${pdf}`,
    pathToFileURL(html).href,
  ];
}

/**
 * Prints an HTML file to a PDF file. The Electron shell hands the engine one built on its own
 * Chromium (electron/main/pdfPrinter.ts); the engine itself never imports Electron.
 */
export type PdfPrinter = (htmlPath: string, pdfPath: string) => Promise<void>;

/**
 * Print an HTML report to PDF: with the shell's printer where one was given, else with the
 * system's Chromium, else say clearly that neither is there.
 */
export async function printPdf(html: string, pdf: string, printer?: PdfPrinter): Promise<void> {
  if (printer) {
    try {
      await printer(html, pdf);
    } catch (cause) {
      throw new KeytrailError(
        'export_failed',
        `Failed to export the report as PDF: ${(cause as Error).message}`,
        undefined,
        { cause },
      );
    }
    return;
  }
  const chromium = findChromium();
  if (!chromium) {
    throw new KeytrailError(
      'pdf_unavailable',
      'Failed to export the report as PDF: Chromium was not found (install chromium or set KEYTRAIL_CHROMIUM)',
    );
  }
  const profile = await mkdtemp(join(tmpdir(), 'keytrail-pdf-'));
  try {
    await run(chromium, chromiumArgs(profile, html, pdf), { timeout: 120_000 });
  } catch (cause) {
    throw new KeytrailError(
      'export_failed',
      `Failed to export the report as PDF: Chromium failed (${(cause as Error).message.split('\n')[0]})`,
      undefined,
      { cause },
    );
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
  if (!existsSync(pdf)) {
    throw new KeytrailError(
      'export_failed',
      'Failed to export the report as PDF: Chromium finished without writing the file',
    );
  }
}

/**
 * Chromium dates a PDF when it prints it (`/CreationDate` and `/ModDate`), the only bytes that
 * differ between two prints of one report. Both are rewritten to the report's own time, digit
 * for digit, so that no offset in the file moves and the same case gives the same PDF.
 */
export async function stampPdfDates(pdf: string, at: string): Promise<void> {
  const digits = at.replace(/\D/g, '').slice(0, 14);
  if (digits.length !== 14) return;
  const text = (await readFile(pdf)).toString('latin1');
  const stamped = text.replace(
    /\/(CreationDate|ModDate) \(D:\d{14}/g,
    (_match, key: string) => `/${key} (D:${digits}`,
  );
  if (stamped !== text) await writeFile(pdf, Buffer.from(stamped, 'latin1'));
}
