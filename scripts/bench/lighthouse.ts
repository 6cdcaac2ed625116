// Part "lighthouse": the first read of the sample archive's article deep link.
//  - Lighthouse 12.2.3 (mobile, default simulated throttling) on the app and, interleaved in the same
//    run, on a plain static HTML page of the same article with no JavaScript and its stylesheet inline
//    (the lower bound: static-page.ts), and on that page with the stylesheet as a file.
//  - How long the start holds the main thread, for a reader at home and abroad; JavaScript and CSS bytes
//    loaded, raw and as sent gzipped; what is fetched ahead on a phone (page-cost.ts); and the app's
//    script by package (javascript-by-package.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import type { Browser } from 'playwright-core';
import * as v from 'valibot';
import { siteSchema } from '../../src/api/schemas.ts';
import { API_DIR, apiFiles } from '../../src/lib/site-layout.ts';
import { SEED_ID } from '../../tests/fixtures/seed.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../chromium.ts';
import { startStaticServer } from '../static-server.ts';
import { PHONE_CPU_SLOWDOWN } from './browser.ts';
import { build, WORK } from './build.ts';
import { javascriptByPackage } from './javascript-by-package.ts';
import { kb, median, round } from './numbers.ts';
import { assetBytes, prefetchedBytes, startBlocking } from './page-cost.ts';
import { writeStaticPage } from './static-page.ts';

interface LighthouseRun {
  score: number;
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
}

async function runLighthouse(url: string): Promise<LighthouseRun> {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_FLAGS });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
    const lhr = result!.lhr;
    const value = (id: string) => lhr.audits[id].numericValue ?? NaN;
    return {
      score: Math.round((lhr.categories.performance.score ?? 0) * 100),
      fcp: value('first-contentful-paint'),
      lcp: value('largest-contentful-paint'),
      tbt: value('total-blocking-time'),
      cls: value('cumulative-layout-shift'),
    };
  } finally {
    await chrome.kill();
  }
}

function summarize(runs: LighthouseRun[]) {
  return {
    score: median(runs.map((r) => r.score)),
    fcpMs: round(median(runs.map((r) => r.fcp))),
    lcpMs: round(median(runs.map((r) => r.lcp))),
    tbtMs: round(median(runs.map((r) => r.tbt))),
    cls: round(median(runs.map((r) => r.cls)), 3),
    runs,
  };
}

const BLOCKING_RUNS = 7;

