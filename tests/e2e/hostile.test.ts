// Hostile article text in Chromium: the API is answered from a synthetic hostile archive (built by the
// real pipeline) through request interception, and the app renders it in the browser (the prerendered
// path is tested in tests/prerender.test.tsx). Nothing may run, nothing may be injected, and the layout
// must hold at both sizes.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFilesFetch } from '../../src/pipeline/archive';
import { HOSTILE_IDS, hostileApi, PAYLOADS } from '../fixtures/hostile';
import {
  horizontalOverflow,
  launchBrowser,
  openPage,
  origin,
  screenshot,
  settled,
  watchCspViolations,
  withoutPrerender,
  type SizeName,
} from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const serveApi = apiFilesFetch(hostileApi());
const cases = Object.entries(PAYLOADS).map(([name, payload], i) => ({ name, payload, id: HOSTILE_IDS[i] }));

describe.each<SizeName>(['phone', 'desktop'])('at %s size', (size) => {
  it.each(cases)('$name stays inert text and keeps the layout', async ({ name, payload, id }) => {
    const { page, problems, close } = await openPage(browser, size);
    await withoutPrerender(page);
    await page.route('**/api/**', async (route) => {
      const response = await serveApi(route.request().url());
      await route.fulfill({ status: response.status, contentType: 'application/json', body: await response.text() });
    });
    const cspViolations = await watchCspViolations(page);
    // No page is prerendered for these ids: the host's 404.html is served, and the app takes it from there.
    await page.goto(`${origin()}/articles/${id}`);
    await settled(page);

    const result = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      injected: document.querySelectorAll('main script, main img, main svg, main iframe, main object').length,
      h1: document.querySelector('h1')!.textContent,
      paragraph: document.querySelector('.article-body p')!.textContent,
      hrefs: [...document.querySelectorAll('a')].map((a) => a.getAttribute('href')!),
      h1Isolated: getComputedStyle(document.querySelector('h1')!).unicodeBidi,
      datelineDirection: getComputedStyle(document.querySelector('.dateline')!).direction,
    }));
    expect(result.pwned).toBeUndefined();
    expect(result.injected).toBe(0);
    expect(result.h1).toBe(payload.slice(0, 300));
    expect(result.paragraph).toBe(payload);
    expect(result.hrefs.every((href) => href.startsWith('/') || href === '#main')).toBe(true);
    expect(await cspViolations()).toEqual([]);
    // Bidi controls stay inside their own element: the text around them keeps its direction.
    expect(result.h1Isolated).toBe('isolate');
    expect(result.datelineDirection).toBe('ltr');
    expect(await horizontalOverflow(page)).toBe(0);
    // The long word's page is over 170,000 px tall on a phone: its first screen shows how the word breaks.
    if (name === 'long word' || name === 'bidi overrides')
      await screenshot(page, `hostile-${id}-${size}`, { fullPage: name !== 'long word' });
    expect(problems).toEqual([]);
    await close();
  });
});
