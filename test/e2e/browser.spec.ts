import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { bundleFacts } from './support/bundleFacts.js';
import { watchedPage } from './support/watchedPage.js';
import { repoRoot, sampleBundle, serverUrl } from './support/paths.js';

const bundle = sampleBundle();
const facts = bundleFacts(bundle);
const supportDir = join(repoRoot, 'test/e2e/support');
const shots = (name: string) => join(repoRoot, 'test-results', 'screens', name);

// One served case is walked from empty to investigated, in order.
test.describe.configure({ mode: 'serial' });

const watched = watchedPage();
const pageErrors = watched.errors;
let page: Page;
test.beforeEach(() => {
  page = watched.page;
});

test('a fresh case opens on an empty state that says to add evidence first', async () => {
  await page.goto(serverUrl());

  await expect(page.getByTestId('empty-state')).toContainText('Add evidence to begin');
  await expect(page.getByTestId('case-path')).toContainText('.keytrail.duckdb');
  // The token is kept for the session and taken out of the address bar.
  expect(new URL(page.url()).searchParams.get('token')).toBeNull();
  await page.screenshot({ path: shots('01-empty.png') });
});

test('adding the sample bundle by its path lists every log file with its record count', async () => {
  await page.getByTestId('evidence-path-input').fill(bundle);
  await page.getByTestId('add-evidence').click();

  const rows = page.getByTestId('evidence-row');
  await expect(rows.first()).toBeVisible({ timeout: 60_000 });
  expect(await rows.count()).toBeGreaterThanOrEqual(facts.files.length);

  for (const file of facts.files.slice(0, 5)) {
    const row = page.locator(`[data-testid="evidence-row"][data-path="${file.path}"]`);
    await expect(row.getByTestId('evidence-read')).toHaveText(String(file.records));
  }
  await expect(page.getByTestId('inventory-item').first()).toBeVisible();
  await page.screenshot({ path: shots('02-evidence.png') });
});

test('picking an issued credential draws its path with the link that issued it', async () => {
  const issued = facts.busiestIssuedKey;
  test.skip(!issued, 'the bundle holds no credential that was issued and then used');
  const keyNode = `aws:key:${issued!.key}`;

  await page.getByTestId('inventory-search').fill(issued!.key);
  await page.locator(`[data-testid="inventory-item"][data-node-id="${keyNode}"]`).click();

  await expect(page.locator(`[data-testid="graph-node"][data-node-id="${keyNode}"]`)).toBeVisible();
  expect(await page.getByTestId('graph-node').count()).toBeGreaterThanOrEqual(2);
  await expect(page.locator(`[data-kind="issued"][data-to="${keyNode}"]`)).toHaveCount(1);
  await expect(page.getByTestId('graph-legend')).toContainText('inferred');
  await page.screenshot({ path: shots('03-graph.png') });
});

test('clicking a link lists its evidence, and clicking an event shows the raw record', async () => {
  const issued = facts.busiestIssuedKey;
  test.skip(!issued, 'the bundle holds no credential that was issued and then used');
  const keyNode = `aws:key:${issued!.key}`;
  const link = page.locator(`[data-kind="issued"][data-to="${keyNode}"]`);

  await link.locator('.react-flow__edge-textwrapper').click();

  await expect(page.getByTestId('timeline-scope')).toContainText('issued');
  const count = issued!.issuedBy.length;
  await expect(page.getByTestId('timeline-total')).toHaveText(
    count === 1 ? '1 event' : `${count} events`,
  );
  const first = page.getByTestId('timeline-row').first();
  await expect(first).toContainText(issued!.issuedBy[0]!.eventName!);

  await first.click();
  const raw = page.getByTestId('raw-record');
  await expect(raw).toContainText(`"accessKeyId": "${issued!.key}"`);
  await expect(page.getByTestId('detail-fields')).toContainText(keyNode);
  await page.screenshot({ path: shots('04-timeline-detail.png') });
});

test('the direction toggle redraws the path backward from its start', async () => {
  test.skip(!facts.busiestIssuedKey, 'no issued credential to follow');

  await page.getByTestId('direction-backward').click();

  await expect(page.getByTestId('direction-backward')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('graph-node').first()).toBeVisible();
});

