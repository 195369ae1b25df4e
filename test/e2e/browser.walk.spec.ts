import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { bundleFacts } from './support/bundleFacts.js';
import { watchedPage } from './support/watchedPage.js';
import { repoRoot, sampleBundle, serverEnv, serverUrl } from './support/paths.js';

const bundle = sampleBundle();
const facts = bundleFacts(bundle);
const shots = (name: string) => join(repoRoot, 'test-results', 'screens', `walk-${name}`);
const tag = 'e2e-issuance';

// One investigation, walked in order on a case of its own: evidence, a credential, its path,
// the events behind it, annotations, and a reload that must find them again.
test.describe.configure({ mode: 'serial' });

const watched = watchedPage();
const pageErrors = watched.errors;
let page: Page;
test.beforeEach(() => {
  page = watched.page;
});

const issued = facts.busiestIssuedKey;
const keyNode = issued ? `aws:key:${issued.key}` : '';
const issuedLink = () => page.locator(`[data-kind="issued"][data-to="${keyNode}"]`);

async function openKey() {
  await page.getByTestId('inventory-search').fill(issued!.key);
  await page.locator(`[data-testid="inventory-item"][data-node-id="${keyNode}"]`).click();
  await expect(page.locator(`[data-testid="graph-node"][data-node-id="${keyNode}"]`)).toBeVisible();
}

test('a new case takes the sample bundle', async () => {
  test.skip(!issued, 'the bundle holds no credential that was issued and then used');
  const caseDir = process.env[serverEnv.caseDir];
  test.skip(!caseDir, 'the server was not started by the global setup');

  await page.goto(serverUrl());
  await page.getByTestId('case-path-input').fill(join(caseDir!, 'walk.keytrail.duckdb'));
  await page.getByTestId('open-case').click();
  await expect(page.getByTestId('case-path')).toContainText('walk.keytrail.duckdb');
  await expect(page.getByTestId('empty-state')).toContainText('Add evidence to begin');
  await page.screenshot({ path: shots('01-empty.png') });

  await page.getByTestId('evidence-path-input').fill(bundle);
  await page.getByTestId('add-evidence').click();
  await expect(page.getByTestId('evidence-row').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('inventory-item').first()).toBeVisible();
});

test('a credential opened in the inventory draws its path, issuance included', async () => {
  test.skip(!issued, 'no issued credential to follow');

  await openKey();

  await expect(issuedLink()).toHaveCount(1);
  await expect(page.getByTestId('selection-bar')).toHaveAttribute('data-target', 'path');
  await page.screenshot({ path: shots('02-path.png') });
});

test('selecting the key in the graph lists its events: its issuance and every use', async () => {
  test.skip(!issued, 'no issued credential to follow');

  await page.locator(`[data-testid="graph-node"][data-node-id="${keyNode}"]`).click();

  await expect(page.getByTestId('selection-bar')).toHaveAttribute('data-target', 'node');
  await expect(page.getByTestId('timeline-scope')).toContainText(`Links of ${issued!.key}`);
  // Counted from the bundle's records: those made with the key, and those that issued it.
  const expected = issued!.uses + issued!.issuedBy.length;
  await expect(page.getByTestId('timeline-total')).toHaveText(`${expected} events`);
  await page.screenshot({ path: shots('03-brushed-timeline.png') });
});

test('opening the issuing event lights its link in the graph', async () => {
  test.skip(!issued, 'no issued credential to follow');
  const issuing = issued!.issuedBy[0]!;

  await page.getByTestId('filter-category').selectOption('credential_issue');
  const row = page.getByTestId('timeline-row').filter({ hasText: issuing.eventName! }).first();
  await row.click();

  await expect(page.getByTestId('raw-record')).toContainText(`"accessKeyId": "${issued!.key}"`);
  await expect(issuedLink()).toHaveAttribute('data-lit', 'true');
  await expect(
    page.locator(`[data-testid="graph-node"][data-node-id="${keyNode}"]`),
  ).toHaveAttribute('data-lit', 'true');
});

test('the event takes a tag, and the timeline marks it', async () => {
  test.skip(!issued, 'no issued credential to follow');
  const detail = page.getByTestId('detail-panel');

  await detail.getByTestId('tag-field').fill(tag);
  await detail.getByTestId('tag-field').press('Enter');

  await expect(detail.getByTestId('tag')).toHaveText(`${tag}×`);
  const selected = page.locator('[data-testid="timeline-row"][aria-selected="true"]');
  await expect(selected.getByTestId('annotation-mark')).toContainText(tag);
  await page.screenshot({ path: shots('04-tagged-event.png') });
});

test('the whole path takes a star', async () => {
  test.skip(!issued, 'no issued credential to follow');

  await page.getByTestId('back-to-path').click();
  const path = page.getByTestId('annotate-path');
  await path.getByTestId('star-toggle').click();

  await expect(path.getByTestId('star-toggle')).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot({ path: shots('05-starred-path.png') });
});

test('after a reload the tag and the star are still there', async () => {
  test.skip(!issued, 'no issued credential to follow');

  await page.reload();
  await openKey();

  await expect(page.getByTestId('annotate-path').getByTestId('star-toggle')).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await page.getByTestId('filter-tags').fill(tag);
  await page.getByTestId('filter-apply').click();
  await expect(page.getByTestId('timeline-total')).toHaveText('1 event');
  await expect(
    page.getByTestId('timeline-row').first().getByTestId('annotation-mark'),
  ).toContainText(tag);
  await page.screenshot({ path: shots('06-after-reload.png') });
});

