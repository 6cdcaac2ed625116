// The built site as a static site: arrival without fetching, hydration without warnings, reading
// without JavaScript, prefetching ahead of the click, and serving from a sub-path.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../scripts/static-server.ts';
import { seed } from '../fixtures/seed';
import { ARTICLE_PAGE_SCRIPTS, launchBrowser, nextFrames, openPage, origin, requestsSeen, SEED_ID, settled } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('arriving on a prerendered page', () => {
  // What each page shows comes with it; requests for it would mean the page fetched its own data again.
  // The live lists (ranking, popular) are the exception: the page's file may be older than the latest
  // ranking, so they are asked for again at once, without the page showing a loading state.
  const OWN_DATA: Record<string, string[]> = {
    '/': ['/api/site.json', '/api/front.json'],
    '/sections/politics': ['/api/site.json', '/api/sections/politics/latest.json'],
    [`/articles/${SEED_ID}`]: ['/api/site.json', `/api/articles/${SEED_ID}.json`],
  };

  it.each(Object.entries(OWN_DATA))('%s hydrates with no warning and does not fetch its own data', async (address, own) => {
    const { page, problems, close } = await openPage(browser, 'desktop');
    const messages: string[] = [];
    page.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`));
    const api: string[] = [];
    page.on('request', (request) => request.url().includes('/api/') && api.push(new URL(request.url()).pathname));
    await page.goto(origin() + address);
    await settled(page);
    expect(api.filter((path) => own.includes(path))).toEqual([]);
    // Links in view are prefetched: those requests are for other pages.
    expect(api.every((path) => path.startsWith('/api/articles/') || path.startsWith('/api/popular/') || path === '/api/ranking.json')).toBe(
      true,
    );
    // The one message that is the test's own doing: its browser context blocks the service worker.
    expect(messages.filter((message) => message !== 'warning: Service Worker registration blocked by Playwright')).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });
});

describe('the first paint', () => {
  it('needs no request but the page: the stylesheet is in it, allowed by the policy’s hash, not by unsafe-inline', async () => {
    const { page, problems, close } = await openPage(browser, 'phone');
    const blocking: string[] = [];
    page.on('request', (request) => ['stylesheet', 'font'].includes(request.resourceType()) && blocking.push(request.url()));
    const response = await page.goto(`${origin()}/articles/${SEED_ID}`);
    expect(blocking).toEqual([]);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).fontFamily)).toContain('Georgia');
    const policy = response!.headers()['content-security-policy'];
    expect(policy).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(policy).not.toContain('unsafe-inline');
    expect(problems).toEqual([]);
    await close();
  });
});

describe('a page whose embedded data is broken', () => {
  it.each([
    ['not JSON', '{"queries": ['],
    [
      'in the wrong shape',
      '{"queries": [{"key": ["articles", "x"], "data": {"headline": 1}}], "router": {"loaderData": {}, "errors": null}}',
    ],
  ])('(%s) stays readable, then the app starts and fetches what it needs', async (_name, broken) => {
    const { page, problems, close } = await openPage(browser, 'desktop');
    const consoleErrors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    await page.route(`**/articles/${SEED_ID}`, async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(
        /(<script type="application\/json" id="app-data">)[\s\S]*?(<\/script>)/,
        (_m, open: string, end: string) => open + broken + end,
      );
      await route.fulfill({ response, body: html });
    });
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    expect(await page.locator('h1').innerText()).toBe(seed.headline);
    await settled(page);
    expect(await page.locator('h1').innerText()).toBe(seed.headline);
    expect(await page.locator('.article-body p').count()).toBe(seed.paragraphs.length);
    // The app says what it ignored, and nothing else went wrong.
    expect(consoleErrors.every((text) => text.includes('Ignoring the page’s embedded data'))).toBe(true);
    expect(problems.filter((problem) => !problem.includes('Ignoring the page’s embedded data'))).toEqual([]);
    await page.getByRole('region', { name: 'JN Access Ranking' }).getByRole('link', { name: seed.ranking[1] }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe(seed.ranking[1]);
    await close();
  });
});

describe('without JavaScript', () => {
  it('an article can be read in full and every kind of link followed', async () => {
    const { page, close } = await openPage(browser, 'phone', { javaScriptEnabled: false });
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    expect(await page.locator('h1').innerText()).toBe(seed.headline);
    expect(await page.locator('.article-body p').allInnerTexts()).toEqual(seed.paragraphs);
    expect(await page.locator('[aria-labelledby="access-ranking"] a').allInnerTexts()).toEqual(seed.ranking);

    await page.getByRole('link', { name: seed.popular[3] }).click();
    await page.waitForURL('**/articles/japan-italy-u-k-launch-body-to-manage-next-generation-jet-project-u-k');
    expect(await page.locator('h1').innerText()).toBe(seed.popular[3]);

    await page.locator('article').getByRole('link', { name: 'Politics' }).click();
    await page.waitForURL('**/sections/politics');
    expect(await page.locator('h1').innerText()).toBe('Politics');

    await page.getByRole('link', { name: seed.headline }).click();
    await page.waitForURL(`**/articles/${SEED_ID}`);
    await page.getByRole('link', { name: 'The Japan News' }).click();
    await page.waitForURL(`${origin()}/`);
    expect(await page.getByRole('heading', { level: 2, name: seed.headline }).count()).toBe(1);
    await close();
  });
});

/**
 * Waits until the page has worked out whether the link is in view for an observer made now: the app's
 * observers of its links, made before, have been told about it by then too.
 */
async function seenInView(link: Locator) {
  await link.evaluate(
    (element) =>
      new Promise<void>((resolve) => {
        const observer = new IntersectionObserver(() => {
          observer.disconnect();
          resolve();
        });
        observer.observe(element);
      }),
  );
}

describe('prefetching', () => {
  it('fetches an article when its link is hovered, so the click needs no request', async () => {
    const { page, close } = await openPage(browser, 'desktop', { viewport: { width: 1280, height: 300 } });
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    // Far below a 300 px high window, so not prefetched on view.
    const target = 'immerse-yourself-in-snoopys-world-ahead-of-comic-strips-75th';
    const asked: string[] = [];
    page.on('request', (request) => request.url().includes('/api/') && asked.push(new URL(request.url()).pathname));
    const link = page.getByRole('link', { name: seed.ranking[4] });
    await seenInView(link);
    await requestsSeen(page);
    expect(asked).not.toContain(`/api/articles/${target}.json`);
    await link.hover();
    await expect.poll(() => asked).toContain(`/api/articles/${target}.json`);
    await expect.poll(() => asked).toContain('/api/popular/culture.json');
    const before = asked.length;
    await link.click();
    await expect.poll(() => page.locator('h1').innerText()).toBe(seed.ranking[4]);
    // The new page's own data was all there; what it asks for now are prefetches of its links.
    expect(asked.slice(before)).not.toContain(`/api/articles/${target}.json`);
    expect(asked.slice(before)).not.toContain('/api/popular/culture.json');
    await close();
  });
});

describe('prefetching on a phone’s data', () => {
  /** Paths of the articles fetched ahead from now on (the page's own data comes with it). */
  function articlesAsked(page: import('playwright-core').Page): string[] {
    const asked: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/api/articles/')) asked.push(pathname);
    });
    return asked;
  }
  async function readToTheEnd(page: import('playwright-core').Page) {
    for (let step = 0; step < 12; step++) {
      await page.evaluate(() => window.scrollBy(0, 300));
      await nextFrames(page);
    }
    await seenInView(page.locator('#root a').last());
    await requestsSeen(page);
  }

  it('reading an article to its end fetches only the first three articles in view ahead, and no other section’s list', async () => {
    const { page, problems, close } = await openPage(browser, 'phone');
    const asked = articlesAsked(page);
    const lists: string[] = [];
    page.on('request', (request) => request.url().includes('/api/popular/') && lists.push(new URL(request.url()).pathname));
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    await readToTheEnd(page);
    // The popular and ranking lists on this page link to nine other articles, all of them scrolled past.
    expect(new Set(asked).size).toBe(3);
    expect(lists.filter((list) => list !== '/api/popular/politics.json')).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });

  it('a touch that starts a scroll fetches nothing; a tap fetches the article', async () => {
    const { page, close } = await openPage(browser, 'phone');
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    await readToTheEnd(page);
    const asked = articlesAsked(page);
    // The page's budget for links in view is spent: a link now fetches only when chosen.
    const link = page.getByRole('region', { name: 'JN Access Ranking' }).getByRole('link').last();
    const target = `/api/articles/${(await link.getAttribute('href'))!.split('/').pop()}.json`;
    const touch = (...types: string[]) =>
      link.evaluate((element, names) => names.forEach((name) => element.dispatchEvent(new Event(name, { bubbles: true }))), types);
    await touch('touchstart', 'touchmove', 'touchend');
    await requestsSeen(page);
    expect(asked).not.toContain(target);
    await touch('touchstart', 'touchend');
    await expect.poll(() => asked).toContain(target);
    await close();
  });

  it.each([
    ['Save-Data is on', { saveData: true, effectiveType: '4g' }],
    ['the connection is 2G', { saveData: false, effectiveType: '2g' }],
  ])('fetches nothing ahead when %s: not on view, not on hover, no other page’s code', async (_name, connection) => {
    const { page, close } = await openPage(browser, 'desktop');
    await page.addInitScript((value) => Object.defineProperty(Navigator.prototype, 'connection', { get: () => value }), connection);
    const asked = articlesAsked(page);
    const scripts: string[] = [];
    page.on('request', (request) => request.resourceType() === 'script' && scripts.push(new URL(request.url()).pathname));
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    await readToTheEnd(page);
    const link = page.getByRole('region', { name: 'JN Access Ranking' }).getByRole('link').first();
    await link.hover();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link').first().hover();
    await requestsSeen(page);
    expect(asked).toEqual([]);
    expect(scripts.sort()).toEqual(ARTICLE_PAGE_SCRIPTS);
    // The link still works; the article is fetched when it is needed.
    await link.click();
    await expect.poll(() => page.locator('h1').innerText()).toBe(seed.ranking[0]);
    await close();
  });
});

describe('served from a sub-path', () => {
  let dir: string;
  let server: StaticServer;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'news-subpath-'));
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--out', dir], {
      env: { ...process.env, BASE_PATH: '/news/' },
      stdio: 'pipe',
    });
    server = await startStaticServer({ dir, base: '/news/' });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps every link, asset and request under /news/', async () => {
    const { page, problems, close } = await openPage(browser, 'desktop');
    const outside: string[] = [];
    page.on('request', (request) => !new URL(request.url()).pathname.startsWith('/news/') && outside.push(request.url()));
    await page.goto(`${server.origin}/news/articles/${SEED_ID}`);
    await settled(page);
    expect(await page.locator('h1').innerText()).toBe(seed.headline);
    const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    expect(hrefs.filter((href) => href !== '#main' && href !== '/news' && !href.startsWith('/news/'))).toEqual([]);

    await page.getByRole('link', { name: seed.ranking[1] }).click();
    await page.waitForURL('**/news/articles/china-to-test-mine-for-rare-metals-off-japan-island-japan-lagging-in');
    await expect.poll(() => page.locator('h1').innerText()).toBe(seed.ranking[1]);
    await page.getByRole('link', { name: 'Culture' }).first().click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Culture');
    await page.reload();
    expect(await page.locator('h1').innerText()).toBe('Culture');
    expect(page.url()).toBe(`${server.origin}/news/sections/culture`);
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });
});
