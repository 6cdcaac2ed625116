// The reader's journeys in a real Chromium, on the production build, at a phone and a desktop size.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../fixtures/seed';
import {
  HEADLINE_ONLY_ID,
  horizontalOverflow,
  launchBrowser,
  openPage,
  origin,
  screenshot,
  SEED_ID,
  settled,
  type SizeName,
} from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const h1Text = (page: import('playwright-core').Page) => page.locator('h1').innerText();
/** After a navigation the address changes first, then React renders the page: wait for its heading. */
const expectHeading = (page: import('playwright-core').Page, text: string) => expect.poll(() => h1Text(page)).toBe(text);

describe.each<SizeName>(['phone', 'desktop'])('at %s size', (size) => {
  it('arrives on a deep link to an article and sees it whole, with both lists in order', async () => {
    const { page, problems, close } = await openPage(browser, size);
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    await expectHeading(page, seed.headline);
    expect(await page.locator('article time').innerText()).toBe(seed.dateline);
    expect(await page.locator('.article-body p').allInnerTexts()).toEqual(seed.paragraphs);
    const popular = page.getByRole('region', { name: /Politics — popular articles/ });
    expect(await popular.getByRole('link').allInnerTexts()).toEqual(seed.popular);
    const ranking = page.getByRole('region', { name: 'JN Access Ranking' });
    expect(await ranking.getByRole('link').allInnerTexts()).toEqual(seed.ranking);
    expect(await page.title()).toBe(`${seed.headline} | The Japan News`);
    await screenshot(page, `article-${size}`);
    expect(problems).toEqual([]);
    await close();
  });

  it('follows a popular link and a ranking link, comes Back to the same scroll position, goes Forward, and reloads', async () => {
    const { page, problems, close } = await openPage(browser, size);
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);

    const popularLink = page.getByRole('region', { name: /Politics — popular articles/ }).getByRole('link', { name: seed.popular[1] });
    await popularLink.scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, 40));
    const scrollBefore = await page.evaluate(() => window.scrollY);
    if (size === 'phone') expect(scrollBefore).toBeGreaterThan(500); // the widgets are below the article on a phone
    await popularLink.click();
    await page.waitForURL('**/articles/japans-ldp-proposes-third-party-panel-to-monitor-use-of-political-funds');
    await expectHeading(page, seed.popular[1]);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await settled(page);

    await page.getByRole('region', { name: 'JN Access Ranking' }).getByRole('link', { name: seed.ranking[3] }).click();
    await page.waitForURL('**/articles/miho-nakayama-japanese-actress-and-singer-found-dead-at-her-tokyo');
    await expectHeading(page, seed.ranking[3]);

    await page.reload();
    await settled(page);
    await expectHeading(page, seed.ranking[3]);

    await page.goBack();
    await page.waitForURL('**/articles/japans-ldp-proposes-third-party-panel-to-monitor-use-of-political-funds');
    await expectHeading(page, seed.popular[1]);
    await page.goBack();
    await page.waitForURL(`**/articles/${SEED_ID}`);
    await expectHeading(page, seed.headline);
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) <= 2, scrollBefore);

    await page.goForward();
    await page.waitForURL('**/articles/japans-ldp-proposes-third-party-panel-to-monitor-use-of-political-funds');
    await expectHeading(page, seed.popular[1]);
    await page.reload();
    await settled(page);
    await expectHeading(page, seed.popular[1]);
    expect(problems).toEqual([]);
    await close();
  });

  it('shares the article on screen: its address copied and announced, or handed to the system share sheet', async () => {
    const { page, problems, close } = await openPage(browser, size);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: origin() });
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    await page.getByRole('button', { name: 'Share' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Link copied' }).count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${origin()}/articles/${SEED_ID}`);

    // After moving to another article, the address shared is that article's.
    await page
      .getByRole('region', { name: /Politics — popular articles/ })
      .getByRole('link', { name: seed.popular[1] })
      .click();
    await expectHeading(page, seed.popular[1]);
    const next = new URL(page.url()).pathname;
    await page.evaluate(() => {
      // A browser with a share sheet: the page hands it the title and address instead of copying.
      (window as unknown as { shared: ShareData[] }).shared = [];
      navigator.share = (data?: ShareData) => {
        (window as unknown as { shared: ShareData[] }).shared.push(data!);
        return Promise.resolve();
      };
    });
    await page.getByRole('button', { name: 'Share' }).click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { shared: ShareData[] }).shared))
      .toEqual([{ title: seed.popular[1], url: `${origin()}${next}` }]);
    expect(problems).toEqual([]);
    await close();
  });

  it('opens a link in a new tab at its own address', async () => {
    const { page, problems, close } = await openPage(browser, size);
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    const href = await page.getByRole('region', { name: 'JN Access Ranking' }).getByRole('link').first().getAttribute('href');
    const tab = await page.context().newPage();
    await tab.goto(new URL(href!, origin()).href);
    await tab.waitForSelector('h1');
    await expectHeading(tab, seed.ranking[0]);
    expect(await tab.getByText('Only the headline of this article is in this archive').count()).toBe(1);
    expect(problems).toEqual([]);
    await close();
  });

  it.each([
    ['front', '/'],
    ['section', '/sections/politics'],
    ['headline-only', `/articles/${HEADLINE_ONLY_ID}`],
  ])('shows the %s page without errors and takes a screenshot', async (name, address) => {
    const { page, problems, close } = await openPage(browser, size);
    await page.goto(origin() + address);
    await settled(page);
    expect(await page.locator('h1').count()).toBe(1);
    await screenshot(page, `${name}-${size}`);
    expect(problems).toEqual([]);
    await close();
  });

  it.each([
    ['an unknown article id', '/articles/no-such-article'],
    ['an unknown section', '/sections/no-such-section'],
    ['a random path', '/random/path/here'],
  ])('shows the not-found page for %s, with status 404 and without asking the API', async (_name, address) => {
    const { page, problems, close } = await openPage(browser, size);
    const api: string[] = [];
    page.on('request', (request) => request.url().includes('/api/') && api.push(request.url()));
    const response = await page.goto(origin() + address);
    expect(response?.status()).toBe(404);
    await settled(page);
    expect(await h1Text(page)).toBe('Page not found');
    expect(await page.getByRole('link', { name: 'Go to the front page' }).getAttribute('href')).toBe('/');
    expect(api).toEqual([]);
    await screenshot(page, `not-found-${address.split('/')[1]}-${size}`);
    // The only failure is the page's own 404 status (and Chromium's console note of it).
    expect(problems.filter((p) => p !== `HTTP 404: ${origin()}${address}` && !/^console: Failed to load resource: .*404/.test(p))).toEqual(
      [],
    );
    await close();
  });
});

