import { expect, test, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, sampleBundle, serverEnv, serverUrl } from './support/paths.js';

// The dialog exports the served case; the files land in the case's temporary folder.
test.describe.configure({ mode: 'serial' });

let page: Page;
const caseDir = () => {
  const dir = process.env[serverEnv.caseDir];
  if (!dir) throw new Error('KEYTRAIL_E2E_CASE_DIR is not set: the global setup did not run');
  return dir;
};

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  await page.goto(serverUrl());
  // The browser spec may have filled the case already; if not, add the sample bundle here.
  await expect(page.getByTestId('case-path')).toContainText('.keytrail.duckdb');
  if (await page.getByTestId('empty-state').isVisible()) {
    await page.getByTestId('evidence-path-input').fill(sampleBundle());
    await page.getByTestId('add-evidence').click();
    await expect(page.getByTestId('inventory-item').first()).toBeVisible({ timeout: 60_000 });
  }
});

test.afterAll(async () => {
  await page.close();
});

test('the export dialog writes the timeline as Timesketch CSV', async () => {
  await page.getByTestId('open-export').click();
  await expect(page.getByTestId('export-dialog')).toBeVisible();
  await page.getByTestId('export-format').selectOption('timesketch-csv');
  const out = join(caseDir(), 'ui.timesketch.csv');
  await page.getByTestId('export-out').fill(out);
  await page.getByTestId('export-submit').click();

  await expect(page.getByTestId('export-done')).toContainText(out);
  await page.screenshot({ path: join(repoRoot, 'test-results', 'screens', 'export-dialog.png') });
  const header = readFileSync(out, 'utf8').split('\n')[0] ?? '';
  expect(header.startsWith('message,datetime,timestamp_desc,timestamp,')).toBe(true);
});

test('the export dialog writes the HTML report, and says why a path is refused', async () => {
  await page.getByTestId('export-format').selectOption('html');
  const out = join(caseDir(), 'ui.report.html');
  await page.getByTestId('export-out').fill(out);
  await page.getByTestId('export-submit').click();
  await expect(page.getByTestId('export-done')).toContainText(out);
  expect(existsSync(out)).toBe(true);
  expect(readFileSync(out, 'utf8')).toContain('<svg');

  await page.getByTestId('export-out').fill('relative/report.html');
  await page.getByTestId('export-submit').click();
  await expect(page.getByTestId('export-error')).toContainText('must be an absolute path');
});
