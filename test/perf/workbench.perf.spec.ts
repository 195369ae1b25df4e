import { expect, test, type Page } from '@playwright/test';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, serverEnv } from '../e2e/support/paths.js';
import { perfEnv } from './perfSetup.js';

/**
 * The workbench's speed on a large case, measured inside Chromium: from the key press or click to
 * the frame where the rows (or the graph) it asked for are on screen, and the long tasks (over
 * 50 ms, as Chromium reports them) meanwhile. Targets (issue 5): timeline page and filter
 * changes under 100 ms to visible rows; a 2,000-node path interactive in under 2 s, the window
 * never frozen for more than 100 ms. Figures are printed and written to
 * test-results/perf/workbench.json; the spec fails only when the window does not answer at all.
 */

const runs = 5;

/** What a long animation frame entry carries (Chromium's; not in TypeScript's DOM types yet). */
interface LongFrameEntry {
  startTime: number;
  duration: number;
  blockingDuration: number;
  scripts: { duration: number; invoker: string; sourceFunctionName: string }[];
}
interface LongFrame {
  start: number;
  duration: number;
  blocking: number;
  scripts: string[];
}
const results: Record<string, unknown> = {};
const shots = (name: string) => join(repoRoot, 'test-results', 'perf', name);

test.describe.configure({ mode: 'serial' });
test.skip(
  !process.env[perfEnv.case],
  `${perfEnv.case} names no case: build one with KEYTRAIL_BENCH_EVENTS=10000000 ` +
    `KEYTRAIL_BENCH_CASE=/path/big.keytrail.duckdb npm run bench:paths, then set ${perfEnv.case} to it`,
);

let page: Page;
test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  // Long tasks are gathered from the start, each with when it began.
  await page.addInitScript(() => {
    const w = window as unknown as {
      longTasks: { start: number; duration: number }[];
      lastInput: number;
    };
    w.longTasks = [];
    // When the window last received the investigator's input (the key, click, choice or form
    // submission that a measurement times), as the event itself was stamped.
    w.lastInput = 0;
    for (const type of ['keydown', 'click', 'change', 'submit']) {
      document.addEventListener(type, (e) => (w.lastInput = e.timeStamp), { capture: true });
    }
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        w.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    // Long animation frames name the scripts that made them long, which long tasks do not.
    const frames = window as unknown as { longFrames: LongFrame[] };
    frames.longFrames = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as LongFrameEntry[]) {
        frames.longFrames.push({
          start: Math.round(e.startTime),
          duration: Math.round(e.duration),
          blocking: Math.round(e.blockingDuration),
          scripts: e.scripts
            .filter((x) => x.duration >= 10)
            .map((x) => `${Math.round(x.duration)} ms ${x.invoker} ${x.sourceFunctionName}`),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  });
});
test.afterAll(async () => {
  mkdirSync(join(repoRoot, 'test-results', 'perf'), { recursive: true });
  writeFileSync(shots('workbench.json'), JSON.stringify(results, null, 2));
  console.log(JSON.stringify(results, null, 2));
  await page?.close();
});

/** Marks the start of a measurement in the page: now, and the timeline rows it shows. */
async function mark(): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { mark: { t: number; rows: string } };
    const ids = [...document.querySelectorAll('[data-testid="timeline-row"]')].map((r) =>
      r.getAttribute('data-event-id'),
    );
    w.mark = { t: performance.now(), rows: ids.join() };
  });
}

/** A measurement: from the mark, and from the input event the window received after it. */
interface Sample {
  ms: number;
  fromInputMs: number;
  longestTask: number;
}

/**
 * Milliseconds from the mark to the first frame where the timeline shows other rows than at the
 * mark and no placeholder inside its viewport; also from the input that caused it (the mark
 * includes the time the driver takes to deliver a click or choice); with the longest task since
 * the mark.
 */