test('a file chosen in the file picker is uploaded and added as evidence', async () => {
  await page
    .getByTestId('evidence-file-input')
    .setInputFiles(join(supportDir, 'uploaded-trail.json'));

  const row = page.locator('[data-testid="evidence-row"][data-path*="uploaded-trail"]');
  await expect(row.getByTestId('evidence-read')).toHaveText('1');
  await expect(row.getByTestId('evidence-rejected')).toHaveText('0');
});

test('markup inside a record is shown as text and never runs', async () => {
  const keyNode = 'aws:key:AKIAE2ETESTUPLOAD001';

  await page.getByTestId('inventory-search').fill('AKIAE2ETESTUPLOAD001');
  await page.locator(`[data-testid="inventory-item"][data-node-id="${keyNode}"]`).click();
  await page.locator(`[data-testid="graph-node"][data-node-id="${keyNode}"]`).click();
  await page.getByTestId('timeline-row').first().click();

  await expect(page.getByTestId('raw-record')).toContainText('<img src=x onerror=');
  await expect(page.getByTestId('detail-fields')).toContainText('<img src=x onerror=');
  expect(await page.locator('[data-testid="detail-panel"] img').count()).toBe(0);
  expect(await page.evaluate(() => 'keytrailPwned' in window || '__keytrailPwned' in window)).toBe(
    false,
  );
});

test('a file dropped on the window is uploaded and added as evidence', async () => {
  const name = 'dropped-trail.json';
  const text = readFileSync(join(supportDir, name), 'utf8');

  // Playwright cannot drag from the desktop, so the page builds the same DataTransfer a drop
  // from the file manager carries and dispatches the events the window listens for.
  const transfer = await page.evaluateHandle(
    ([fileName, content]) => {
      const data = new DataTransfer();
      data.items.add(new File([content], fileName, { type: 'application/json' }));
      return data;
    },
    [name, text] as const,
  );
  await page.getByTestId('drop-zone').dispatchEvent('dragover', { dataTransfer: transfer });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: transfer });

  const row = page.locator(`[data-testid="evidence-row"][data-path*="${basename(name, '.json')}"]`);
  await expect(row.getByTestId('evidence-read')).toHaveText('2');
  await page.screenshot({ path: shots('05-uploaded.png') });
});

test('two users of one name in two accounts are told apart, and found, by account', async () => {
  const inAccount = (account: string) =>
    `[data-testid="inventory-item"][data-node-id="aws:user:arn:aws:iam::${account}:user/e2e-twin-alice"]`;
  await page
    .getByTestId('evidence-file-input')
    .setInputFiles(join(supportDir, 'twin-users-trail.json'));
  const row = page.locator('[data-testid="evidence-row"][data-path*="twin-users-trail"]');
  await expect(row.getByTestId('evidence-read')).toHaveText('2');

  await page.getByTestId('inventory-search').fill('e2e-twin-alice');

  const first = page.locator(inAccount('111122223333'));
  const second = page.locator(inAccount('444455556666'));
  await expect(first.locator('.label')).toHaveText('e2e-twin-alice');
  await expect(second.locator('.label')).toHaveText('e2e-twin-alice');
  await expect(first.getByTestId('inventory-qualifier')).toHaveText('111122223333');
  await expect(second.getByTestId('inventory-qualifier')).toHaveText('444455556666');
  await page.screenshot({ path: shots('05-twin-users.png') });

  // The account's user is the one node whose id names the account: its key's id does not.
  await page.getByTestId('inventory-search').fill('444455556666');
  await expect(page.getByTestId('inventory-count')).toHaveText('1');
  await expect(second).toBeVisible();
  await expect(first).toHaveCount(0);
});

test('a failing request shows the sentence for its error code, not the raw error', async () => {
  await page.getByTestId('evidence-path-input').fill('/nonexistent/keytrail-e2e/bundle');
  await page.getByTestId('add-evidence').click();

  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('The evidence path does not exist.');
  await expect(notice).toHaveAttribute('data-code', 'evidence_not_found');
  await page.screenshot({ path: shots('06-notice.png') });
});

test('the window ran without script errors or content security policy violations', () => {
  expect(pageErrors).toEqual([]);
});
