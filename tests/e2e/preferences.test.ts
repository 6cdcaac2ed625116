// The reader's display preferences in Chromium: theme and article text size chosen in the header, kept
// across reloads, applied before the first paint (even with the app's script held back) without a
// layout shift, under the Content-Security-Policy, and accessible in both themes at the largest size.
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  horizontalOverflow,
  launchBrowser,
  openPage,
  origin,
  screenshot,
  SEED_ID,
  settled,
  watchCspViolations,
  watchLayoutShifts,
} from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const ARTICLE = `/articles/${SEED_ID}`;
const DARK_PAPER = 'rgb(18, 20, 22)';
const LIGHT_PAPER = 'rgb(255, 255, 255)';

const looks = (page: Page) =>
  page.evaluate(() => ({
    theme: document.documentElement.dataset.theme ?? null,
    textSize: document.documentElement.dataset.textSize ?? null,
    background: getComputedStyle(document.body).backgroundColor,
    articleText: parseFloat(getComputedStyle(document.querySelector('.article-body p')!).fontSize),
  }));

async function choose(page: Page, theme: string, size: string) {
  await page.getByRole('button', { name: 'Display' }).click();
  await page.getByRole('radio', { name: theme, exact: true }).check();
  await page.getByRole('radio', { name: size, exact: true }).check();
  await page.keyboard.press('Escape');
}

describe('display preferences', () => {
  it('chosen in the header, they apply at once and are kept across reloads', async () => {
    const { page, problems, close } = await openPage(browser, 'phone');
    const violations = await watchCspViolations(page);
    await page.goto(origin() + ARTICLE);
    await settled(page);
    const standard = await looks(page);
    expect(standard).toMatchObject({ theme: null, textSize: null, background: LIGHT_PAPER });

    await choose(page, 'Dark', 'Largest');
    // Escape closes the panel and gives focus back to its button.
    expect(await page.getByRole('button', { name: 'Display' }).getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Display');
    const chosen = await looks(page);
    expect(chosen).toMatchObject({ theme: 'dark', textSize: 'largest', background: DARK_PAPER });
    expect(chosen.articleText / standard.articleText).toBeCloseTo(1.5, 2);

    await page.reload();
    await settled(page);
    expect(await looks(page)).toEqual(chosen);
    await screenshot(page, 'preferences-dark-largest-phone');
    // The panel shows what is in force.
    await page.getByRole('button', { name: 'Display' }).click();
    expect(await page.getByRole('radio', { name: 'Dark', exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Largest', exact: true }).isChecked()).toBe(true);

    // Back to the system's theme (light here) and the standard size.
    await page.getByRole('radio', { name: 'System', exact: true }).check();
    await page.getByRole('radio', { name: 'Standard', exact: true }).check();
    expect(await looks(page)).toEqual(standard);
    expect(await violations()).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });

  it('apply before the first paint, before the app has started and without a layout shift', async () => {
    const { page, problems, close } = await openPage(browser, 'desktop');
    await page.goto(origin() + ARTICLE);
    await settled(page);
    await choose(page, 'Dark', 'Larger');

    // The app's script held back: what the reader sees first is the page as prerendered and styled.
    await page.route('**/assets/*.js', (route) => route.abort());
    const shifts = await watchLayoutShifts(page);
    await page.addInitScript(() => {
      // What the first frame is painted with: read in the first animation frame.
      requestAnimationFrame(() => {
        (window as unknown as { __firstFrame: unknown }).__firstFrame = {
          theme: document.documentElement.dataset.theme,
          background: document.body ? getComputedStyle(document.body).backgroundColor : null,
        };
      });
    });
    await page.reload();
    await page.waitForLoadState('load');
    await screenshot(page, 'preferences-first-paint-desktop');
    expect(await page.evaluate(() => (window as unknown as { __firstFrame: unknown }).__firstFrame)).toEqual({
      theme: 'dark',
      background: DARK_PAPER,
    });
    expect(await looks(page)).toMatchObject({ theme: 'dark', textSize: 'larger', background: DARK_PAPER });
    expect(await shifts()).toEqual([]);
    // The app's script, held back, is the only thing that failed to load.
    expect(problems.filter((problem) => !problem.includes('/assets/') && !problem.includes('net::ERR_FAILED'))).toEqual([]);
    await close();
  });

  it("follows the system's theme until the reader chooses one", async () => {
    const { page, close } = await openPage(browser, 'phone', { colorScheme: 'dark' });
    await page.goto(origin() + ARTICLE);
    await settled(page);
    expect(await looks(page)).toMatchObject({ theme: null, background: DARK_PAPER });
    await choose(page, 'Light', 'Standard');
    expect(await looks(page)).toMatchObject({ theme: 'light', background: LIGHT_PAPER });
    await page.reload();
    expect(await looks(page)).toMatchObject({ theme: 'light', background: LIGHT_PAPER });
    await close();
  });

  it.each(['Light', 'Dark'])(
    'axe finds no WCAG 2.2 AA violation in the %s theme at the largest size, and 320 px reflows without scrolling sideways',
    async (theme) => {
      const { page, close } = await openPage(browser, 'phone', { viewport: { width: 320, height: 640 } });
      await page.goto(origin() + ARTICLE);
      await settled(page);
      await choose(page, theme, 'Largest');
      for (const address of [ARTICLE, '/', '/sections/politics', '/search?q=japan']) {
        await page.goto(origin() + address);
        await settled(page);
        if (address.startsWith('/search'))
          await page
            .getByRole('status')
            .filter({ hasText: /result/ })
            .waitFor();
        expect(await horizontalOverflow(page), address).toBe(0);
        const results = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'])
          .analyze();
        expect(
          results.violations.map((v) => `${address} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
          address,
        ).toEqual([]);
      }
      // The open panel too.
      await page.getByRole('button', { name: 'Display' }).click();
      await page.getByRole('group', { name: 'Theme' }).waitFor();
      const panel = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']).analyze();
      expect(panel.violations.map((v) => v.id)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);
      await close();
    },
  );
});