async function untilRowsChange(): Promise<Sample> {
  return page.evaluate(
    () =>
      new Promise<Sample>((resolve) => {
        const w = window as unknown as {
          mark: { t: number; rows: string };
          longTasks: { start: number; duration: number }[];
          lastInput: number;
        };
        const frame = () => {
          const scroller = document.querySelector('[data-testid="timeline"]');
          const box = scroller?.getBoundingClientRect();
          const rows = [...document.querySelectorAll('[data-testid="timeline-row"]')];
          const ids = rows.map((r) => r.getAttribute('data-event-id')).join();
          const waiting = [...document.querySelectorAll('.timeline-row.placeholder')].some((p) => {
            const r = p.getBoundingClientRect();
            return box !== undefined && r.bottom > box.top && r.top < box.bottom;
          });
          const waited = performance.now() - w.mark.t;
          const input = Math.max(w.mark.t, w.lastInput);
          if (waited > 30_000) resolve({ ms: waited, fromInputMs: NaN, longestTask: NaN });
          else if (rows.length > 0 && ids !== w.mark.rows && !waiting) {
            const since = w.longTasks.filter((t) => t.start >= w.mark.t);
            const now = performance.now();
            resolve({
              ms: now - w.mark.t,
              fromInputMs: now - input,
              longestTask: Math.max(0, ...since.map((t) => t.duration)),
            });
          } else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
  );
}

function summary(samples: Sample[]) {
  const sorted = (values: number[]) => values.sort((a, b) => a - b);
  const ms = sorted(samples.map((s) => s.ms));
  const input = sorted(samples.map((s) => s.fromInputMs));
  const median = (values: number[]) => Math.round(values[Math.floor(values.length / 2)] ?? NaN);
  return {
    runs: ms.length,
    medianMs: median(ms),
    maxMs: Math.round(ms[ms.length - 1] ?? NaN),
    fromInputMedianMs: median(input),
    fromInputMaxMs: Math.round(input[input.length - 1] ?? NaN),
    longestTaskMs: Math.round(Math.max(0, ...samples.map((s) => s.longestTask))),
  };
}

test('the timeline shows its first rows and pages through millions of events', async () => {
  const opened = Date.now();
  await page.goto(process.env[serverEnv.url]!);
  await page.getByTestId('tab-timeline').click();
  await page.getByTestId('timeline-all').click();
  await expect(page.getByTestId('timeline-row').first()).toBeVisible();
  results.timelineFirstRowsMs = Date.now() - opened;
  results.timelineTotal = await page.getByTestId('timeline-total').textContent();

  // Page Down moves a cursor that scrolls the view once it leaves it: the first presses put the
  // cursor on the first row, then at the bottom; every later one brings a new page.
  await page.getByTestId('timeline').focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('PageDown');
  await page.waitForTimeout(3000);
  const pages = [];
  for (let i = 0; i < runs; i++) {
    await mark();
    await page.keyboard.press('PageDown');
    pages.push(await untilRowsChange());
  }
  results.timelinePageDown = summary(pages);

  const ends = [];
  for (const key of ['End', 'Home', 'End', 'Home', 'End']) {
    await mark();
    await page.keyboard.press(key);
    ends.push(await untilRowsChange());
  }
  results.timelineEndHome = summary(ends);

  const jumps = [];
  for (const at of [0.5, 0.25, 0.999, 0.75, 0.1]) {
    await mark();
    await page.getByTestId('timeline').evaluate((el, f) => {
      el.scrollTop = (el.scrollHeight - el.clientHeight) * f;
    }, at);
    jumps.push(await untilRowsChange());
  }
  results.timelineScrollJump = summary(jumps);
  await page.screenshot({ path: shots('timeline.png') });
});

test('filter changes show their rows', async () => {
  // A choice applies at once, as the investigator makes it; typed text applies on Enter, which
  // is pressed after the mark, the text having been typed before it.
  const choose = (id: string, value: string) => async () => {
    await mark();
    await page.getByTestId(id).selectOption(value);
  };
  const type = (text: string) => async () => {
    await page.getByTestId('filter-text').fill(text);
    await mark();
    await page.getByTestId('filter-text').press('Enter');
  };
  const changes: [string, () => Promise<unknown>][] = [
    ['outcome failure', choose('filter-outcome', 'failure')],
    ['outcome any', choose('filter-outcome', '')],
    ['text AssumeRole', type('AssumeRole')],
    ['text cleared', type('')],
    ['newest first', choose('filter-sort', 'time_desc')],
    ['oldest first', choose('filter-sort', 'time_asc')],
  ];
  const samples = [];
  const each: Record<string, { ms: number; fromInputMs: number }> = {};
  for (const [name, change] of changes) {
    await change();
    const sample = await untilRowsChange();
    samples.push(sample);
    each[name] = { ms: Math.round(sample.ms), fromInputMs: Math.round(sample.fromInputMs) };
  }
  results.timelineFilter = { ...summary(samples), each };
  await page.screenshot({ path: shots('timeline-filtered.png') });
});

test('a 2,000-node path opens and answers while it is laid out', async () => {
  const node = process.env[perfEnv.node]!;
  await page.getByTestId('inventory-search').fill(node);
  const item = page.locator(`[data-testid="inventory-item"][data-node-id="${node}"]`);
  await expect(item).toBeVisible();

  await mark();
  await item.click();
  const drawn = await page.evaluate(
    () =>
      new Promise<Sample & { frames: number; worstFrame: number }>((resolve) => {
        const w = window as unknown as {
          mark: { t: number };
          longTasks: { start: number; duration: number }[];
          lastInput: number;
        };
        let last = performance.now();
        let frames = 0;
        let worstFrame = 0;
        const frame = () => {
          const now = performance.now();
          worstFrame = Math.max(worstFrame, now - last);
          last = now;
          frames++;
          const laidOut = document.querySelectorAll(
            '[data-testid="graph-node"], [data-testid="graph-group"]',
          ).length;
          const busy = document.querySelector('.graph-panel')?.textContent?.includes('Laying out');
          if (laidOut > 0 && !busy) {
            const since = w.longTasks.filter((t) => t.start >= w.mark.t);
            resolve({
              ms: now - w.mark.t,
              fromInputMs: now - Math.max(w.mark.t, w.lastInput),
              longestTask: Math.max(0, ...since.map((t) => t.duration)),
              frames,
              worstFrame,
            });
          } else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
  );
  // The frames that blocked the window while the path opened, with the scripts that ran long.
  const longFrames = await page.evaluate(() => {
    const w = window as unknown as { longFrames: LongFrame[]; mark: { t: number } };
    return w.longFrames
      .filter((f) => f.start >= w.mark.t && f.blocking > 0)
      .map((f) => ({ ...f, start: Math.round(f.start - w.mark.t) }));
  });
  const counts = await page.getByTestId('graph-counts').textContent();
  const shown = await page
    .locator('[data-testid="graph-node"], [data-testid="graph-group"]')
    .count();
  results.path = {
    node,
    counts,
    drawnNodesAndGroups: shown,
    interactiveMs: Math.round(drawn.ms),
    fromClickMs: Math.round(drawn.fromInputMs),
    longestTaskMs: Math.round(drawn.longestTask),
    worstFrameGapMs: Math.round(drawn.worstFrame),
    longFrames,
  };
  await page.screenshot({ path: shots('path.png') });
  expect(shown).toBeGreaterThan(0);
});
