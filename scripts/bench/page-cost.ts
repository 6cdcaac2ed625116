// What an article deep link costs a reader's browser beyond Lighthouse's figures: its bytes, how long it
// holds the main thread as it starts, and what it fetches ahead while read.
import type { Browser } from 'playwright-core';
import { loadPage, phonePage, slowCpu } from './browser.ts';

/** JavaScript and CSS of an article deep link: raw, and as the server sent them (gzip). */
export async function assetBytes(browser: Browser, url: string) {
  const sizes: Record<'document' | 'script' | 'stylesheet', { raw: number; sent: number }> = {
    document: { raw: 0, sent: 0 },
    script: { raw: 0, sent: 0 },
    stylesheet: { raw: 0, sent: 0 },
  };
  await loadPage(browser, url, (request) => {
    const type = request.resourceType();
    if (type !== 'document' && type !== 'script' && type !== 'stylesheet') return;
    return (async () => {
      const response = await request.response();
      const body = await response!.body();
      sizes[type].raw += body.length;
      sizes[type].sent += (await request.sizes()).responseBodySize;
    })();
  });
  return {
    htmlRaw: sizes.document.raw,
    htmlGzip: sizes.document.sent,
    jsRaw: sizes.script.raw,
    jsGzip: sizes.script.sent,
    cssRaw: sizes.stylesheet.raw,
    cssGzip: sizes.stylesheet.sent,
  };
}

/** How long after the load the long tasks are counted: the app has started and settled well within it. */
const BLOCKING_WINDOW_MS = 2500;

/**
 * The time a page load holds the main thread beyond 50 ms per task (what Total Blocking Time sums), read
 * from the browser's own long-task entries under a phone's CPU rather than simulated as Lighthouse does,
 * and with the reader in a given time zone, which Lighthouse's run cannot set (the page starts differently
 * for a reader abroad: src/lib/dates.ts).
 */
export async function startBlocking(browser: Browser, url: string, timezoneId: string): Promise<number> {
  const { context, page } = await phonePage(browser, { timezoneId });
  // As text, as in prefetchedBytes.
  await page.addInitScript({
    content: `window.__longTasks = []; new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });`,
  });
  await slowCpu(context, page);
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(BLOCKING_WINDOW_MS);
  const tasks = (await page.evaluate('window.__longTasks')) as number[];
  await context.close();
  return Math.round(tasks.reduce((sum, duration) => sum + Math.max(0, duration - 50), 0));
}

/**
 * Bytes fetched ahead while a reader on a phone reads one article to its end without touching a link, as
 * sent (gzipped), with the connection the page sees (Save-Data, 2G) set as given: other articles, and
 * other pages' code (every script but the page's own).
 */
export async function prefetchedBytes(browser: Browser, url: string, connection?: { saveData: boolean; effectiveType: string }) {
  const { context, page } = await phonePage(browser);
  if (connection)
    // As text: tsx would wrap the inner arrow function in a helper that does not exist in the page.
    await page.addInitScript({
      content: `Object.defineProperty(Navigator.prototype, 'connection', { get: () => (${JSON.stringify(connection)}) })`,
    });
  const sizes: Promise<number>[] = [];
  const scripts: { pathname: string; size: Promise<number> }[] = [];
  page.on('requestfinished', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.includes('/api/articles/')) sizes.push(request.sizes().then((s) => s.responseBodySize));
    else if (request.resourceType() === 'script') scripts.push({ pathname, size: request.sizes().then((s) => s.responseBodySize) });
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  // The page's own scripts are the app's and those it imports, which its starter names (public/boot.js);
  // any other is fetched ahead.
  const starter = page.locator('script[data-entry]');
  const own = [await starter.getAttribute('data-entry'), ...((await starter.getAttribute('data-imports')) ?? '').split(' ')]
    .filter((address): address is string => Boolean(address))
    .map((address) => new URL(address, url).pathname);
  const code = scripts.filter((script) => !own.includes(script.pathname)).map((script) => script.size);
  for (let step = 0; step < 20; step++) {
    await page.evaluate(() => window.scrollBy(0, 300));
    await page.waitForTimeout(100);
  }
  await page.waitForLoadState('networkidle');
  const sum = async (each: Promise<number>[]) => (await Promise.all(each)).reduce((a, b) => a + b, 0);
  const [articleBytes, codeBytes] = [await sum(sizes), await sum(code)];
  await context.close();
  return { bytes: articleBytes + codeBytes, articles: sizes.length, codeBytes };
}
