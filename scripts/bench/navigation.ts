// Part "navigation": click-to-headline for client-side navigation between articles of a synthetic
// archive, with and without prefetch, and for the lower bound: the prerendered pages shown in place by a
// few lines of script, fetched ahead (navigation-lower-bound.ts).
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { pageAddresses } from '../../src/lib/site-layout.ts';
import { writeSyntheticArchive } from '../../src/pipeline/synthetic.ts';
import { startStaticServer } from '../static-server.ts';
import { build, WORK } from './build.ts';
import { writeNavigationLowerBound } from './navigation-lower-bound.ts';
import { median, percentile, round } from './numbers.ts';

const POINTER_DWELL_MS = 100;
/** The section page the navigations start from (of the synthetic archive), and the lower bound's page. */
const NAVIGATION_START = pageAddresses.section('alpha');

/**
 * Click-to-headline: from a freshly loaded section page, click the k-th article link and time from the
 * click to the frame after the new headline is in the page.
 */
async function clickToHeadline(browser: Browser, origin: string, count: number): Promise<number[]> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 2000 } });
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    await page.goto(`${origin}${NAVIGATION_START}`, { waitUntil: 'networkidle' });
    const link = page.locator('.section-list a').nth(i % 20);
    // The headline alone: a link to an article read before also says "(read)" to screen readers.
    const headline = await link.evaluate((a) =>
      [...a.childNodes]
        .filter((node) => !(node instanceof Element && node.classList.contains('visually-hidden')))
        .map((node) => node.textContent)
        .join(''),
    );
    await page.evaluate((expected) => {
      const w = window as unknown as { __clickToHeadline: Promise<number> };
      w.__clickToHeadline = new Promise((resolve) => {
        let clickedAt = 0;
        document.addEventListener('click', () => (clickedAt = performance.now()), { capture: true, once: true });
        const observer = new MutationObserver(() => {
          if (document.querySelector('h1')?.textContent === expected) {
            observer.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - clickedAt));
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      });
    }, headline);
    // A reader's pointer rests on a link a moment before pressing it (a few hundred milliseconds is
    // typical); 100 ms of it here, in both builds, so that prefetching on hover has that long, as it does
    // for a reader, rather than none.
    await link.hover();
    await page.waitForTimeout(POINTER_DWELL_MS);
    await link.click();
    times.push(await page.evaluate(() => (window as unknown as { __clickToHeadline: Promise<number> }).__clickToHeadline));
  }
  await page.close();
  return times;
}

/** Click-to-headline, `navigations` times for each of the three sites. */
export async function measureNavigation(browser: Browser, navigations: number): Promise<Record<string, unknown>> {
  console.log(`Click-to-headline, ${navigations} navigations each …`);
  const navData = path.join(WORK, 'nav-data');
  await writeSyntheticArchive(navData, 200);
  const navWith = path.join(WORK, 'nav-prefetch');
  const navWithout = path.join(WORK, 'nav-no-prefetch');
  const navLowerBound = path.join(WORK, 'nav-lower-bound');
  build(navWith, { DATA_DIR: navData });
  build(navWithout, { DATA_DIR: navData, VITE_PREFETCH: 'off' });
  await writeNavigationLowerBound(navWith, navLowerBound, NAVIGATION_START);
  const sites = [
    { name: 'lowerBound', server: await startStaticServer({ dir: navLowerBound }), times: [] as number[] },
    { name: 'withPrefetch', server: await startStaticServer({ dir: navWith }), times: [] as number[] },
    { name: 'withoutPrefetch', server: await startStaticServer({ dir: navWithout }), times: [] as number[] },
  ];
  // In rounds, the three in turn, so that a slow stretch of this shared machine falls on all three.
  const ROUNDS = 3;
  for (let pass = 0; pass < ROUNDS; pass++) {
    for (const site of sites) site.times.push(...(await clickToHeadline(browser, site.server.origin, Math.ceil(navigations / ROUNDS))));
  }
  const navigation: Record<string, { medianMs: number; p95Ms: number; count: number }> = {};
  for (const { name, server, times } of sites) {
    navigation[name] = { medianMs: round(median(times), 1), p95Ms: round(percentile(times, 95), 1), count: times.length };
    await server.close();
  }
  const ratio = round(navigation.withPrefetch.medianMs / navigation.lowerBound.medianMs, 2);
  console.log('\nClick-to-headline           median      p95     (n)');
  for (const [name, r] of Object.entries(navigation))
    console.log(`  ${name.padEnd(24)}  ${String(r.medianMs).padEnd(10)}  ${String(r.p95Ms).padEnd(7)} ${r.count}`);
  console.log(`  with prefetch ÷ lower bound, medians: ${ratio} (target ≤ 12 / ≤ 16 ms with prefetch)`);
  return { clickToHeadline: { ...navigation, withPrefetchOverLowerBound: ratio } };
}
