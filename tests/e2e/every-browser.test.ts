// The reader's journeys in every engine readers use: Chromium, Firefox and WebKit (Safari's engine, and
// every iOS browser's). One journey, written once against tests/e2e/engines.ts, at a phone's and a
// desktop's width: deep link, popular and ranking links, Back and Forward, reload, not found, keyboard,
// and search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../fixtures/seed';
import { origin, SEED_ID } from './browser';
import { ENGINES, type Engine, type EnginePage, type Size } from './engines';

const SIZES: Record<string, Size> = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };
const POPULAR = '[aria-labelledby="popular-politics"]';
const RANKING = '[aria-labelledby="access-ranking"]';

/** Polls until the page's main heading reads `text` (a navigation renders after the address changes). */
async function headingIs(page: EnginePage, text: string) {
  await expect.poll(async () => (await page.texts('h1'))[0], { timeout: 15_000 }).toBe(text);
}

/** The app has taken over the page (it marks <html data-app="started">) and the widgets are loaded. */
async function started(page: EnginePage) {
  await expect
    .poll(
      () => page.evaluate<boolean>(`document.documentElement.dataset.app === 'started' && !document.querySelector('[aria-busy="true"]')`),
      { timeout: 15_000 },
    )
    .toBe(true);
}

describe.each(Object.keys(ENGINES) as (keyof typeof ENGINES)[])('in %s', (name) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await ENGINES[name]();
  }, 60_000);
  afterAll(async () => {
    await engine?.quit();
  });

  it.each(Object.keys(SIZES))(
    'at %s width: deep link, popular and ranking links, Back, Forward, reload, not found',
    async (size) => {
      const page = await engine.open(SIZES[size]);
      try {
        await page.goto(`${origin()}/articles/${SEED_ID}`);
        await headingIs(page, seed.headline);
        await started(page);
        expect(await page.texts('.article-body p')).toEqual(seed.paragraphs);
        // The page's own stylesheet (inline, allowed by its hash) applies: the headline is in its serif.
        expect(await page.evaluate<string>("getComputedStyle(document.querySelector('h1')).fontFamily")).toContain('Georgia');
        expect(await page.texts(`${POPULAR} a`)).toEqual(seed.popular);
        expect(await page.texts(`${RANKING} a`)).toEqual(seed.ranking);
        expect(
          await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
        ).toBeLessThanOrEqual(0);

        // Client-side navigation: the same document goes on (a mark set now is still there after).
        await page.evaluate('(window.__samePage = true)');
        await page.clickLink(POPULAR, seed.popular[1]);
        await headingIs(page, seed.popular[1]);
        expect(await page.evaluate<string>('location.pathname')).toBe(
          '/articles/japans-ldp-proposes-third-party-panel-to-monitor-use-of-political-funds',
        );
        await page.clickLink(RANKING, seed.ranking[3]);
        await headingIs(page, seed.ranking[3]);
        expect(await page.evaluate<boolean>('window.__samePage === true')).toBe(true);

        await page.back();
        await headingIs(page, seed.popular[1]);
        await page.back();
        await headingIs(page, seed.headline);
        await page.forward();
        await headingIs(page, seed.popular[1]);
        await page.reload();
        await headingIs(page, seed.popular[1]);
        await started(page);

        await page.goto(`${origin()}/articles/no-such-article`);
        await headingIs(page, 'Page not found');
        await started(page);
        expect(await page.errors()).toEqual([]);
      } finally {
        await page.close();
      }
    },
    90_000,
  );

  it('searches, moves to another search and back, and opens a result', async () => {
    const page = await engine.open(SIZES.phone);
    try {
      const statusIs = (pattern: RegExp) =>
        expect.poll(async () => (await page.texts('.search-status'))[0] ?? '', { timeout: 15_000 }).toMatch(pattern);
      await page.goto(`${origin()}/search?q=security`);
      await statusIs(/^1 result for “security”\.$/);
      expect(await page.texts('.search-result h2')).toEqual([seed.headline]);
      await page.evaluate(
        `(() => { const box = document.querySelector('.search-form input[name=q]'); box.value = 'inflation'; box.focus(); })()`,
      );
      await page.pressEnter();
      await statusIs(/for “inflation”/);
      await page.back();
      await statusIs(/^1 result for “security”\.$/);
      await page.clickLink('.search-results', seed.headline);
      await headingIs(page, seed.headline);
      expect(await page.errors()).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('keeps the theme and text size chosen in the header across a reload, applied before the app starts', async () => {
    const page = await engine.open(SIZES.phone);
    const look = () =>
      page.evaluate<{ theme: string | null; background: string; size: number }>(
        `({ theme: document.documentElement.getAttribute('data-theme'), background: getComputedStyle(document.body).backgroundColor, size: parseFloat(getComputedStyle(document.querySelector('.article-body p')).fontSize) })`,
      );
    try {
      await page.goto(`${origin()}/articles/${SEED_ID}`);
      await headingIs(page, seed.headline);
      await started(page);
      const standard = await look();
      expect(standard).toMatchObject({ theme: null, background: 'rgb(255, 255, 255)' });
      // The control works once the app has taken the page over (hydration may finish after it starts).
      await expect.poll(() => page.evaluate<boolean>(`!document.querySelector('.display-settings button').disabled`)).toBe(true);
      await page.evaluate(`document.querySelector('.display-settings button').click()`);
      // The panel's code comes when it is first opened.
      await expect.poll(() => page.evaluate<boolean>(`document.querySelector('.display-panel input[value="dark"]') !== null`)).toBe(true);
      await page.evaluate(`document.querySelector('.display-panel input[value="dark"]').click()`);
      await page.evaluate(`document.querySelector('.display-panel input[value="largest"]').click()`);
      await page.reload();
      await headingIs(page, seed.headline);
      // Read before the app has started: the inline script (allowed by its hash) applied them.
      const chosen = await look();
      expect(chosen).toMatchObject({ theme: 'dark', background: 'rgb(18, 20, 22)' });
      expect(chosen.size / standard.size).toBeCloseTo(1.5, 2);
      await started(page);
      expect(await page.errors()).toEqual([]);
    } finally {
      // Other journeys in this engine may share its storage.
      await page.evaluate('localStorage.clear()').catch(() => undefined);
      await page.close();
    }
  }, 60_000);

  it('installs the service worker, which then answers the page', async () => {
    const page = await engine.open(SIZES.desktop);
    try {
      await page.goto(`${origin()}/articles/${SEED_ID}`);
      await headingIs(page, seed.headline);
      await started(page);
      await expect
        .poll(() => page.evaluate<string | null>('navigator.serviceWorker.ready.then((r) => r.active && r.active.state)'), {
          timeout: 20_000,
        })
        .toBe('activated');
      await page.reload();
      await headingIs(page, seed.headline);
      await expect.poll(() => page.evaluate<boolean>('navigator.serviceWorker.controller !== null'), { timeout: 10_000 }).toBe(true);
      expect(await page.errors()).toEqual([]);
    } finally {
      await page
        .evaluate('navigator.serviceWorker.getRegistrations().then((all) => Promise.all(all.map((r) => r.unregister())))')
        .catch(() => undefined);
      await page.close();
    }
  }, 60_000);

  it('saves an article, lists it on the Saved page and removes it there', async () => {
    const page = await engine.open(SIZES.phone);
    const clickButton = (text: string) =>
      page.evaluate(`[...document.querySelectorAll('button')].find((b) => b.textContent.trim() === ${JSON.stringify(text)}).click()`);
    const buttonEnabled = (text: string) =>
      page.evaluate<boolean>(
        `[...document.querySelectorAll('button')].some((b) => b.textContent.trim() === ${JSON.stringify(text)} && !b.disabled)`,
      );
    try {
      await page.goto(`${origin()}/articles/${SEED_ID}`);
      await headingIs(page, seed.headline);
      await started(page);
      await expect.poll(() => buttonEnabled('Save'), { timeout: 10_000 }).toBe(true);
      await clickButton('Save');
      await expect
        .poll(() => page.texts('.article-actions [role="status"]'), { timeout: 15_000 })
        .toContain('Saved on this device, to read offline');
      await page.clickLink('.site-header', 'Saved');
      await headingIs(page, 'Saved articles');
      await expect.poll(() => page.texts('.saved-list a'), { timeout: 10_000 }).toEqual([seed.headline]);
      await clickButton('Remove');
      await expect.poll(() => page.texts('.saved-page [role="status"]'), { timeout: 10_000 }).toEqual([`Removed “${seed.headline}”.`]);
      expect(await page.texts('.saved-list a')).toEqual([]);
      expect(await page.errors()).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('follows a link with the keyboard and puts focus on the new page’s heading', async () => {
    const page = await engine.open(SIZES.desktop);
    try {
      await page.goto(`${origin()}/articles/${SEED_ID}`);
      await headingIs(page, seed.headline);
      await started(page);
      await page.evaluate(`[...document.querySelectorAll('${RANKING} a')][2].focus()`);
      await page.pressEnter();
      await headingIs(page, seed.ranking[2]);
      await expect
        .poll(() => page.evaluate<string>('document.activeElement && document.activeElement.tagName'), { timeout: 10_000 })
        .toBe('H1');
      expect(await page.errors()).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