describe('time zone', () => {
  it('shows the JST dateline to a reader in Los Angeles', async () => {
    const { page, close } = await openPage(browser, 'desktop', { timezoneId: 'America/Los_Angeles' });
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/Los_Angeles');
    expect(await page.locator('article time').innerText()).toBe('2:00 JST, January 9, 2023');
    // Once the app has started, the reader's own time beside the reading time, without moving anything.
    await settled(page);
    expect(await page.locator('.reading-info').innerText()).toBe('1 min read · Your time: 9:00 PST, Jan 8');
    await close();
  });

  it('gives a reader in the publication’s zone (or one with the same clock) only the reading time', async () => {
    for (const timezoneId of ['Asia/Tokyo', 'Asia/Seoul']) {
      const { page, close } = await openPage(browser, 'desktop', { timezoneId });
      await page.goto(`${origin()}/articles/${SEED_ID}`);
      await settled(page);
      expect(await page.locator('.reading-info').innerText(), timezoneId).toBe('1 min read');
      await close();
    }
  });

  it('takes the page over at home without making a date format (the first costs tens of ms), and makes them once a link is pointed at', async () => {
    const { page, problems, close } = await openPage(browser, 'desktop', { timezoneId: 'Asia/Tokyo' });
    // Counts the date formats the page makes, from before its first script.
    await page.addInitScript(() => {
      const Made = Intl.DateTimeFormat;
      const counted = { made: 0 };
      Object.assign(window, { __dateFormatsMade: counted });
      Intl.DateTimeFormat = new Proxy(Made, {
        construct(target, args: ConstructorParameters<typeof Made>) {
          counted.made++;
          return new target(...args);
        },
        apply(target, _this, args: ConstructorParameters<typeof Made>) {
          counted.made++;
          return target(...args);
        },
      });
    });
    const made = () => page.evaluate(() => (window as unknown as { __dateFormatsMade: { made: number } }).__dateFormatsMade.made);
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    expect(await page.locator('article time').innerText()).toBe(seed.dateline);
    expect(await page.locator('.reading-info').innerText()).toBe('1 min read');
    expect(await made()).toBe(0);

    // Pointing at a link makes them, before the press; the section's page then dates its articles.
    const link = page.locator('.section-label').getByRole('link', { name: 'Politics' });
    await link.hover();
    await expect.poll(made).toBeGreaterThan(0);
    await link.click();
    await expectHeading(page, 'Politics');
    expect(await page.locator('main time[datetime="2023-01-09T02:00:00+09:00"]').innerText()).toBe('January 9, 2023');
    expect(problems).toEqual([]);
    await close();
  });
});

