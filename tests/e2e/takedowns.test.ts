// What a new build takes away reaches a returning reader whose service worker keeps copies, in Chromium:
// an article removed from the site is not found (from "Recently read" too), and its copies on the device
// go, the saved one included; a search bundle renamed by a new build does not leave search "not
// available". Each test serves its own copy of the build, which it changes as a new build would.
import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../scripts/static-server.ts';
import { seed } from '../fixtures/seed';
import { controlled, launchBrowser, openPage, SEED_ID, settled } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const ALLOW = { serviceWorkers: 'allow' } as const;

/** A copy of the build, served on its own, for a test to change as a new build would. */
async function servedCopy(): Promise<{ dir: string; server: StaticServer; close(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'news-takedown-'));
  await cp('dist', dir, { recursive: true });
  const server = await startStaticServer({ dir });
  return {
    dir,
    server,
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Which of the worker's caches hold the article's page or its API file. */
function cachesHolding(page: Page, id: string): Promise<string[]> {
  return page.evaluate(async (id) => {
    const holding: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const address of [`/articles/${id}`, `/api/articles/${id}.json`])
        if (await cache.match(address, { ignoreSearch: true, ignoreVary: true })) holding.push(`${name} ${address}`);
    }
    return holding.sort();
  }, id);
}

describe('what a new build takes away', () => {
  it('an article removed from the site is not found from "Recently read", and its copies on the device are gone, the saved one too', async () => {
    const site = await servedCopy();
    const { page, problems, close } = await openPage(browser, 'desktop', ALLOW);
    try {
      await page.goto(`${site.server.origin}/`);
      await settled(page);
      await controlled(page);
      // Opened from the front page (the app fetches its API file), and saved; then its page loaded whole.
      await page.locator('main a', { hasText: seed.headline }).first().click();
      await expect.poll(() => page.locator('h1').innerText()).toBe(seed.headline);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Saved on this device, to read offline' }).waitFor();
      await page.goto(`${site.server.origin}/articles/${SEED_ID}`);
      await settled(page);
      expect(await cachesHolding(page, SEED_ID)).toEqual([
        `api /api/articles/${SEED_ID}.json`,
        `pages /articles/${SEED_ID}`,
        `saved-articles /api/articles/${SEED_ID}.json`,
        `saved-articles /articles/${SEED_ID}`,
      ]);

      // The next build removes the article: its API file and its page.
      await rm(path.join(site.dir, 'api', 'articles', `${SEED_ID}.json`));
      await rm(path.join(site.dir, 'articles', SEED_ID), { recursive: true });

      await page.goto(`${site.server.origin}/`);
      await settled(page);
      await page.locator('.recently-read a', { hasText: seed.headline }).click();
      await expect.poll(() => page.locator('h1').innerText()).toBe('Page not found');
      expect(await page.locator('.article-body').count()).toBe(0);
      await expect.poll(() => cachesHolding(page, SEED_ID)).toEqual([]);
      // "Recently read" no longer offers it (the front page's own list there first).
      await page.goto(`${site.server.origin}/`);
      await settled(page);
      await page.locator('main a').first().waitFor();
      expect(await page.locator('.recently-read a', { hasText: seed.headline }).count()).toBe(0);
      // Nor is it on the Saved page any more.
      await page.goto(`${site.server.origin}/saved`);
      await settled(page);
      await expect.poll(() => page.locator('.saved-page').innerText()).toContain('Nothing is saved yet.');
      // Its address, loaded whole, is not found either.
      await page.goto(`${site.server.origin}/articles/${SEED_ID}`);
      await settled(page);
      expect(await page.locator('h1').innerText()).toBe('Page not found');
      expect(await page.locator('.article-body').count()).toBe(0);

      // What went wrong is the removed article's 404s (the console does not say which file), nothing else.
      expect(problems.filter((problem) => !problem.includes(SEED_ID) && !problem.includes('status of 404'))).toEqual([]);
    } finally {
      await close();
      await site.close();
    }
  });

  it('a search still finds after a new build renames the newest search bundle, without a reload, and on the reader’s next visit', async () => {
    const site = await servedCopy();
    const { page, problems, close } = await openPage(browser, 'desktop', ALLOW);
    const status = page.locator('.search-status');
    const searchFor = async (term: string) => {
      await page.getByRole('searchbox', { name: 'Words to find' }).fill(term);
      await page.getByRole('searchbox', { name: 'Words to find' }).press('Enter');
      await expect.poll(async () => (await status.textContent()) ?? '', { timeout: 15_000 }).toMatch(/result|not available/);
    };
    try {
      await page.goto(`${site.server.origin}/search?q=security`);
      await settled(page);
      await controlled(page);
      await expect.poll(async () => (await status.textContent()) ?? '', { timeout: 15_000 }).toBe('1 result for “security”.');

      // The reader comes back to the search page; the page reads the list of bundles...
      const listRead = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/search.json');
      await page.goto(`${site.server.origin}/search`);
      await listRead;
      await settled(page);
      // ...and then a new build renames the newest bundle: its folder, the list, and the search page, which
      // asks for the newest bundle's script as it loads.
      const listFile = path.join(site.dir, 'api', 'search.json');
      const list = JSON.parse(await readFile(listFile, 'utf8')) as { bundles: string[] };
      const [newest, ...rest] = list.bundles;
      expect(newest).toBe('2023-recent');
      await rename(path.join(site.dir, 'pagefind', newest), path.join(site.dir, 'pagefind', '2023-1'));
      await writeFile(listFile, JSON.stringify({ ...list, bundles: ['2023-1', ...rest] }));
      const searchPage = path.join(site.dir, 'search', 'index.html');
      await writeFile(searchPage, (await readFile(searchPage, 'utf8')).replaceAll(`/pagefind/${newest}/`, '/pagefind/2023-1/'));

      await searchFor('security');
      expect(await status.textContent()).toBe('1 result for “security”.');
      expect(await page.locator('.search-result h2').allInnerTexts()).toEqual([seed.headline]);

      // The reader's next visit reads the new list at once: nothing of the old bundle is asked for.
      const oldBundle: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith(`/pagefind/${newest}/`)) oldBundle.push(request.url());
      });
      await page.goto(`${site.server.origin}/search?q=security`);
      await settled(page);
      await expect.poll(async () => (await status.textContent()) ?? '', { timeout: 15_000 }).toBe('1 result for “security”.');
      expect(oldBundle).toEqual([]);

      // The old bundle's files answered 404 on the page that had read the old list (the console does not
      // say which file), where Pagefind, whose script the page had loaded before the rename, also reports
      // its own failure to load the bundle as an uncaught error; nothing else went wrong.
      const expected = [`/pagefind/${newest}/`, 'status of 404', 'page error: Failed to load Pagefind metadata'];
      expect(problems.filter((problem) => !expected.some((known) => problem.includes(known)))).toEqual([]);
    } finally {
      await close();
      await site.close();
    }
  });
});
