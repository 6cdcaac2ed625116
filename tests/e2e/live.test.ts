// The live archive in a real browser: a new ranking reaches an open tab without a reload, an open tab
// survives a deploy whose API has gained fields, and a page loaded just before a deploy still starts.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer } from '../../scripts/static-server.ts';
import { seed } from '../fixtures/seed';
import { launchBrowser, openPage, origin, SEED_ID, settled } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const NEW_RANKING = {
  title: 'JN Access Ranking',
  computedAt: '2026-11-29T14:00:00+09:00',
  articles: [
    { id: 'record-320-school-staff-punished-for-sex-offenses-in-japan', section: 'society', headline: seed.ranking[2], headlineOnly: true },
    { id: 'core-inflation-in-tokyo-accelerates-in-november', section: 'business', headline: seed.ranking[0], headlineOnly: true },
  ],
};

describe('the live ranking', () => {
  it('shows a newly published ranking within 5 minutes in an open tab, with its time, and no skeleton meanwhile', async () => {
    const { page, problems, close } = await openPage(browser, 'desktop');
    await page.clock.install();
    let published = false;
    await page.route('**/api/ranking.json', async (route) => {
      if (!published) return route.continue();
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(NEW_RANKING) });
    });
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    const ranking = page.getByRole('region', { name: 'JN Access Ranking' });
    expect(await ranking.getByRole('link').allInnerTexts()).toEqual(seed.ranking);

    published = true;
    await page.clock.runFor('04:00');
    expect(await ranking.getByRole('link').allInnerTexts()).toEqual(seed.ranking);
    await page.clock.runFor('01:05');
    // The page's clock runs on meanwhile: a short limit keeps this at about 5 minutes in.
    await expect.poll(() => ranking.getByRole('link').allInnerTexts(), { timeout: 1_000 }).toEqual([seed.ranking[2], seed.ranking[0]]);
    expect(await ranking.locator('.widget-as-of').innerText()).toBe('As of 14:00 JST, November 29, 2026');
    // Refreshing never put the widget back into its loading state.
    expect(await page.locator('[aria-busy="true"]').count()).toBe(0);
    expect(problems).toEqual([]);
    await close();
  });

  it('is asked for again at once when the tab comes back after being hidden for longer than that', async () => {
    const { page, close } = await openPage(browser, 'desktop');
    await page.clock.install();
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    const asked: string[] = [];
    page.on('request', (request) => request.url().endsWith('/api/ranking.json') && asked.push(request.url()));
    const setHidden = (hidden: boolean) =>
      page.evaluate((value) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (value ? 'hidden' : 'visible') });
        document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
      }, hidden);
    await setHidden(true);
    await page.clock.fastForward('06:00');
    expect(asked).toEqual([]); // nothing while hidden
    await setHidden(false);
    await expect.poll(() => asked.length).toBe(1);
    await close();
  });
});

describe('a deploy while a tab is open', () => {
  it('keeps an open tab working when every API file gains a field it does not know', async () => {
    const { page, problems, close } = await openPage(browser, 'phone');
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    // The deploy: from now on every API answer has a new field, at the top and in each listed article.
    await page.route('**/api/**', async (route) => {
      const response = await route.fetch();
      const value = await response.json();
      const grow = (item: unknown): unknown =>
        Array.isArray(item)
          ? item.map(grow)
          : item && typeof item === 'object'
            ? { ...Object.fromEntries(Object.entries(item).map(([k, v]) => [k, grow(v)])), addedByNewerBuild: { x: 1 } }
            : item;
      await route.fulfill({ response, body: JSON.stringify(grow(value)) });
    });
    await page.getByRole('region', { name: 'JN Access Ranking' }).getByRole('link', { name: seed.ranking[3] }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe(seed.ranking[3]);
    await page.getByRole('link', { name: 'Politics' }).first().click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Politics');
    await page.getByRole('link', { name: seed.headline }).first().click();
    await expect.poll(() => page.locator('h1').innerText()).toBe(seed.headline);
    expect(await page.locator('.article-body p').count()).toBe(seed.paragraphs.length);
    expect(problems).toEqual([]);
    await close();
  });

  it('lets a page loaded just before a deploy start its app after it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'news-deploy-'));
    const build = (env: Record<string, string> = {}) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--out', dir], { env: { ...process.env, ...env } });
    const server = await startStaticServer({ dir });
    try {
      await build();
      const before = await readdir(path.join(dir, 'assets'));
      const { page, problems, close } = await openPage(browser, 'desktop');
      // The page arrives; its app's script is held back until the next build is deployed.
      let release!: () => void;
      const deployed = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/assets/*.js', async (route) => {
        await deployed;
        await route.continue();
      });
      await page.goto(`${server.origin}/articles/${SEED_ID}`);
      // A different app (prefetching off changes its code, so its assets get new names).
      await build({ VITE_PREFETCH: 'off' });
      const after = await readdir(path.join(dir, 'assets'));
      expect(after.filter((name) => !before.includes(name)).length).toBeGreaterThan(0);
      expect(after).toEqual(expect.arrayContaining(before));
      const ownAssets = async () =>
        (JSON.parse(await readFile(path.join(dir, '.build/manifest.json'), 'utf8')) as { assets: { current: string[] } }).assets.current
          .map((file) => path.basename(file))
          .sort();
      const assetsOfB = await ownAssets();
      release();
      await settled(page);
      await page.getByRole('region', { name: 'JN Access Ranking' }).getByRole('link', { name: seed.ranking[1] }).click();
      await expect.poll(() => page.locator('h1').innerText()).toBe(seed.ranking[1]);
      expect(problems).toEqual([]);
      await close();

      // A build of the same app (a ranking update, say) keeps them: they go when the app changes again.
      await build({ VITE_PREFETCH: 'off', VITE_UNUSED: 'same code' });
      expect(await ownAssets()).toEqual(assetsOfB);
      expect((await readdir(path.join(dir, 'assets'))).sort()).toEqual([...after].sort());
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
