import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { requests } from '../../../shared/contract.js';
import { useTempCase } from '../../../test/tempCase.js';
import { exportReport } from './exportCase.js';
import { chromiumArgs } from './pdfReport.js';

const c = useTempCase();
const saved = process.env.KEYTRAIL_CHROMIUM;
afterEach(() => {
  if (saved === undefined) delete process.env.KEYTRAIL_CHROMIUM;
  else process.env.KEYTRAIL_CHROMIUM = saved;
});

describe('PDF report', () => {
  it('says clearly that Chromium is missing when there is no printer', async () => {
    process.env.KEYTRAIL_CHROMIUM = join(c.dir, 'no-such-chromium');
    const out = join(c.dir, 'r.pdf');
    await expect(
      exportReport(c.db, requests.exportReport.parse({ out, format: 'pdf' })),
    ).rejects.toMatchObject({ code: 'pdf_unavailable' });
  });

  it("uses the shell's printer when it has one, on the report's HTML", async () => {
    process.env.KEYTRAIL_CHROMIUM = join(c.dir, 'no-such-chromium');
    const out = join(c.dir, 'r.pdf');
    let printed = '';
    const summary = await exportReport(
      c.db,
      requests.exportReport.parse({ out, format: 'pdf' }),
      async (html, pdf) => {
        printed = readFileSync(html, 'utf8');
        await import('node:fs/promises').then((fs) => fs.writeFile(pdf, '%PDF-stand-in'));
      },
    );
    expect(printed).toContain('<h2 id="summary">');
    expect(readFileSync(out, 'utf8')).toBe('%PDF-stand-in');
    expect(summary.format).toBe('pdf');
  });

  it('prints with a fresh profile and the background-networking flags', () => {
    const args = chromiumArgs('/tmp/profile', '/tmp/r.html', '/tmp/r.pdf');
    expect(args).toEqual(
      expect.arrayContaining([
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--user-data-dir=/tmp/profile',
        '--disable-background-networking',
        '--print-to-pdf=/tmp/r.pdf',
        'file:///tmp/r.html',
      ]),
    );
  });
});
