// Keyboard, screen-reader structure and WCAG 2.2 AA (axe-core) on every kind of page, at both sizes.
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../fixtures/seed';
import { HEADLINE_ONLY_ID, horizontalOverflow, launchBrowser, openPage, origin, SEED_ID, settled, type SizeName } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const PAGES = {
  front: '/',
  section: '/sections/politics',
  article: `/articles/${SEED_ID}`,
  'headline-only article': `/articles/${HEADLINE_ONLY_ID}`,
  'not-found': '/articles/no-such-article',
};

async function visit(size: SizeName, address: string, options = {}) {
  const watched = await openPage(browser, size, options);
  await watched.page.goto(origin() + address);
  await settled(watched.page);
  return watched;
}

/** What the focused element is and whether a focus indicator is drawn around it. */
function focusState(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName,
      text: (el.textContent ?? '').trim(),
      visibleFocus: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    };
  });
}

describe.each<SizeName>(['phone', 'desktop'])('at %s size', (size) => {
  it.each(Object.entries(PAGES))('axe finds no WCAG 2.0/2.1/2.2 A or AA violation on the %s page', async (_name, address) => {
    const { page, close } = await visit(size, address);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']).analyze();
    const violations = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(violations).toEqual([]);
    expect(results.passes.length).toBeGreaterThan(10);
    await close();
  });

  it('reaches a skip link with the first Tab, and it moves focus to the main content', async () => {
    const { page, close } = await visit(size, `/articles/${SEED_ID}`);
    await page.keyboard.press('Tab');
    expect(await focusState(page)).toEqual({ tag: 'A', text: 'Skip to main content', visibleFocus: true });
    const box = await page.locator('.skip-link').boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0); // shown on screen while focused
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Tab');
    expect((await focusState(page))?.text).toBe('Politics'); // the section label, first link in the article
    expect(page.url()).toBe(`${origin()}/articles/${SEED_ID}`);
    await close();
  });

  it('reaches every link, button and field with Tab, each with a visible focus indicator', async () => {
    const { page, close } = await visit(size, `/articles/${SEED_ID}`);
    // Those shown: the Display panel's fields are reachable once it is opened.
    const expected = await page.locator('a[href], button, input, select').filter({ visible: true }).count();
    const seen: { text: string; visibleFocus: boolean }[] = [];
    for (let i = 0; i < expected + 5; i++) {
      await page.keyboard.press('Tab');
      const state = await focusState(page);
      if (!state || (seen.length > 0 && state.text === seen[0].text)) break;
      seen.push(state);
    }
    expect(seen).toHaveLength(expected);
    expect(seen.filter((s) => !s.visibleFocus)).toEqual([]);
    expect(seen.map((s) => s.text)).toEqual(expect.arrayContaining([...seed.popular, ...seed.ranking]));
    await close();
  });

  it('follows a ranking link with Enter, then puts focus on the new heading, and announces the page only by that', async () => {
    const { page, close } = await visit(size, `/articles/${SEED_ID}`);
    const link = page.getByRole('region', { name: 'JN Access Ranking' }).getByRole('link', { name: seed.ranking[2] });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/articles/record-320-school-staff-punished-for-sex-offenses-in-japan');
    await expect.poll(() => focusState(page)).toMatchObject({ tag: 'H1', text: seed.ranking[2] });
    // No live region says the page as well: a screen reader would read the new page twice.
    expect(await page.locator('[role="status"], [role="alert"], [aria-live]').filter({ hasText: seed.ranking[2] }).count()).toBe(0);
    await close();
  });
});

describe('page structure for assistive technology', () => {
  it.each(Object.entries(PAGES))(
    'the %s page has one main, a banner, navigation, and headings in outline order',
    async (_name, address) => {
      const { page, close } = await visit('desktop', address);
      expect(await page.getByRole('main').count()).toBe(1);
      expect(await page.getByRole('banner').count()).toBe(1);
      expect(await page.getByRole('navigation', { name: 'Sections' }).count()).toBe(1);
      expect(await page.getByRole('contentinfo').count()).toBe(1);
      const levels = await page.evaluate(() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1])));
      expect(levels[0]).toBe(1);
      expect(levels.filter((l) => l === 1)).toHaveLength(1);
      levels.forEach((level, i) => i > 0 && expect(level - levels[i - 1]).toBeLessThanOrEqual(1));
      await close();
    },
  );

  it('puts the widgets in one complementary region', async () => {
    const { page, close } = await visit('desktop', `/articles/${SEED_ID}`);
    const aside = page.getByRole('complementary', { name: 'More to read' });
    expect(await aside.count()).toBe(1);
    expect(await aside.getByRole('heading', { level: 2 }).allInnerTexts()).toEqual(['POLITICS — popular articles', 'JN ACCESS RANKING']);
    await close();
  });

  it('reads each ranking number once, as the list item’s own number', async () => {
    const { page, close } = await visit('desktop', `/articles/${SEED_ID}`);
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { nodeId: string; role?: { value: string }; name?: { value: string }; childIds?: string[]; ignored?: boolean }[];
    };
    const byId = new Map(nodes.map((n) => [n.nodeId, n]));
    const spoken = (id: string): string[] => {
      const node = byId.get(id)!;
      const role = node.role?.value;
      if (!node.ignored && (role === 'StaticText' || role === 'ListMarker')) return [node.name?.value ?? ''];
      return (node.childIds ?? []).flatMap(spoken);
    };
    const items = nodes.filter((n) => n.role?.value === 'listitem' && spoken(n.nodeId).join('').includes(seed.ranking[0]));
    expect(items).toHaveLength(1);
    const words = spoken(items[0].nodeId).join('');
    expect(words).toBe(`1. ${seed.ranking[0]}`);
    await close();
  });
});

describe('zoom and motion', () => {
  it.each(Object.entries(PAGES))(
    'the %s page reflows without horizontal scroll at 200% zoom of a 1280 px window',
    async (_name, address) => {
      // Browser zoom at 200% gives a 1280 px window a 640 CSS px layout viewport at 2 device pixels each.
      const { page, close } = await visit('desktop', address, { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
      expect(await horizontalOverflow(page)).toBe(0);
      const smallest = await page.evaluate(() =>
        Math.min(...[...document.querySelectorAll('main p, main li')].map((el) => parseFloat(getComputedStyle(el).fontSize))),
      );
      expect(smallest).toBeGreaterThanOrEqual(14);
      await close();
    },
  );

  it('runs no animation and no smooth scrolling when the reader asks for reduced motion', async () => {
    const { page, close } = await visit('desktop', `/articles/${SEED_ID}`, { reducedMotion: 'reduce' });
    expect(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(true);
    expect(await page.evaluate(() => document.getAnimations().length)).toBe(0);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).scrollBehavior)).toBe('auto');
    await close();
  });
});
