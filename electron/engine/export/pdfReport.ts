import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
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
    `--print-to-pdf=${pdf}`,
    pathToFileURL(html).href,
  ];
}

/** Print an HTML report to PDF with Chromium, or say clearly that Chromium is not there. */
export async function printPdf(html: string, pdf: string): Promise<void> {
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
