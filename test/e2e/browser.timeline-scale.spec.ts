import { expect, test, type Page } from '@playwright/test';
import type { InventoryPage, InventoryRow, TimelinePage, TimelineRow } from '../../shared/model.js';
import { noReconciliation } from '../../electron/engine/queries/reconciliation.js';
import { watchedPage } from './support/watchedPage.js';
import { serverUrl } from './support/paths.js';

// Ten million timeline rows (and three million identities) in Chromium, whose elements stop growing near 33.5 M px (1.4 M rows
// of 24 px). The engine's timeline replies are stood in for here, row i being "Call i" made i
// seconds after 2024-01-01T00:00:00Z, so the scroller meets a list of that length without a case
// of that size. The stand-in honours an upper time bound, which is how Go to finds a time.
test.describe.configure({ mode: 'serial' });

const total = 10_000_000;
const start = Date.UTC(2024, 0, 1);
const watched = watchedPage();
let page: Page;
test.beforeEach(() => {
  page = watched.page;
});

function row(index: number): TimelineRow {
  return {
    eventId: index.toString(16).padStart(32, '0'),
    time: new Date(start + index * 1000).toISOString(),
    source: 'aws.cloudtrail',
    category: 'api_call',
    action: `Call ${index}`,
    outcome: 'success',
    actor: null,
    actorDisplay: null,
    credential: null,
    issued: null,
    target: null,
    targetDisplay: null,
    srcIp: null,
    errorCode: null,
  };
}

const rowAt = (index: number) =>
  page.locator(`[data-testid="timeline-row"][data-index="${index}"]`);

/** Whether the row is wholly inside the scroller's view, below the sticky header. */
async function inView(index: number): Promise<boolean> {
  const box = await rowAt(index).boundingBox();
  const view = await page.getByTestId('timeline').boundingBox();
  if (!box || !view) return false;
  return box.y >= view.y + 24 - 0.5 && box.y + box.height <= view.y + view.height + 0.5;
}

test('ten million rows get a capped spacer, and End reaches the last row', async () => {
  // Rows at or before timeTo: those of the whole seconds up to it (milliseconds suffice).
  const listed = (timeTo?: string) =>
    Math.max(
      0,
      Math.min(total, timeTo ? Math.floor((Date.parse(timeTo) - start) / 1000) + 1 : total),
    );
  await page.route('**/api/timeline', async (route) => {
    const request = route.request().postDataJSON() as {
      offset?: number;
      limit?: number;
      timeTo?: string;
    };
    const upTo = listed(request.timeTo);
    const offset = request.offset ?? 0;
    const count = Math.max(0, Math.min(request.limit ?? 500, upTo - offset));
    const value: TimelinePage = {
      total: null,
      offset,
      rows: Array.from({ length: count }, (_, i) => row(offset + i)),
    };
    await route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({ ok: true, value }),
    });
  });
  await page.route('**/api/timelineCount', async (route) => {
    const request = route.request().postDataJSON() as { timeTo?: string };
    await route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({ ok: true, value: { total: listed(request.timeTo) } }),
    });
  });
  await page.goto(serverUrl());
  await page.getByTestId('timeline-all').click();
  await expect(page.getByTestId('timeline-total')).toHaveText(`${total} events`);
  await expect(rowAt(0)).toContainText('Call 0');

  const scrollHeight = await page.getByTestId('timeline').evaluate((el) => el.scrollHeight);
  // The 24 px header and the 15,000,000 px spacer: far below Chromium's limit, yet scrolling.
  expect(scrollHeight).toBe(15_000_024);

  await page.getByTestId('timeline').focus();
  await page.keyboard.press('End');
  await expect(rowAt(total - 1)).toContainText(`Call ${total - 1}`);
  await expect(rowAt(total - 1)).toHaveClass(/current/);
  expect(await inView(total - 1)).toBe(true);
});

