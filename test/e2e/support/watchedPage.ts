import { test, type Page } from '@playwright/test';

/**
 * One page shared by the tests of a serial spec, opened before them and closed after, with every
 * script error and console error it shows gathered in `errors` (a refused request is logged by
 * the browser as a failed resource; the window's notice covers those, so they are left out).
 */
export function watchedPage(): { readonly page: Page; readonly errors: string[] } {
  let page: Page | undefined;
  const errors: string[] = [];

  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        errors.push(message.text());
      }
    });
  });

  test.afterAll(async () => {
    await page?.close();
  });

  return {
    get page() {
      if (!page) throw new Error('watchedPage: no page outside a test');
      return page;
    },
    errors,
  };
}
