// The reader's history in Chromium: articles opened are marked as read in every list and listed on the
// front page under "Recently read", newest first, across reloads; clearing forgets them; a broken stored
// value breaks nothing.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../fixtures/seed';
import { launchBrowser, openPage, origin, screenshot, SEED_ID, settled, watchLayoutShifts } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const recentlyRead = (page: Page) => page.getByRole('region', { name: 'Recently read' });

describe('reading history', () => {
  it('marks opened articles in the lists and lists them on the front page, newest first, until cleared', async () => {
    const { page, problems, close } = await openPage(browser, 'desktop');
    await page.goto(origin() + '/');
    await settled(page);
    expect(await recentlyRead(page).count()).toBe(0);

    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    const popular = page.getByRole('region', { name: /Politics — popular articles/ });
    await popular.getByRole('link', { name: seed.popular[1] }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe(seed.popular[1]);

    // Back on the first article, the one just read is marked in its popular list, and the others not.
    await page.goBack();
    await expect.poll(() => page.locator('h1').innerText()).toBe(seed.headline);
    await expect.poll(() => popular.getByRole('link', { name: `${seed.popular[1]} (read)` }).count()).toBe(1);
    expect(await popular.getByRole('link', { name: `${seed.popular[0]} (read)` }).count()).toBe(0);

    await page.goto(origin() + '/');
    await settled(page);
    const shifts = await watchLayoutShifts(page, { afterLoad: true });
    await page.reload();
    await settled(page);
    await recentlyRead(page).waitFor();
    // Newest first (going Back to the first article opened it again), and kept across the reload.
    expect(await recentlyRead(page).getByRole('listitem').allInnerTexts()).toEqual([seed.headline, seed.popular[1]]);
    // Appearing at the end of the front page's column, it moved nothing (the getter waits for a frame).
    expect(await shifts()).toEqual([]);
    await screenshot(page, 'front-recently-read-desktop');

    await recentlyRead(page).getByRole('button', { name: 'Clear reading history' }).click();
    await expect
      .poll(() => recentlyRead(page).getByRole('status').innerText())
      .toBe('Your reading history is cleared. It was kept on this device only.');
    expect(await recentlyRead(page).getByRole('listitem').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Recently read');
    expect(await page.locator('a[data-read]').count()).toBe(0);
    await page.reload();
    await settled(page);
    expect(await recentlyRead(page).count()).toBe(0);
    expect(problems).toEqual([]);
    await close();
  });

  it('a stored history that is not what it should be is ignored, and the page works', async () => {
    const { page, problems, close } = await openPage(browser, 'phone');
    await page.addInitScript(() =>
      localStorage.setItem(
        'news-reader.history',
        '[{"id":"../../etc","section":"x","headline":1}, {"id": "synthetic-ok", "section": "politics", "headline": "Synthetic entry"}, 7',
      ),
    );
    await page.goto(origin() + '/');
    await settled(page);
    expect(await recentlyRead(page).count()).toBe(0);
    await page.addInitScript(() =>
      localStorage.setItem(
        'news-reader.history',
        JSON.stringify([
          { id: '../../etc', section: 'x', headline: 1 },
          { id: 'synthetic-ok', section: 'politics', headline: 'Synthetic kept entry' },
        ]),
      ),
    );
    await page.reload();
    await settled(page);
    // The entry that parses is kept; the one that does not is dropped.
    expect(await recentlyRead(page).getByRole('listitem').allInnerTexts()).toEqual(['Synthetic kept entry']);
    expect(problems).toEqual([]);
    await close();
  });
});
