// Shared by the browser tests: one Chromium per test file, pages at the two sizes, and a record of
// everything that went wrong on a page (console errors, failed requests).
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../scripts/chromium.ts';

export const origin = () => inject('origin');

export const SIZES = {
  phone: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 },
  desktop: { viewport: { width: 1280, height: 800 } },
} satisfies Record<string, BrowserContextOptions>;
export type SizeName = keyof typeof SIZES;

export { SEED_ID } from '../fixtures/seed';
export const HEADLINE_ONLY_ID = 'core-inflation-in-tokyo-accelerates-in-november';

/**
 * The scripts an article page loads, by name, in order of name: the app's and the libraries' (which the
 * page's starter names), then, once the page is taken over, the Save button's with the saved list, and
 * the service worker's registration. No other page's code.
 */
export const ARTICLE_PAGE_SCRIPTS = ['SaveControl', 'index', 'libraries', 'rolldown-runtime', 'saved', 'service-worker'].map((name) =>
  expect.stringMatching(new RegExp(`^/assets/${name}-[\\w-]+\\.js$`)),
);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_FLAGS,
  });
}

export interface WatchedPage {
  page: Page;
  /** Console errors and failed requests seen so far. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * A page in a fresh context. The service worker is blocked unless the options allow it: a test of
 * anything else wants each request to reach the network (and page.route) as the page makes it.
 */
export async function openPage(browser: Browser, size: SizeName, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ ...SIZES[size], serviceWorkers: 'block', ...options });
  context.on('page', trackFetched);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    // ERR_ABORTED is the page itself cancelling a request (a reload, or a fetch no longer needed), not a failure.
    if (reason !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} (${reason})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return { page, problems, close: () => context.close() };
}

/** Records every Content-Security-Policy violation on the page; call before the page is opened. */
export async function watchCspViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

/**
 * Records every layout shift on the page (call before the page is opened); the getter describes each: its
 * score, when, and what moved from where to where, so that a failure says what shifted. With `afterLoad`,
 * only those from the load event on, when the app starts (public/boot.js): while the HTML is still being
 * parsed, a loaded machine may paint part of it, anywhere (in CI, the header's search box before the
 * buttons beside it, which then moved it). The getter first lets the page paint a frame, and takes the
 * shifts the browser has recorded but not yet handed to the observer: a change just made that moved
 * something is then among them.
 */
export async function watchLayoutShifts(page: Page, { afterLoad = false } = {}): Promise<() => Promise<string[]>> {
  // As text: the test runner's helpers for named functions do not exist in the page.
  await page.addInitScript(`(() => {
    const shifts = (window.__shifts = []);
    const loaded = () => performance.getEntriesByType('navigation')[0]?.loadEventStart || Infinity;
    const rect = (r) => r ? '(' + [r.x, r.y, r.width, r.height].map(Math.round).join(', ') + ')' : '()';
    const name = (node) => !node ? 'a removed node' : node.nodeType !== 1 ? node.nodeName + ' in ' + name(node.parentElement) : node.tagName.toLowerCase() + (node.id ? '#' + node.id : '') + (node.className && typeof node.className === 'string' ? '.' + node.className.trim().split(/\\s+/).join('.') : '');
    const record = (entries) => {
      for (const entry of entries)
        if (!${afterLoad} || entry.startTime >= loaded())
          shifts.push(entry.value.toFixed(4) + ' at ' + Math.round(entry.startTime) + ' ms: ' + (entry.sources || []).map((s) => name(s.node) + ' ' + rect(s.previousRect) + ' to ' + rect(s.currentRect)).join('; '));
    };
    const observer = new PerformanceObserver((list) => record(list.getEntries()));
    observer.observe({ type: 'layout-shift', buffered: true });
    window.__takeShifts = () => {
      record(observer.takeRecords());
      return shifts;
    };
  })()`);
  return async () => {
    await nextFrames(page);
    return page.evaluate(() => (window as unknown as { __takeShifts: () => string[] }).__takeShifts());
  };
}

/** Waits until the page has painted two more frames: what was changed before it has been laid out and drawn. */
export async function nextFrames(page: Page) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/**
 * Waits until a request the page makes now (after its pending tasks) has been seen: whatever the page asked
 * for before it, in answer to what the test just did, has then been seen too. A check that something was
 * NOT asked for waits for this first.
 */
export async function requestsSeen(page: Page) {
  const mark = `/favicon.svg?seen=${Date.now()}-${Math.random()}`;
  const seen = page.waitForRequest((request) => request.url().endsWith(mark));
  await page.evaluate((url) => new Promise((resolve) => setTimeout(resolve, 0)).then(() => fetch(url)).then(() => undefined), mark);
  await seen;
}

/** A screenshot for a person to look at: the whole page, or (`fullPage: false`) the first screen. */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}) {
  await mkdir('artifacts/screenshots', { recursive: true });
  await page.screenshot({ path: `artifacts/screenshots/${name}.png`, fullPage });
}

/** What each page's document has fetched so far, by path (Resource Timing is not there under a fake clock). */
const fetchedByPage = new WeakMap<Page, Set<string>>();

/** Keeps what the page's document fetches, for settled(); openPage does it for each page of its context. */
export function trackFetched(page: Page) {
  const fetched = new Set<string>();
  fetchedByPage.set(page, fetched);
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) fetched.clear();
  });
  page.on('requestfinished', (request) => fetched.add(new URL(request.url()).pathname));
}

/**
 * Waits until the app has taken over the page (it marks `<html data-app="started">` once it has rendered
 * with its router ready, src/main.tsx), no widget is busy, and the live lists on the page (ranking,
 * popular) have been fetched by this document: a prerendered page's are as old as its file, and the app
 * asks for them again in the background as each widget is taken over, a little after the rest.
 */
export async function settled(page: Page) {
  const fetched = fetchedByPage.get(page);
  if (!fetched) throw new Error('settled() needs a page from openPage, or one passed to trackFetched before it loads');
  await page.waitForFunction(
    () =>
      document.documentElement.dataset.app === 'started' &&
      document.querySelector('#root main') &&
      !document.querySelector('[aria-busy="true"]'),
  );
  const live = await page.evaluate(() =>
    [...document.querySelectorAll('[data-live]')].map((list) =>
      list.getAttribute('data-live') === 'ranking'
        ? 'ranking.json'
        : `popular/${list.getAttribute('aria-labelledby')?.replace(/^popular-/, '')}.json`,
    ),
  );
  await expect
    .poll(() => live.filter((file) => ![...fetched].some((pathname) => pathname.endsWith(`/api/${file}`))), { interval: 20 })
    .toEqual([]);
}

export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

const PRERENDERED = /<div id="root">[\s\S]*?<\/div>\s*<script type="application\/json" id="app-data">[\s\S]*?<\/script>/;

/**
 * Serves each page without its prerendered markup and data, so the app starts in the browser alone and
 * fetches everything it shows: the way to put each of a page's API requests under test.
 */
export async function withoutPrerender(page: Page) {
  await page.route(
    (url) => !url.pathname.startsWith('/api/') && !url.pathname.startsWith('/assets/'),
    async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      const response = await route.fetch();
      const html = await response.text();
      if (!PRERENDERED.test(html)) throw new Error(`${route.request().url()} has no prerendered markup to take out`);
      await route.fulfill({
        status: 200,
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': response.headers()['content-security-policy'] ?? '',
        },
        body: html.replace(PRERENDERED, '<div id="root"></div>'),
      });
    },
  );
}

/** Waits until the service worker is active and controls the page (a first visit is not controlled). */
export async function controlled(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
    await page.reload();
    await settled(page);
  }
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}