test('Page Up moves a screenful from the end, and Home comes back to the first row', async () => {
  const view = await page.getByTestId('timeline').evaluate((el) => el.clientHeight);
  const screenful = Math.floor(view / 24) - 1;

  await page.keyboard.press('PageUp');
  const cursor = total - 1 - screenful;
  await expect(rowAt(cursor)).toHaveClass(/current/);
  expect(await inView(cursor)).toBe(true);

  await page.keyboard.press('Home');
  await expect(rowAt(0)).toHaveClass(/current/);
  expect(await inView(0)).toBe(true);
});

test('the scrollbar reaches the middle and the end of the list', async () => {
  const timeline = page.getByTestId('timeline');
  const max = await timeline.evaluate((el) => el.scrollHeight - el.clientHeight);

  // Half the scroll range is half the list (to within a row of rounding).
  await timeline.evaluate((el, top) => el.scrollTo({ top }), max / 2);
  const shown = () =>
    page
      .getByTestId('timeline-row')
      .evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-index'))));
  // The rows are drawn once their page has come.
  await expect.poll(async () => (await shown()).length).toBeGreaterThan(0);
  const middle = await shown();
  expect(Math.min(...middle)).toBeLessThan(total / 2);
  expect(Math.max(...middle)).toBeGreaterThan(total / 2);

  await timeline.evaluate((el, top) => el.scrollTo({ top }), max);
  await expect(rowAt(total - 1)).toContainText(`Call ${total - 1}`);
  expect(await inView(total - 1)).toBe(true);
});

test('Go to row opens row 5,000,000 wherever the list was', async () => {
  await page.getByTestId('timeline-go-to').fill('5000000');
  await page.getByTestId('timeline-go-to').press('Enter');

  await expect(rowAt(4_999_999)).toContainText('Call 4999999');
  await expect(rowAt(4_999_999)).toHaveClass(/current/);
  expect(await inView(4_999_999)).toBe(true);
});

test('Go to a time opens the first row at that time', async () => {
  // 2024-01-03T00:00:00Z is 2 x 86,400 s after the first row: row index 172,800.
  await page.getByTestId('timeline-go-to').fill('2024-01-03');
  await page.getByTestId('timeline-go-to').press('Enter');

  await expect(rowAt(172_800)).toHaveClass(/current/);
  await expect(rowAt(172_800)).toContainText('Call 172800');
  expect(await inView(172_800)).toBe(true);
});

test('three million identities scroll as far as the last one', async () => {
  // A 10 M event case lists every key and session as an identity: millions of 46 px rows.
  const identities = 3_000_000;
  const identity = (index: number): InventoryRow => ({
    id: `aws:key:AKIA${String(index).padStart(16, '0')}`,
    kind: 'aws:key',
    label: `Key ${index}`,
    firstSeen: null,
    lastSeen: null,
    actions: identities - index,
    failures: 0,
    credentialsUsed: 0,
    credentialsIssued: 0,
    targets: 0,
    addresses: 0,
    reconciliation: noReconciliation(),
  });
  await page.route('**/api/inventoryPage', async (route) => {
    const request = route.request().postDataJSON() as { offset?: number; limit?: number };
    const offset = request.offset ?? 0;
    const count = Math.max(0, Math.min(request.limit ?? 500, identities - offset));
    const value: InventoryPage = {
      rows: Array.from({ length: count }, (_, i) => identity(offset + i)),
      total: identities,
      kinds: offset === 0 ? ['aws:key'] : [],
    };
    await route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({ ok: true, value }),
    });
  });
  await page.goto(serverUrl());
  const list = page.getByTestId('inventory-list');
  const item = (index: number) =>
    page.locator(`[data-testid="inventory-item"][data-node-id="${identity(index).id}"]`);
  await expect(item(0)).toContainText('Key 0');
  // 3 M rows of 46 px would be 138 M px: the spacer stops at 15 M and scrolls in proportion.
  expect(await list.evaluate((el) => el.scrollHeight)).toBe(15_000_000);

  await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(item(identities - 1)).toContainText(`Key ${identities - 1}`);
  const box = await item(identities - 1).boundingBox();
  const view = await list.boundingBox();
  expect(box!.y + box!.height).toBeLessThanOrEqual(view!.y + view!.height + 0.5);
});

test('the scaled timeline ran without script errors', () => {
  expect(watched.errors).toEqual([]);
});