test('undo takes back the last change, the star, and keeps the tag', async () => {
  test.skip(!issued, 'no issued credential to follow');

  await page.getByTestId('undo-annotation').click();

  await expect(page.getByTestId('annotate-path').getByTestId('star-toggle')).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await expect(page.getByTestId('timeline-total')).toHaveText('1 event');
});

test('the timeline is driven by the keyboard: arrows move, Enter opens', async () => {
  test.skip(!issued, 'no issued credential to follow');

  await page.getByTestId('filter-clear').click();
  // The path's events load again once the tag condition is gone.
  const second = page.locator('[data-testid="timeline-row"][data-index="1"]');
  await expect(second).toBeVisible();
  await page.getByTestId('timeline').focus();
  // Home lands on the first row wherever the cursor was left by the clicks before.
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');

  await expect(second).toHaveAttribute('aria-selected', 'true');
  const id = await second.getAttribute('data-event-id');
  await expect(page.getByTestId('detail-fields')).toContainText(id!);
});

test('a finding opens its path, lit in the graph, and its events in the timeline', async () => {
  const findings = page.getByTestId('finding');
  test.skip((await findings.count()) === 0, 'the rules found nothing in this bundle');

  const first = findings.first();
  const title = (await first.locator('.strong').textContent()) ?? '';
  await first.click();

  await expect(page.getByTestId('timeline-scope')).toHaveText(`Finding: ${title}`);
  await expect(first).toHaveClass(/selected/);
  await expect(page.locator('[data-testid="graph-node"][data-lit="true"]').first()).toBeVisible();
  await page.screenshot({ path: shots('07-finding.png') });
});

test('the case tab lists every file with its SHA-256 and the case settings', async () => {
  await page.getByTestId('tab-case').click();

  await expect(page.getByTestId('setting-clockSkewSeconds')).toHaveText('300 s');
  const rows = page.getByTestId('manifest-row');
  expect(await rows.count()).toBeGreaterThanOrEqual(facts.files.length);
  for (const sha of await page
    .getByTestId('manifest-sha256')
    .evaluateAll((els) => els.map((el) => el.getAttribute('title')))) {
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
  }
  await page.screenshot({ path: shots('08-case.png') });
});

test('the console answers a SELECT in a grid, refuses a write, and keeps a saved query', async () => {
  test.skip(!issued, 'no issued credential to follow');
  await page.getByTestId('tab-console').click();

  // The key's records, counted straight from the bundle, are the rows that name it.
  await page
    .getByTestId('sql-input')
    .fill(`SELECT count(*) AS uses FROM events WHERE credential = '${keyNode}'`);
  await page.getByTestId('run-query').click();
  await expect(page.getByTestId('query-row').first()).toHaveText(String(issued!.uses));

  await page.getByTestId('query-name').fill('uses of the key');
  await page.getByTestId('save-query').click();
  await expect(page.getByTestId('saved-query')).toHaveText('uses of the key');
  await page.screenshot({ path: shots('09-console.png') });

  await page.getByTestId('sql-input').fill('DELETE FROM events');
  await page.getByTestId('run-query').click();
  await expect(page.getByTestId('notice')).toHaveAttribute('data-code', 'query_refused');
  await page.getByTestId('notice-dismiss').click();
});

test('a slow query stops when cancelled, and the console runs the next one', async () => {
  // Ten billion pairs to sum: minutes of work, so it is still running when Cancel is pressed.
  await page
    .getByTestId('sql-input')
    .fill('SELECT sum(a.range * b.range) AS s FROM range(100000) a, range(100000) b');
  await page.getByTestId('run-query').click();
  await page.getByTestId('cancel-query').click();

  await expect(page.getByTestId('status-line')).toContainText('Cancelled the query');
  await expect(page.getByTestId('cancel-query')).toHaveCount(0);
  await expect(page.getByTestId('notice')).toHaveCount(0);
  await page.getByTestId('sql-input').fill('SELECT 6 * 7 AS n');
  await page.getByTestId('run-query').click();
  await expect(page.getByTestId('query-row').first()).toHaveText('42');
  await page.getByTestId('tab-timeline').click();
});

test('the inventory sorts by name in the engine, either way', async () => {
  await page.getByTestId('inventory-search').fill('');
  await page.getByTestId('inventory-sort').selectOption('label');
  const labels = () =>
    page
      .locator('[data-testid="inventory-item"] .label')
      .evaluateAll((els) => els.map((el) => (el.textContent ?? '').toLowerCase()));
  // Sorted when each name is at least the one before; a list still loading is not an answer.
  const sorted = async (up: boolean) => {
    const list = await labels();
    const ordered = up ? list : [...list].reverse();
    return list.length > 1 && ordered.every((x, i) => i === 0 || ordered[i - 1]! <= x);
  };

  await page.getByTestId('inventory-direction').click();
  await expect(page.getByTestId('inventory-direction')).toHaveText('↑');
  await expect.poll(() => sorted(true)).toBe(true);
  const up = await labels();
  await page.getByTestId('inventory-direction').click();
  await expect(page.getByTestId('inventory-direction')).toHaveText('↓');
  await expect.poll(() => sorted(false)).toBe(true);

  expect(up[0]! < up[up.length - 1]!).toBe(true);
  expect((await labels())[0]).not.toBe(up[0]);
  await page.getByTestId('inventory-sort').selectOption('actions');
});

test('the dark theme keeps every panel readable', async () => {
  await page.getByTestId('theme-toggle').click();

  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: shots('10-dark.png') });
  await page.getByTestId('theme-toggle').click();
});

test('the walk ran without script errors', () => {
  expect(pageErrors).toEqual([]);
});