describe('printing', () => {
  it('prints the article alone, with its address', async () => {
    const { page, close } = await openPage(browser, 'desktop');
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['.site-header', '.site-footer', 'aside', '.article-actions'])
      expect(await page.locator(hidden).first().isVisible(), hidden).toBe(false);
    expect(await page.locator('h1').isVisible()).toBe(true);
    expect(await page.locator('.article-body p').first().isVisible()).toBe(true);
    expect(await page.locator('.print-address').innerText()).toBe(`${origin()}/articles/${SEED_ID}`);
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('.print-address').isVisible()).toBe(false);
    await close();
  });
});

describe('narrow screens', () => {
  it.each(['/', '/sections/politics', `/articles/${SEED_ID}`, `/articles/${HEADLINE_ONLY_ID}`, '/articles/no-such-article'])(
    '%s has no horizontal scroll at 320 px and nothing overlaps',
    async (address) => {
      const { page, close } = await openPage(browser, 'phone', { viewport: { width: 320, height: 640 } });
      await page.goto(origin() + address);
      await settled(page);
      expect(await horizontalOverflow(page)).toBe(0);
      // Overlap check: no two visible text blocks in the page cover one another.
      const overlaps = await page.evaluate(() => {
        const boxes = [...document.querySelectorAll('h1, h2, p, li, a, time, button')]
          .filter((el) => !el.closest('.visually-hidden') && !el.closest('.skip-link'))
          .map((el) => ({ el, r: el.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && r.height > 0);
        const found: string[] = [];
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i],
              b = boxes[j];
            if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
            const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
            const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
            if (x > 1 && y > 1)
              found.push(`${a.el.tagName} "${a.el.textContent?.slice(0, 30)}" / ${b.el.tagName} "${b.el.textContent?.slice(0, 30)}"`);
          }
        }
        return found;
      });
      expect(overlaps).toEqual([]);
      await close();
    },
  );
});

describe('in the oldest browsers we support (package.json "browserslist")', () => {
  it('walks a journey with the APIs those browsers lack taken away', async () => {
    const { page, problems, close } = await openPage(browser, 'phone');
    // Each of these is missing from Safari 16.4 (iOS 16.4) or Chrome 111, the oldest we support.
    await page.addInitScript(() => {
      const remove = (owner: object, name: string) => Reflect.deleteProperty(owner, name);
      remove(AbortSignal, 'any');
      remove(Object, 'groupBy');
      remove(Map, 'groupBy');
      remove(Promise, 'withResolvers');
      remove(Promise, 'try');
      remove(URL, 'canParse');
      remove(URL, 'parse');
      remove(Array, 'fromAsync');
      for (const name of ['union', 'intersection', 'difference', 'symmetricDifference', 'isSubsetOf', 'isSupersetOf', 'isDisjointFrom']) {
        remove(Set.prototype, name);
      }
      remove(window, 'requestIdleCallback');
      remove(window, 'scheduler');
    });
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    expect(await page.evaluate(() => 'any' in AbortSignal)).toBe(false);
    await settled(page);
    await page.getByRole('region', { name: 'JN Access Ranking' }).getByRole('link', { name: seed.ranking[3] }).click();
    await page.waitForURL('**/articles/miho-nakayama-japanese-actress-and-singer-found-dead-at-her-tokyo');
    await expectHeading(page, seed.ranking[3]);
    await page.getByRole('link', { name: 'Politics' }).first().click();
    await expectHeading(page, 'Politics');
    await page.goBack();
    await expectHeading(page, seed.ranking[3]);
    expect(problems).toEqual([]);
    await close();
  });
});