/** The sample archive's article deep link against its lower bound; its bytes; what it prefetches. `runs`: Lighthouse runs of each page. */
export async function measureLighthouse(browser: Browser, runs: number): Promise<Record<string, unknown>> {
  console.log('Building the sample archive …');
  const appDir = path.join(WORK, 'app');
  const staticDir = path.join(WORK, 'static');
  const externalDir = path.join(WORK, 'static-external-css');
  build(appDir);
  await writeStaticPage(appDir, staticDir, 'inline');
  await writeStaticPage(appDir, externalDir, 'external');
  const app = await startStaticServer({ dir: appDir });
  const plain = await startStaticServer({ dir: staticDir });
  const external = await startStaticServer({ dir: externalDir });
  const appUrl = `${app.origin}/articles/${SEED_ID}`;

  console.log(`Lighthouse, ${runs} runs each, interleaved …`);
  const appRuns: LighthouseRun[] = [];
  const plainRuns: LighthouseRun[] = [];
  const externalRuns: LighthouseRun[] = [];
  for (let i = 0; i < runs; i++) {
    appRuns.push(await runLighthouse(appUrl));
    plainRuns.push(await runLighthouse(`${plain.origin}/articles/${SEED_ID}`));
    externalRuns.push(await runLighthouse(`${external.origin}/articles/${SEED_ID}`));
  }
  const lighthouseResults = { app: summarize(appRuns), staticPage: summarize(plainRuns), staticPageExternalCss: summarize(externalRuns) };
  const lcpRatio = round(lighthouseResults.app.lcpMs / lighthouseResults.staticPage.lcpMs, 3);
  const lcpRatioExternalCss = round(lighthouseResults.app.lcpMs / lighthouseResults.staticPageExternalCss.lcpMs, 3);

  // A reader at home (the publication's zone) and one abroad, whose page also shows their own time.
  const { publication } = v.parse(siteSchema, JSON.parse(await readFile(path.join(appDir, API_DIR, apiFiles.site()), 'utf8')));
  const abroad = publication.timeZone === 'UTC' ? 'America/New_York' : 'UTC';
  const blockingRuns = { home: [] as number[], abroad: [] as number[], staticPage: [] as number[] };
  for (let i = 0; i < BLOCKING_RUNS; i++) {
    blockingRuns.home.push(await startBlocking(browser, appUrl, publication.timeZone));
    blockingRuns.abroad.push(await startBlocking(browser, appUrl, abroad));
    blockingRuns.staticPage.push(await startBlocking(browser, `${plain.origin}/articles/${SEED_ID}`, publication.timeZone));
  }
  const blocking = {
    readerZones: { home: publication.timeZone, abroad },
    homeMs: median(blockingRuns.home),
    abroadMs: median(blockingRuns.abroad),
    staticPageMs: median(blockingRuns.staticPage),
    runs: blockingRuns,
  };

  const assets = await assetBytes(browser, appUrl);
  const byPackage = await javascriptByPackage();
  const prefetched = {
    normal: await prefetchedBytes(browser, appUrl),
    saveData: await prefetchedBytes(browser, appUrl, { saveData: true, effectiveType: '4g' }),
    twoG: await prefetchedBytes(browser, appUrl, { saveData: false, effectiveType: '2g' }),
  };
  await app.close();
  await plain.close();
  await external.close();

  const l = lighthouseResults;
  console.log('\nLighthouse mobile (median of %d)      app        static page, CSS inline (lower bound)   static page, CSS file', runs);
  const row = (label: string, key: 'score' | 'fcpMs' | 'lcpMs' | 'tbtMs' | 'cls') =>
    console.log(
      `  ${label.padEnd(33)}${String(l.app[key]).padEnd(11)}${String(l.staticPage[key]).padEnd(40)}${l.staticPageExternalCss[key]}`,
    );
  row('score', 'score');
  row('FCP (ms)', 'fcpMs');
  row('LCP (ms)', 'lcpMs');
  row('TBT (ms)', 'tbtMs');
  row('CLS', 'cls');
  console.log(`  LCP(app) / LCP(static page, CSS inline)   ${lcpRatio}   (target ≤ 1.05)`);
  console.log(`  LCP(app) / LCP(static page, CSS file)     ${lcpRatioExternalCss}`);
  console.log(
    `\nMain thread held beyond 50 ms per task as the article starts (CPU ${PHONE_CPU_SLOWDOWN}× slower, the browser's long tasks, median of ${BLOCKING_RUNS}):\n` +
      `  ${`app, reader at home (${blocking.readerZones.home})`.padEnd(56)}${blocking.homeMs} ms\n` +
      `  ${`app, reader abroad (${blocking.readerZones.abroad}, shown their own time)`.padEnd(56)}${blocking.abroadMs} ms\n` +
      `  ${'static page, CSS inline (lower bound)'.padEnd(56)}${blocking.staticPageMs} ms`,
  );
  console.log(
    `\nArticle deep link: HTML (with the stylesheet inline) ${kb(assets.htmlRaw)} raw, ${kb(assets.htmlGzip)} gzip; ` +
      `JS ${kb(assets.jsRaw)} raw, ${kb(assets.jsGzip)} gzip; CSS files ${kb(assets.cssRaw)} raw, ${kb(assets.cssGzip)} gzip`,
  );
  console.log(
    `JavaScript beyond react, react-dom, react-router and TanStack Query: ${kb(byPackage.beyondLibrariesGzip)} gzip (target ≤ 8 KB); ` +
      `by package, each compressed on its own: ${Object.entries(byPackage.packages)
        .sort((a, b) => b[1] - a[1])
        .map(([name, bytes]) => `${name} ${kb(bytes)}`)
        .join(', ')}; ` +
      `loaded only on their own pages (gzip): ${Object.entries(byPackage.lazyGzip)
        .map(([name, bytes]) => `${name} ${kb(bytes)}`)
        .join(', ')}`,
  );
  console.log('\nPrefetched while reading one article to its end on a phone, no interaction (target ≤ 30 KB; 0 under Save-Data or 2G)');
  for (const [name, r] of Object.entries(prefetched))
    console.log(`  ${name.padEnd(10)} ${kb(r.bytes)} sent: ${r.articles} articles, and ${kb(r.codeBytes)} of other pages' code`);

  return {
    lighthouse: { ...lighthouseResults, lcpRatio, lcpRatioExternalCss },
    startBlocking: blocking,
    articleDeepLinkAssets: assets,
    javascriptByPackage: byPackage,
    prefetchedOnPhone: prefetched,
  };
}
