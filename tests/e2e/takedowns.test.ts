// What a new build takes away reaches a returning reader whose service worker keeps copies, in Chromium:
// an article removed from the site is not found (from "Recently read" too), and its copies on the device
// go, the saved one included. Each test serves its own copy of the build, which it changes as a new build
// would.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../scripts/static-server.ts';
import { seed } from '../fixtures/seed';
import { launchBrowser, openPage, SEED_ID, settled } from './browser';

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

/** Waits until the service worker is active and controls the page (a first visit is not controlled). */
async function controlled(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
    await page.reload();
    await settled(page);
  }
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
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
});
