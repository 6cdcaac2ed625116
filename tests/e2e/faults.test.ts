// The fault matrix: each resource the article page loads, failing in each way, in Chromium with
// request interception; then offline and back online; then unsafe addresses and the page's origin.
// A prerendered page carries its data, so the matrix runs on the page started without it (the app
// then fetches every resource itself), and again on client-side navigation, where a built site fetches.
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_TIMEOUT_MS } from '../../src/api/fetchJson';
import { seed } from '../fixtures/seed';
import { launchBrowser, openPage, origin, SEED_ID, settled, watchCspViolations, withoutPrerender } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const NO_ANSWER = `no answer for ${REQUEST_TIMEOUT_MS / 1000} s`;
const FAULTS: Record<string, (route: Route) => Promise<void> | void> = {
  'connection refused': (route) => route.abort('connectionrefused'),
  '404': (route) => route.fulfill({ status: 404, body: 'not found' }),
  '500': (route) => route.fulfill({ status: 500, body: 'server error' }),
  [NO_ANSWER]: () => {
    // Never answered: the request hangs until the reader's own timeout gives up (the test moves the
    // page's clock past it rather than wait).
  },
  'a body that is not JSON': (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><p>index' }),
  'JSON that fails the schema': (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"unexpected": true}' }),
};

const RESOURCES = {
  site: 'site.json',
  article: `articles/${SEED_ID}.json`,
  'popular list': 'popular/politics.json',
  ranking: 'ranking.json',
};

/**
 * Moves the page's clock on, a quarter second at a time, until `count()` reaches `n`: the app waits 1 s
 * and 2 s of the page's time before it asks again, which the test need not spend for real.
 */
async function moveClockUntil(page: Page, count: () => number, n: number) {
  await expect
    .poll(async () => {
      if (count() < n) await page.clock.fastForward(250);
      return count();
    })
    .toBe(n);
}

/** What the reader sees once the page has settled after the fault (within `timeout` ms). */
async function outcome(page: Page, timeout = 20_000) {
  await page.waitForFunction(() => document.querySelector('#root main') && !document.querySelector('[aria-busy="true"]'), undefined, {
    timeout,
  });
  return page.evaluate(() => ({
    h1: document.querySelector('h1')?.textContent ?? null,
    banner: !!document.querySelector('header.site-header a.masthead'),
    homeLink: [...document.querySelectorAll('a')].some((a) => a.getAttribute('href') === '/'),
    alerts: [...document.querySelectorAll('[role="alert"]')].map((el) => el.textContent),
    widgetStatuses: [...document.querySelectorAll('.widget-error [role="status"]')].map((el) => el.textContent),
    retryButtons: [...document.querySelectorAll('button')].filter((b) => b.textContent === 'Retry').length,
    popular: document.querySelectorAll('[aria-labelledby="popular-politics"] li').length,
    ranking: document.querySelectorAll('[aria-labelledby="access-ranking"] li').length,
  }));
}

describe.each(Object.entries(RESOURCES))('when the %s fails', (resource, file) => {
  it.each(Object.keys(FAULTS))('with %s, the page shows what it can, and recovers', async (fault) => {
    const { page, close } = await openPage(browser, 'desktop');
    await withoutPrerender(page);
    // When each was asked for, by the page's clock (which the test moves on).
    const requests: number[] = [];
    let broken = true;
    await page.route(`**/api/${file}`, async (route) => {
      if (!broken) return route.continue();
      requests.push(await page.evaluate(() => Date.now()));
      return FAULTS[fault](route);
    });
    const answered = new Set<string>();
    page.on('requestfinished', (request) => answered.add(new URL(request.url()).pathname));
    // Retries: two more, after 1 s and 2 s, for what may pass by itself; none for the rest.
    const retried = fault === 'connection refused' || fault === '500';
    if (fault === NO_ANSWER || retried) await page.clock.install();
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    if (retried) {
      await expect.poll(() => requests.length, { timeout: 10_000 }).toBe(1);
      await moveClockUntil(page, () => requests.length, 3);
    }
    if (fault === NO_ANSWER) {
      await expect.poll(() => requests.length, { timeout: 10_000 }).toBe(1);
      // Moving the clock times out every request still open, so the others the page asks for must have
      // their answers first (on a loaded machine the hanging one may be asked for before they arrive).
      // Without the article, its section's popular list is never asked for.
      const others = Object.values(RESOURCES).filter(
        (other) => other !== file && !(resource === 'article' && other === RESOURCES['popular list']),
      );
      await expect.poll(() => others.filter((other) => !answered.has(`/api/${other}`)), { timeout: 10_000 }).toEqual([]);
      // Halfway to the timeout nothing has given up (the margin is for the time between the request and
      // this point, which a loaded machine stretches); once the whole of it has passed, the request has.
      await page.clock.fastForward(REQUEST_TIMEOUT_MS / 2);
      expect(await page.locator('[aria-busy="true"]').count()).toBeGreaterThan(0);
      await page.clock.fastForward(REQUEST_TIMEOUT_MS / 2);
    }
    // Past the timeout the page has given up at once, not some seconds later.
    const seen = await outcome(page, fault === NO_ANSWER ? 3_000 : undefined);
    expect(seen.banner).toBe(true);
    expect(seen.homeLink).toBe(true);

    if (resource === 'site') {
      expect(seen.h1).toBe('Could not load the archive');
    } else if (resource === 'article') {
      expect(seen.h1).toBe(fault === '404' ? 'Page not found' : 'Could not load this page');
    } else {
      // A widget fails alone: the article and the other widget are there.
      expect(seen.h1).toBe(seed.headline);
      const other = resource === 'ranking' ? seen.popular : seen.ranking;
      expect(other).toBe(5);
      // Said politely: a reader in the middle of the article is not interrupted.
      expect(seen.widgetStatuses).toEqual([
        resource === 'ranking' ? 'Could not load the access ranking.' : 'Could not load popular articles in Politics.',
      ]);
      expect(seen.alerts).toEqual([]);
    }

    expect(requests).toHaveLength(retried ? 3 : 1);
    if (retried) {
      expect(requests[1] - requests[0]).toBeGreaterThanOrEqual(900);
      expect(requests[2] - requests[1]).toBeGreaterThanOrEqual(1900);
    }

    broken = false;
    if (resource === 'article' && fault === '404') {
      expect(seen.retryButtons).toBe(0);
    } else {
      expect(seen.retryButtons).toBe(1);
      await page.getByRole('button', { name: 'Retry' }).click();
      await expect.poll(() => page.locator('h1').textContent(), { timeout: 15_000 }).toBe(seed.headline);
      await settled(page);
      const after = await outcome(page);
      expect([after.popular, after.ranking, after.widgetStatuses.length]).toEqual([5, 5, 0]);
    }
    await close();
  });
});

describe('on client-side navigation from a prerendered page', () => {
  const TARGET = 'record-320-school-staff-punished-for-sex-offenses-in-japan';

  it('shows "could not load" with Retry when the next article fails, and Retry brings it', async () => {
    const { page, close } = await openPage(browser, 'desktop');
    let broken = true;
    let requests = 0;
    await page.route(`**/api/articles/${TARGET}.json`, (route) => {
      if (!broken) return route.continue();
      requests++;
      return route.fulfill({ status: 503, body: '' });
    });
    await page.clock.install();
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    await page.getByRole('link', { name: seed.ranking[2] }).click();
    await moveClockUntil(page, () => requests, 3);
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 15_000 }).toBe('Could not load this page');
    expect(await page.getByText('The server had a problem (error 503).', { exact: false }).count()).toBe(1);
    expect(requests).toBe(3);
    broken = false;
    await page.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(seed.ranking[2]);
    await close();
  });

  it('shows the next article with a failed popular list alone, and fetches it again on Retry', async () => {
    const { page, close } = await openPage(browser, 'desktop');
    let broken = true;
    let requests = 0;
    await page.route('**/api/popular/society.json', (route) => {
      if (!broken) return route.continue();
      requests++;
      return route.abort('connectionrefused');
    });
    await page.clock.install();
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    await page.getByRole('link', { name: seed.ranking[2] }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(seed.ranking[2]);
    await moveClockUntil(page, () => requests, 3);
    await page.getByText('Could not load popular articles in Society.').waitFor({ timeout: 15_000 });
    expect(await page.locator('[aria-labelledby="access-ranking"] li').count()).toBe(5);
    broken = false;
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByText('No popular articles are listed for this section.').waitFor();
    await close();
  });
});

