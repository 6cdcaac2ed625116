// An article link asks for the article and for its section's popular list at once, so that the side
// column of the next page does not wait for a second round trip after the article: in Chromium, by the
// requests the page makes, with the article's answer held back until the list has been asked for.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, origin, SEED_ID, settled } from './browser';

// In the access ranking of the seed article (Politics), an article of another section.
const TARGET = { id: 'china-to-test-mine-for-rare-metals-off-japan-island-japan-lagging-in', section: 'science' };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Holds the target article's answer until its section's popular list has been asked for (or 20 s have
 * passed): resolves with whether the list was asked for while the article had not yet come.
 */
async function holdArticleUntilPopularAsked(page: Page): Promise<{ popularAskedFirst: Promise<boolean> }> {
  let popularAsked!: () => void;
  const asked = new Promise<void>((resolve) => (popularAsked = resolve));
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === `/api/popular/${TARGET.section}.json`) popularAsked();
  });
  let verdict!: (before: boolean) => void;
  const result = new Promise<boolean>((resolve) => (verdict = resolve));
  await page.route(`**/api/articles/${TARGET.id}.json`, async (route) => {
    let bound: ReturnType<typeof setTimeout> | undefined;
    const before = await Promise.race([
      asked.then(() => true),
      new Promise<boolean>((resolve) => (bound = setTimeout(resolve, 20_000, false))),
    ]);
    clearTimeout(bound);
    verdict(before);
    await route.continue();
  });
  // Wrapped: an async function's promise that resolves to a promise would wait for that one too.
  return { popularAskedFirst: result };
}

describe('an article link', () => {
  it.each<[string, boolean]>([
    ['pointed at and clicked', false],
    ['clicked under Save-Data, where nothing is fetched ahead', true],
  ])('%s, asks for its section’s popular list before the article has come', async (_, saveData) => {
    const { page, problems, close } = await openPage(browser, 'desktop');
    if (saveData)
      await page.addInitScript({
        content: `Object.defineProperty(Navigator.prototype, 'connection', { get: () => ({ saveData: true, effectiveType: '4g' }) })`,
      });
    // Held from the start: a link in view may fetch its article ahead (without the list) before any click.
    const { popularAskedFirst } = await holdArticleUntilPopularAsked(page);
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    const link = page.getByRole('region', { name: 'JN Access Ranking' }).locator(`a[href="/articles/${TARGET.id}"]`);
    await link.click();
    await expect.poll(() => page.locator('h1').getAttribute('dir')).toBe('auto');
    await expect.poll(() => page.url()).toBe(`${origin()}/articles/${TARGET.id}`);
    expect(await popularAskedFirst).toBe(true);
    // And the page shows the list it asked for.
    await expect.poll(() => page.getByRole('region', { name: /Science & Nature — popular articles/ }).count()).toBe(1);
    expect(problems).toEqual([]);
    await close();
  });
});