describe('offline', () => {
  it('says so, keeps pages already seen readable, and fetches what failed once back online', async () => {
    const { page, close } = await openPage(browser, 'phone');
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    await page.getByRole('link', { name: seed.popular[0] }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(seed.popular[0]);
    await settled(page);

    await page.context().setOffline(true);
    const notice = page.getByText('You are offline.');
    await notice.waitFor();
    expect(await notice.evaluate((el) => el.closest('[role="status"]')?.getAttribute('aria-live'))).toBe('polite');

    // Back to a page already seen: it comes from the cache.
    await page.goBack();
    await expect.poll(() => page.locator('h1').textContent()).toBe(seed.headline);
    expect(await page.locator('.article-body p').count()).toBe(8);

    // A page not seen yet waits, and loads by itself when the connection returns.
    await page.getByRole('region', { name: 'JN Access Ranking' }).getByRole('link', { name: seed.ranking[4] }).click();
    // The click was taken: the page says it is loading the next one.
    await page.locator('main[aria-busy="true"]').waitFor();
    expect(await page.locator('h1').textContent()).toBe(seed.headline);
    await page.context().setOffline(false);
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe(seed.ranking[4]);
    expect(await page.getByText('You are offline.').count()).toBe(0);
    await close();
  });

  it('fetches a widget that failed again by itself when the connection comes back', async () => {
    const { page, close } = await openPage(browser, 'desktop');
    await withoutPrerender(page);
    let broken = true;
    await page.route('**/api/ranking.json', (route) => (broken ? route.fulfill({ status: 404, body: '' }) : route.continue()));
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await page.getByText('Could not load the access ranking.').waitFor();
    broken = false;
    await page.context().setOffline(true);
    await page.context().setOffline(false);
    await expect.poll(() => page.locator('[aria-labelledby="access-ranking"] li').count(), { timeout: 10_000 }).toBe(5);
    await close();
  });
});

describe('addresses and origins', () => {
  // A plain /articles/%2e%2e is resolved by the browser itself to "/" before the app sees it; encoded twice it
  // reaches the router as the id "%2e%2e".
  it.each(['/articles/..%2F..%2Fsite', '/articles/%252e%252e', '/articles/a%00b', `/articles/${'x'.repeat(500)}`, '/sections/..%2Fsite'])(
    '%s shows not found without asking the server for it',
    async (address) => {
      const { page, close } = await openPage(browser, 'desktop');
      const asked: string[] = [];
      page.on('request', (request) => asked.push(new URL(request.url()).pathname));
      await page.goto(origin() + address);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Page not found');
      expect(asked.filter((path) => path.startsWith('/api/') && path !== '/api/site.json')).toEqual([]);
      await close();
    },
  );

  it('runs under the Content-Security-Policy with no violation, and no request leaves the origin', async () => {
    const { page, problems, close } = await openPage(browser, 'desktop');
    const foreign: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(origin())) foreign.push(request.url());
    });
    const cspViolations = await watchCspViolations(page);
    const response = await page.goto(`${origin()}/articles/${SEED_ID}`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toContain("default-src 'self'");
    await settled(page);
    await page.getByRole('link', { name: seed.ranking[0] }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(seed.ranking[0]);
    await page.getByRole('link', { name: 'Politics' }).first().click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Politics');
    await settled(page);
    expect(await cspViolations()).toEqual([]);
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });
});

describe('code loaded when first needed', () => {
  it('says so when the Display panel cannot be loaded, and the page stays as it was', async () => {
    const { page, close } = await openPage(browser, 'desktop');
    let broken = true;
    await page.route(/\/assets\/DisplayPanel-[^/]+\.js$/, (route) => (broken ? route.abort('connectionrefused') : route.continue()));
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    await page.getByRole('button', { name: 'Display' }).click();
    await page.getByText('The display settings could not be loaded. Check your connection and reload the page.').waitFor();
    expect(await page.locator('h1').textContent()).toBe(seed.headline);

    // As it says: once the connection is back, a reload brings it.
    broken = false;
    await page.reload();
    await settled(page);
    await page.getByRole('button', { name: 'Display' }).click();
    await page.getByRole('group', { name: 'Theme' }).waitFor();
    expect(await page.getByText('could not be loaded').count()).toBe(0);
    await close();
  });
});
