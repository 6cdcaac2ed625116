// `npm run bench`: measures the production build against its lower bound and at scale. A script, not
// a test: these machines are shared and noisy, so it prints medians and ratios from one run, and writes
// them all to artifacts/bench.json.
//
//  1. Lighthouse 12.2.3 (mobile, default simulated throttling) on an article deep link of the app and,
//     interleaved in the same run, on a plain static HTML page of the same article with no JavaScript and
//     its stylesheet inline (the lower bound), and on that page with the stylesheet as a file.
//  2. JavaScript and CSS bytes loaded for an article deep link, raw and as sent gzipped, and the app's
//     script by package: how much of it is beyond the libraries the product is built on.
//  3. Click-to-headline for client-side navigation between articles, with and without prefetch, and for
//     the lower bound: the prerendered pages shown in place by a few lines of script, fetched ahead.
//  4. Scale: build time, output size and bytes fetched for one article view at 10, 1,000, 10,000 articles.
//  6. Search: on archives of varied synthetic text, the bytes a first query downloads, the time from a
//     query to its results with the index loaded and on a cold page over Lighthouse's mobile network, and
//     the time the index adds to a full build.
//  5. Publishing: full builds against the build before the incremental one (the "now" column, built from
//     git commit BASELINE_COMMIT in a worktree), then an unchanged rebuild, one added article and a
//     ranking-only update on the largest archive, and a projection to 1,000,000 articles.
//  7. Safety: what publishing all or nothing costs: one article added to a large archive, built by the
//     build before it (SAFETY_BASELINE_COMMIT, in a worktree) and by this one, in turns, on the same data.
// `--only lighthouse,navigation,scale,publish,search,safety` runs some of them.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { fail, parseCommandLine } from '../src/pipeline/command-line.ts';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { SourceMapConsumer, type RawSourceMap } from 'source-map-js';
import * as v from 'valibot';
import { articleSchema, siteSchema, type Article } from '../src/api/schemas.ts';
import { formatDateline } from '../src/lib/dates.ts';
import { escapeHtml } from '../src/pipeline/page-template.ts';
import { API_DIR, apiFiles, pageAddresses, pageFile, SEARCH_DIR } from '../src/lib/site-layout.ts';
import { acknowledgeDeploy, type ChangeLog, type Changes } from '../src/pipeline/publish.ts';
import { syntheticArticle, syntheticId, writeSyntheticArchive } from '../src/pipeline/synthetic.ts';
import { contentSecurityPolicy } from './content-security-policy.ts';
import { startStaticServer } from './static-server.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, requireChromium } from './chromium.ts';
import { SEED_ID } from '../tests/fixtures/seed.ts';

const values = parseCommandLine(
  'npm run bench',
  `Usage: npm run bench [-- --only lighthouse,navigation,scale,publish,search,safety] [options]

Measures the production build against its lower bound and at scale; prints tables and writes
artifacts/bench.json. Long (the publishing part builds archives of up to 300,000 articles).

  --only <parts>       which parts to run (default all: lighthouse,navigation,scale,publish,search,safety)
  --runs <n>           Lighthouse runs of each page (default 3)
  --navigations <n>    click-to-headline navigations (default 60)
  --scale <sizes>      archive sizes for the scale table (default 10,1000,10000)
  --publish <sizes>    archive sizes for full builds (default 10000,100000); the last is used for publishing
  --projection <sizes> sizes of the full builds the 1,000,000 projection is drawn from (default 10000,100000,300000)
  --search <sizes>     archive sizes (with varied synthetic text) for the search part (default 10000,100000)
  --safety <n>         the archive size for the safety part (default 100000)
  --adds <n>           articles added, one build each, by each build in the safety part (default 5)
  --help               show this help`,
  {
    runs: { type: 'string', default: '3' },
    navigations: { type: 'string', default: '60' },
    scale: { type: 'string', default: '10,1000,10000' },
    only: { type: 'string', default: 'lighthouse,navigation,scale,publish,search' },
    publish: { type: 'string', default: '10000,100000' },
    projection: { type: 'string', default: '10000,100000,300000' },
    search: { type: 'string', default: '10000,100000' },
    safety: { type: 'string', default: '100000' },
    adds: { type: 'string', default: '5' },
  },
) as Record<'runs' | 'navigations' | 'scale' | 'only' | 'publish' | 'projection' | 'search' | 'safety' | 'adds', string>;
const PARTS = ['lighthouse', 'navigation', 'scale', 'publish', 'search', 'safety'];
const ONLY = new Set(values.only.split(','));
for (const part of ONLY) if (!PARTS.includes(part)) fail('npm run bench', `--only takes some of ${PARTS.join(',')}, not "${part}"`);
/** The last commit before the incremental build: the "now" of the publishing table. */
const BASELINE_COMMIT = '2a359fc';
/** The last commit before publishing all or nothing (a stage, a commit record, a list kept until a deploy). */
const SAFETY_BASELINE_COMMIT = 'e2679a4';
const RUNS = Number(values.runs);
const NAVIGATIONS = Number(values.navigations);
const SCALES = values.scale.split(',').map(Number);
const WORK = path.resolve('node_modules/.cache/bench');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const round = (x: number, digits = 0) => Number(x.toFixed(digits));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function build(outDir: string, env: Record<string, string> = {}): number {
  const started = performance.now();
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--out', outDir], {
    env: { ...process.env, ...env },
    stdio: 'pipe',
  });
  return (performance.now() - started) / 1000;
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/**
 * The lower bound: the same article as one plain HTML page with the app's stylesheet inline and no script
 * (stylesheet "inline"); and the same page with the stylesheet as a file of its own ("external").
 */
async function writeStaticPage(appDir: string, dir: string, stylesheet: 'inline' | 'external'): Promise<void> {
  const article: Article = v.parse(articleSchema, JSON.parse(await readFile(path.join(appDir, 'api/articles', `${SEED_ID}.json`), 'utf8')));
  const appPage = await readFile(path.join(appDir, 'articles', SEED_ID, 'index.html'), 'utf8');
  const css = /<style>([\s\S]*?)<\/style>/.exec(appPage)![1];
  await mkdir(path.join(dir, 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'assets', 'style.css'), css);
  const html = `<!doctype html>
<html lang="en-US">
<head>
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(stylesheet === 'inline' ? [css] : []))}">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(article.headline)} | The Japan News</title>
${stylesheet === 'inline' ? `<style>${css}</style>` : '<link rel="stylesheet" href="/assets/style.css">'}
</head>
<body>
<header class="site-header"><div class="site-header-inner"><a class="masthead" href="/">The Japan News</a></div></header>
<main class="site-main"><article class="article">
<p class="section-label"><a href="/sections/politics">Politics</a></p>
<h1 class="headline">${escapeHtml(article.headline)}</h1>
<p class="dateline"><time datetime="${article.publishedAt}">${formatDateline(article.publishedAt!, 'Asia/Tokyo', 'JST')}</time></p>
<div class="article-body">${article.body.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}</div>
</article></main>
</body>
</html>
`;
  await mkdir(path.join(dir, 'articles', SEED_ID), { recursive: true });
  await writeFile(path.join(dir, 'articles', SEED_ID, 'index.html'), html);
  await writeFile(path.join(dir, '404.html'), '<!doctype html><title>Not found</title>');
}

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

/** JavaScript and CSS of an article deep link: raw, and as the server sent them (gzip). */
async function assetBytes(browser: Browser, url: string) {
  const page = await browser.newPage();
  const sizes: Record<'document' | 'script' | 'stylesheet', { raw: number; sent: number }> = {
    document: { raw: 0, sent: 0 },
    script: { raw: 0, sent: 0 },
    stylesheet: { raw: 0, sent: 0 },
  };
  const pending: Promise<void>[] = [];
  page.on('requestfinished', (request) => {
    const type = request.resourceType();
    if (type !== 'document' && type !== 'script' && type !== 'stylesheet') return;
    pending.push(
      (async () => {
        const response = await request.response();
        const body = await response!.body();
        sizes[type].raw += body.length;
        sizes[type].sent += (await request.sizes()).responseBodySize;
      })(),
    );
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await Promise.all(pending);
  await page.close();
  return {
    htmlRaw: sizes.document.raw,
    htmlGzip: sizes.document.sent,
    jsRaw: sizes.script.raw,
    jsGzip: sizes.script.sent,
    cssRaw: sizes.stylesheet.raw,
    cssGzip: sizes.stylesheet.sent,
  };
}

/** How much a page holds up a phone's main thread as it starts: CPU 4× slower, as Lighthouse's mobile run assumes. */
const BLOCKING_CPU_SLOWDOWN = 4;
/** How long after the load the long tasks are counted: the app has started and settled well within it. */
const BLOCKING_WINDOW_MS = 2500;
const BLOCKING_RUNS = 7;

/**
 * The time a page load holds the main thread beyond 50 ms per task (what Total Blocking Time sums), read
 * from the browser's own long-task entries under CPU throttling rather than simulated as Lighthouse does,
 * and with the reader in a given time zone, which Lighthouse's run cannot set (the page starts differently
 * for a reader abroad: src/lib/dates.ts).
 */
async function startBlocking(browser: Browser, url: string, timezoneId: string): Promise<number> {
  const context = await browser.newContext({ timezoneId, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  // As text, as in prefetchedBytes.
  await page.addInitScript({
    content: `window.__longTasks = []; new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });`,
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: BLOCKING_CPU_SLOWDOWN });
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
async function prefetchedBytes(browser: Browser, url: string, connection?: { saveData: boolean; effectiveType: string }) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
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

/** Bytes the browser received for one article view (document, code, styles, data, prefetches). */
async function articleViewBytes(browser: Browser, url: string): Promise<{ bytes: number; requests: number }> {
  const page = await browser.newPage();
  let bytes = 0;
  let requests = 0;
  const pending: Promise<void>[] = [];
  page.on('requestfinished', (request) => {
    requests++;
    pending.push(request.sizes().then((s) => void (bytes += s.responseBodySize + s.responseHeadersSize)));
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await Promise.all(pending);
  await page.close();
  return { bytes, requests };
}

/** The libraries the product is built on (with their own parts: React DOM's scheduler, TanStack Query's core). */
const LIBRARIES = ['react', 'react-dom', 'scheduler', 'react-router', '@tanstack/react-query', '@tanstack/query-core'];

/**
 * The script of every page (the app's entry and what it imports statically; not the lazy routes) by
 * package, gzipped: each package's share of the built code (read through the source maps of a build with
 * them), compressed on its own; and everything beyond LIBRARIES compressed together (our code, Valibot,
 * idb-keyval, the bundler's own helpers). Also each lazy route's script, gzipped whole.
 */
async function javascriptByPackage(): Promise<{
  beyondLibrariesGzip: number;
  packages: Record<string, number>;
  lazyGzip: Record<string, number>;
}> {
  const outDir = path.join(WORK, 'sourcemapped');
  const { build: viteBuild } = await import('vite');
  const output = await viteBuild({ logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: true } });
  const chunks = (Array.isArray(output) ? output : [output])
    .flatMap((o) => ('output' in o ? o.output : []))
    .filter((file) => file.type === 'chunk');
  const entry = chunks.find((chunk) => chunk.isEntry);
  if (!entry) throw new Error(`The app's build in ${outDir} has no entry script`);
  const everyPage = new Set([entry.fileName]);
  for (const name of everyPage)
    for (const imported of chunks.find((chunk) => chunk.fileName === name)?.imports ?? []) everyPage.add(imported);
  const lazyGzip = Object.fromEntries(
    chunks.filter((chunk) => !everyPage.has(chunk.fileName)).map((chunk) => [chunk.name, gzipSync(chunk.code).length]),
  );
  const mappings: { text: string; source: string | null }[] = [];
  for (const name of everyPage) {
    const lines = (await readFile(path.join(outDir, name), 'utf8')).split('\n');
    const map = new SourceMapConsumer(JSON.parse(await readFile(path.join(outDir, `${name}.map`), 'utf8')) as RawSourceMap);
    const inFile: { line: number; column: number; source: string | null }[] = [];
    map.eachMapping(
      (m) => inFile.push({ line: m.generatedLine, column: m.generatedColumn, source: m.source }),
      null,
      SourceMapConsumer.GENERATED_ORDER,
    );
    inFile.forEach((m, position) => {
      const next = inFile[position + 1];
      mappings.push({ text: lines[m.line - 1].slice(m.column, next?.line === m.line ? next.column : undefined), source: m.source });
    });
  }
  const assets = path.join(outDir, 'assets');
  const packageOf = (source: string | null) => {
    if (!source) return '(bundler)';
    // Sources are named relative to the map, which is itself inside node_modules/.cache.
    const file = path.resolve(assets, source);
    const inModules = file.split(`${path.sep}node_modules${path.sep}`).at(-1)!;
    if (inModules === file) return 'app';
    const parts = inModules.split(path.sep);
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  };
  const code = new Map<string, string[]>();
  for (const { text, source } of mappings) {
    const name = packageOf(source);
    let parts = code.get(name);
    if (!parts) code.set(name, (parts = []));
    parts.push(text);
  }
  const packages = Object.fromEntries([...code].map(([name, parts]) => [name, gzipSync(parts.join('')).length]));
  const beyond = [...code].filter(([name]) => !LIBRARIES.includes(name)).flatMap(([, parts]) => parts);
  await rm(outDir, { recursive: true, force: true });
  return { beyondLibrariesGzip: gzipSync(beyond.join('')).length, packages, lazyGzip };
}

/**
 * Click-to-headline: from a freshly loaded section page, click the k-th article link and time from the
 * click to the frame after the new headline is in the page.
 */
const POINTER_DWELL_MS = 100;
/** The section page the navigations start from (of the synthetic archive), and the lower bound's page. */
const NAVIGATION_START = pageAddresses.section('alpha');

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

async function measureApp(results: Record<string, unknown>) {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  if (ONLY.has('lighthouse')) await measureFirstRead(results, browser);
  if (ONLY.has('navigation')) await measureNavigation(results, browser);
  if (ONLY.has('scale')) await measureScale(results, browser);
  await browser.close();
}

/** 1 and 2: the sample archive's article deep link against its lower bound; its bytes; what it prefetches. */
async function measureFirstRead(results: Record<string, unknown>, browser: Browser) {
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

  console.log(`Lighthouse, ${RUNS} runs each, interleaved …`);
  const appRuns: LighthouseRun[] = [];
  const plainRuns: LighthouseRun[] = [];
  const externalRuns: LighthouseRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    appRuns.push(await runLighthouse(appUrl));
    plainRuns.push(await runLighthouse(`${plain.origin}/articles/${SEED_ID}`));
    externalRuns.push(await runLighthouse(`${external.origin}/articles/${SEED_ID}`));
  }
  const lighthouseResults = { app: summarize(appRuns), staticPage: summarize(plainRuns), staticPageExternalCss: summarize(externalRuns) };
  const lcpRatio = round(lighthouseResults.app.lcpMs / lighthouseResults.staticPage.lcpMs, 3);
  const lcpRatioExternalCss = round(lighthouseResults.app.lcpMs / lighthouseResults.staticPageExternalCss.lcpMs, 3);
  results.lighthouse = { ...lighthouseResults, lcpRatio, lcpRatioExternalCss };

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
  results.startBlocking = blocking;

  const assets = await assetBytes(browser, appUrl);
  results.articleDeepLinkAssets = assets;
  const byPackage = await javascriptByPackage();
  results.javascriptByPackage = byPackage;
  const prefetched = {
    normal: await prefetchedBytes(browser, appUrl),
    saveData: await prefetchedBytes(browser, appUrl, { saveData: true, effectiveType: '4g' }),
    twoG: await prefetchedBytes(browser, appUrl, { saveData: false, effectiveType: '2g' }),
  };
  results.prefetchedOnPhone = prefetched;
  await app.close();
  await plain.close();
  await external.close();

  const l = lighthouseResults;
  console.log('\nLighthouse mobile (median of %d)      app        static page, CSS inline (lower bound)   static page, CSS file', RUNS);
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
    `\nMain thread held beyond 50 ms per task as the article starts (CPU ${BLOCKING_CPU_SLOWDOWN}× slower, the browser's long tasks, median of ${BLOCKING_RUNS}):\n` +
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
}

/**
 * The lower bound for a client-side navigation: the built site's section page without the app, with a
 * script that fetches every page it links to once loaded, and on a click shows the page's prerendered
 * content in place (history, title, scroll, focus on the heading, as the app does), with nothing to render.
 */
async function writeNavigationLowerBound(appDir: string, dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await cp(appDir, dir, { recursive: true });
  const page = path.join(dir, pageFile(NAVIGATION_START));
  const html = (await readFile(page, 'utf8'))
    .replace(/<script data-entry="[^"]*">[\s\S]*?<\/script>/, '')
    .replace(/<script type="application\/json" id="app-data">[\s\S]*?<\/script>/, '')
    .replace('</body>', '<script src="/lower-bound.js"></script></body>');
  await writeFile(page, html);
  await writeFile(
    path.join(dir, 'lower-bound.js'),
    `const pages = new Map();
for (const link of document.querySelectorAll('a[href^="/"]')) {
  if (pages.has(link.href)) continue;
  pages.set(link.href, null);
  fetch(link.href).then((response) => response.text()).then((text) => {
    const next = new DOMParser().parseFromString(text, 'text/html');
    pages.set(link.href, { title: next.title, root: next.getElementById('root').innerHTML });
  });
}
document.addEventListener('click', (event) => {
  const link = event.target.closest('a');
  const next = link && pages.get(link.href);
  if (!next) return;
  event.preventDefault();
  history.pushState(null, '', link.href);
  document.title = next.title;
  document.getElementById('root').innerHTML = next.root;
  scrollTo(0, 0);
  const heading = document.querySelector('main h1');
  heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: true });
});
`,
  );
}

/** 3: click-to-headline on a synthetic archive, with and without prefetch, and the lower bound. */
async function measureNavigation(results: Record<string, unknown>, browser: Browser) {
  console.log(`Click-to-headline, ${NAVIGATIONS} navigations each …`);
  const navData = path.join(WORK, 'nav-data');
  await writeSyntheticArchive(navData, 200);
  const navWith = path.join(WORK, 'nav-prefetch');
  const navWithout = path.join(WORK, 'nav-no-prefetch');
  const navLowerBound = path.join(WORK, 'nav-lower-bound');
  build(navWith, { DATA_DIR: navData });
  build(navWithout, { DATA_DIR: navData, VITE_PREFETCH: 'off' });
  await writeNavigationLowerBound(navWith, navLowerBound);
  const sites = [
    { name: 'lowerBound', server: await startStaticServer({ dir: navLowerBound }), times: [] as number[] },
    { name: 'withPrefetch', server: await startStaticServer({ dir: navWith }), times: [] as number[] },
    { name: 'withoutPrefetch', server: await startStaticServer({ dir: navWithout }), times: [] as number[] },
  ];
  // In rounds, the three in turn, so that a slow stretch of this shared machine falls on all three.
  const ROUNDS = 3;
  for (let pass = 0; pass < ROUNDS; pass++) {
    for (const site of sites) site.times.push(...(await clickToHeadline(browser, site.server.origin, Math.ceil(NAVIGATIONS / ROUNDS))));
  }
  const navigation: Record<string, { medianMs: number; p95Ms: number; count: number }> = {};
  for (const { name, server, times } of sites) {
    navigation[name] = { medianMs: round(median(times), 1), p95Ms: round(percentile(times, 95), 1), count: times.length };
    await server.close();
  }
  const ratio = round(navigation.withPrefetch.medianMs / navigation.lowerBound.medianMs, 2);
  results.clickToHeadline = { ...navigation, withPrefetchOverLowerBound: ratio };
  console.log('\nClick-to-headline           median      p95     (n)');
  for (const [name, r] of Object.entries(navigation))
    console.log(`  ${name.padEnd(24)}  ${String(r.medianMs).padEnd(10)}  ${String(r.p95Ms).padEnd(7)} ${r.count}`);
  console.log(`  with prefetch ÷ lower bound, medians: ${ratio} (target ≤ 12 / ≤ 16 ms with prefetch)`);
}

/** 4: build time, output size and one article view's bytes as the archive grows. */
async function measureScale(results: Record<string, unknown>, browser: Browser) {
  const scale: { articles: number; buildSeconds: number; outputMB: number; articleViewBytes: number; articleViewRequests: number }[] = [];
  for (const n of SCALES) {
    console.log(`Scale: ${n} articles …`);
    const data = path.join(WORK, `data-${n}`);
    const out = path.join(WORK, `out-${n}`);
    await writeSyntheticArchive(data, n);
    const seconds = build(out, { DATA_DIR: data });
    const server = await startStaticServer({ dir: out });
    const view = await articleViewBytes(browser, `${server.origin}/articles/${syntheticId(Math.ceil(n / 2))}`);
    await server.close();
    scale.push({
      articles: n,
      buildSeconds: round(seconds, 1),
      outputMB: round((await folderBytes(out)) / 1e6, 1),
      articleViewBytes: view.bytes,
      articleViewRequests: view.requests,
    });
    await rm(out, { recursive: true, force: true });
  }
  results.scale = scale;
  console.log('\nArticles   build (s)   output (MB)   bytes for one article view (requests)');
  for (const s of scale)
    console.log(
      `  ${String(s.articles).padEnd(8)} ${String(s.buildSeconds).padEnd(11)} ${String(s.outputMB).padEnd(13)} ${s.articleViewBytes} (${s.articleViewRequests})`,
    );
}

async function main() {
  await rm(WORK, { recursive: true, force: true });
  await mkdir(WORK, { recursive: true });
  const results: Record<string, unknown> = { date: new Date().toISOString(), machine: `${(await import('node:os')).cpus().length} cores` };
  // Every part but publishing measures in Chromium.
  if ([...ONLY].some((part) => part !== 'publish' && part !== 'safety')) requireChromium('npm run bench');
  if (ONLY.has('lighthouse') || ONLY.has('navigation') || ONLY.has('scale')) await measureApp(results);
  if (ONLY.has('publish')) await measurePublishing(results);
  if (ONLY.has('search')) await measureSearch(results);
  if (ONLY.has('safety')) await measureSafety(results);
  await mkdir('artifacts', { recursive: true });
  await writeFile('artifacts/bench.json', JSON.stringify(results, null, 2) + '\n');
  console.log('\nWrote artifacts/bench.json');
  await rm(WORK, { recursive: true, force: true });
}

// ---- 5. Publishing ----

interface Run {
  seconds: number;
  peakMB: number;
  /** Of the seconds, those the build's summary says went to the search index (0 for a build with none). */
  searchIndexSeconds: number;
  /** And to rendering pages (0 where the summary does not say: the baseline's). */
  renderSeconds: number;
}

/**
 * Runs a build as its own process, timing it and sampling its memory: the resident memory of the build
 * and of every process it starts (Pagefind's indexers, two at once), added up, every 100 ms; the peak is
 * the largest sum. (GNU time's figure is the largest single process's, which leaves out what runs beside it.)
 */
async function timedBuild(cwd: string, outDir: string, env: Record<string, string>, args: string[] = []): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--out', outDir, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  // Only the end of it is kept: a long build's progress lines are many.
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  let peakBytes = 0;
  const sampler = setInterval(() => {
    const bytes = processTreeRss(child.pid!);
    if (bytes > peakBytes) peakBytes = bytes;
  }, 100);
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  if (status !== 0) throw new Error(`build in ${cwd} failed:\n${stderr.slice(-2000)}`);
  const indexing = /search index: .*? in ([0-9.]+) s;/.exec(stdout);
  const rendering = /pages \d+ rendered in ([0-9.]+) s/.exec(stdout);
  return {
    seconds: round(seconds, 1),
    peakMB: Math.round(peakBytes / 2 ** 20),
    searchIndexSeconds: indexing ? Number(indexing[1]) : 0,
    renderSeconds: rendering ? Number(rendering[1]) : 0,
  };
}

/** The resident memory of a process and all its descendants, in bytes, from /proc (Linux). */
function processTreeRss(root: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The fields after the command's name, which is in parentheses and may hold spaces.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(name);
      const parent = Number(fields[1]);
      if (children.has(parent)) children.get(parent)!.push(pid);
      else children.set(parent, [pid]);
      rss.set(pid, Number(fields[21]) * PAGE_BYTES);
    } catch {
      // The process ended while being read.
    }
  }
  let total = 0;
  for (const queue = [root]; queue.length > 0;) {
    const pid = queue.pop()!;
    total += rss.get(pid) ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}
const PAGE_BYTES = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim());

async function countFiles(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.parentPath.includes(`${path.sep}.build`)) continue;
    files++;
    bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}

/** Whether a file a build wrote (a path inside its output) is part of the search index. */
const isSearchIndexFile = (file: string) => file.startsWith(`${SEARCH_DIR}/`);

/** The page a file of the search index is the record of, if it is one (Pagefind's fragment: gzipped, a signature, then JSON). */
async function searchFragmentAddress(file: string): Promise<string | undefined> {
  if (!file.endsWith('.pf_fragment')) return undefined;
  const text = gunzipSync(await readFile(file)).toString('utf8');
  const record: unknown = JSON.parse(text.slice(text.indexOf('{')));
  return typeof record === 'object' && record !== null && 'url' in record && typeof record.url === 'string' ? record.url : undefined;
}

/** What the last build into outDir wrote and removed (its own entry in the list of changes; acknowledged as a deploy would). */
async function changesOf(outDir: string): Promise<{ written: string[]; removed: string[] }> {
  const changes = JSON.parse(await readFile(path.join(outDir, '.build/changes.json'), 'utf8')) as Changes;
  const log = JSON.parse(await readFile(path.join(outDir, '.build/change-log.json'), 'utf8')) as ChangeLog;
  await acknowledgeDeploy(outDir, changes.build);
  return log.pending.find((entry) => entry.build === changes.build) ?? { written: [], removed: [] };
}

/** Least squares line through (x, y): the projection to a larger archive. */
function fitLine(points: [number, number][]) {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const slope = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return (x: number) => my + slope * (x - mx);
}

async function measurePublishing(results: Record<string, unknown>) {
  const sizes = values.publish.split(',').map(Number);
  const projectionSizes = values.projection.split(',').map(Number);
  const baselineDir = path.join(WORK, 'baseline');
  console.log(`Publishing: the baseline is commit ${BASELINE_COMMIT}, in a worktree …`);
  execFileSync('git', ['worktree', 'add', '--force', '--detach', baselineDir, BASELINE_COMMIT], { stdio: 'pipe' });
  await symlink(path.resolve('node_modules'), path.join(baselineDir, 'node_modules'));
  try {
    // The app is built once per version of its sources; build it now so that the builds below measure publishing.
    const warm = Math.max(0, (await timedBuild('.', path.join(WORK, 'warm'), {}, ['--full'])).seconds);
    const rows: { articles: number; before: Run; after: Run; files: number; bytes: number; copySeconds: number }[] = [];
    for (const n of sizes) {
      console.log(`  full builds, ${n} articles …`);
      const oldData = path.join(WORK, `old-data-${n}`);
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/synthetic.ts', '--articles', String(n), '--out', oldData], {
        cwd: baselineDir,
        stdio: 'pipe',
      });
      const before = await timedBuild(baselineDir, path.join(WORK, `old-out-${n}`), { DATA_DIR: oldData });
      await rm(oldData, { recursive: true, force: true });
      await rm(path.join(WORK, `old-out-${n}`), { recursive: true, force: true });
      const data = path.join(WORK, `data-${n}`);
      // Text like a newspaper's, as in the search part: the index's cost depends on the words.
      await writeSyntheticArchive(data, n, { varied: true });
      const after = await timedBuild('.', path.join(WORK, `out-${n}`), { DATA_DIR: data });
      // A floor for any build of this site on this disk: only writing its files (and reading them, from
      // the page cache), with coreutils' cp.
      const copyStarted = performance.now();
      execFileSync('cp', ['-r', path.join(WORK, `out-${n}`), path.join(WORK, `copy-${n}`)]);
      const copySeconds = round((performance.now() - copyStarted) / 1000, 1);
      await rm(path.join(WORK, `copy-${n}`), { recursive: true, force: true });
      rows.push({ articles: n, before, after, copySeconds, ...(await countFiles(path.join(WORK, `out-${n}`))) });
      if (n !== sizes.at(-1)) await rm(path.join(WORK, `out-${n}`), { recursive: true, force: true });
    }

    // Publishing on the largest archive.
    const n = sizes.at(-1)!;
    const data = path.join(WORK, `data-${n}`);
    const out = path.join(WORK, `out-${n}`);
    console.log(`  publishing on ${n} articles …`);
    const unchanged = await timedBuild('.', out, { DATA_DIR: data });
    const unchangedWritten = (await changesOf(out)).written.length;

    const newId = 'synthetic-added-by-bench';
    const newest = new Date(Date.parse('2020-01-01T00:00:00+09:00') + (n + 2) * 3_600_000).toISOString();
    await writeFile(path.join(data, 'articles', `${newId}.json`), JSON.stringify(syntheticArticle(newId, 'alpha', newest)));
    const added = await timedBuild('.', out, { DATA_DIR: data });
    const addedChanges = await changesOf(out);
    // Its own: its page, its API file, and its search record (the one fragment of the index that holds it alone).
    const ownFiles = [`api/articles/${newId}.json`, `articles/${newId}/index.html`];
    for (const file of addedChanges.written)
      if (isSearchIndexFile(file) && (await searchFragmentAddress(path.join(out, file))) === pageAddresses.article(newId))
        ownFiles.push(file);
    const addedOthers = addedChanges.written.filter((file) => !ownFiles.includes(file));
    const addedSearch = addedOthers.filter(isSearchIndexFile).length;

    const ranking = JSON.parse(await readFile(path.join(data, 'ranking.json'), 'utf8'));
    ranking.articles = [...ranking.articles].reverse();
    ranking.computedAt = new Date(Date.parse(ranking.computedAt) + 3_600_000).toISOString();
    await writeFile(path.join(data, 'ranking.json'), JSON.stringify(ranking));
    const rankingOnly = await timedBuild('.', out, { DATA_DIR: data });
    const rankingChanges = await changesOf(out);
    await rm(out, { recursive: true, force: true });
    for (const size of sizes) await rm(path.join(WORK, `data-${size}`), { recursive: true, force: true });

    // The projection: full builds at three sizes, a straight line through them.
    const points: { articles: number; run: Run; files: number; bytes: number }[] = [];
    for (const size of projectionSizes) {
      const measured = rows.find((row) => row.articles === size);
      if (measured) {
        points.push({ articles: size, run: measured.after, files: measured.files, bytes: measured.bytes });
        continue;
      }
      console.log(`  projection point, ${size} articles …`);
      const pointData = path.join(WORK, `projection-data-${size}`);
      const pointOut = path.join(WORK, `projection-out-${size}`);
      await writeSyntheticArchive(pointData, size, { varied: true });
      const run = await timedBuild('.', pointOut, { DATA_DIR: pointData });
      points.push({ articles: size, run, ...(await countFiles(pointOut)) });
      await rm(pointData, { recursive: true, force: true });
      await rm(pointOut, { recursive: true, force: true });
    }
    const project = (pick: (p: (typeof points)[number]) => number) => fitLine(points.map((p) => [p.articles, pick(p)]))(1_000_000);
    const projection = {
      articles: 1_000_000,
      seconds: round(project((p) => p.run.seconds)),
      peakMB: round(project((p) => p.run.peakMB)),
      files: round(project((p) => p.files)),
      gigabytes: round(project((p) => p.bytes) / 1e9, 1),
      from: points.map((p) => ({ articles: p.articles, seconds: p.run.seconds, peakMB: p.run.peakMB, files: p.files, bytes: p.bytes })),
    };

    results.publishing = {
      baselineCommit: BASELINE_COMMIT,
      appBuildSeconds: warm,
      fullBuilds: rows,
      unchanged: { ...unchanged, written: unchangedWritten },
      addOne: { ...added, written: addedChanges.written.length, own: ownFiles, besidesOwn: addedOthers, searchIndexFiles: addedSearch },
      rankingOnly: { ...rankingOnly, written: rankingChanges.written },
      projection,
    };

    const time = (r: Run) => {
      const parts = [
        ...(r.searchIndexSeconds > 0 ? [`search index ${r.searchIndexSeconds} s`] : []),
        ...(r.renderSeconds > 0 ? [`rendering ${r.renderSeconds} s`] : []),
      ];
      return `${r.seconds} s${parts.length > 0 ? ` (${parts.join(', ')} of it)` : ''}, ${r.peakMB} MB peak`;
    };
    console.log(`\nPublishing (synthetic archives, this machine; "now" is commit ${BASELINE_COMMIT}, built the same way)`);
    console.log('| measure | now | this build | target |');
    console.log('| --- | --- | --- | --- |');
    const targets: Record<number, string> = { 10000: '≤ 12 s, ≤ 500 MB', 100000: '≤ 120 s, ≤ 1 GB' };
    for (const row of rows)
      console.log(
        `| full build, ${row.articles.toLocaleString('en-US')} articles | ${time(row.before)} | ${time(row.after)} | ${targets[row.articles] ?? ''} |`,
      );
    console.log(
      `| add one article to the ${n.toLocaleString('en-US')} archive, build | a full build | ${time(added)}; ${addedOthers.length} files rewritten besides its own ${ownFiles.length} (page, API file${ownFiles.length > 2 ? ', search record' : ''}): ${addedOthers.length - addedSearch} pages and API files, ${addedSearch} search index files | ≤ 5 s, ≤ 10 files |`,
    );
    console.log(
      `| ranking-only update on the ${n.toLocaleString('en-US')} archive, build | a full build | ${time(rankingOnly)}; ${rankingChanges.written.filter((f) => f.endsWith('.html')).length} HTML files rewritten (${rankingChanges.written.join(', ')}) | ≤ 3 s, 0 HTML |`,
    );
    console.log(
      `| rebuild with nothing changed | every file rewritten | ${time(unchanged)}; ${unchangedWritten} files rewritten | 0 files |`,
    );
    console.log(
      `| 1,000,000 articles (projected from ${projectionSizes.join(', ')}) | — | ${projection.seconds} s, ${projection.peakMB} MB peak, ${projection.files.toLocaleString('en-US')} files, ${projection.gigabytes} GB | — |`,
    );
    console.log(`(The app itself is built once per version of its sources: ${warm} s for the sample archive including that build.)`);
    console.log(
      `Writing alone, the floor of any full build on this disk (cp -r of the output): ${rows.map((row) => `${row.copySeconds} s for ${row.files.toLocaleString('en-US')} files at ${row.articles.toLocaleString('en-US')} articles`).join('; ')}`,
    );
    console.log(
      `Files written besides its own when one article was added: ${addedOthers.filter((file) => !isSearchIndexFile(file)).join(', ')}; and ${addedSearch} of the search index`,
    );
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', baselineDir], { stdio: 'pipe' });
  }
}

// ---- 7. Safety ----

async function measureSafety(results: Record<string, unknown>) {
  const n = Number(values.safety);
  const adds = Number(values.adds);
  const baselineDir = path.join(WORK, 'safety-baseline');
  console.log(`Safety: ${n} articles, the build before it is commit ${SAFETY_BASELINE_COMMIT}, in a worktree …`);
  execFileSync('git', ['worktree', 'add', '--force', '--detach', baselineDir, SAFETY_BASELINE_COMMIT], { stdio: 'pipe' });
  await symlink(path.resolve('node_modules'), path.join(baselineDir, 'node_modules'));
  try {
    const data = path.join(WORK, `safety-data-${n}`);
    await writeSyntheticArchive(data, n, { varied: true });
    const outs = { before: path.join(WORK, 'safety-before'), after: path.join(WORK, 'safety-after') };
    const cwds = { before: baselineDir, after: '.' };
    for (const which of ['before', 'after'] as const) {
      console.log(`  full build (${which}) …`);
      await timedBuild(cwds[which], outs[which], { DATA_DIR: data });
    }
    // As a deploy would after the full build: the list starts again.
    await changesOf(outs.after);
    const runs: Record<'before' | 'after', Run[]> = { before: [], after: [] };
    const acknowledging: number[] = [];
    for (let k = 0; k < adds; k++) {
      const id = `synthetic-safety-${k}`;
      const publishedAt = new Date(Date.parse('2020-01-01T00:00:00+09:00') + (n + 2 + k) * 3_600_000).toISOString();
      await writeFile(path.join(data, 'articles', `${id}.json`), JSON.stringify(syntheticArticle(id, 'alpha', publishedAt)));
      // In turns, each first every other time: the machine's drift falls on both.
      const order = k % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const);
      for (const which of order) runs[which].push(await timedBuild(cwds[which], outs[which], { DATA_DIR: data }));
      const started = performance.now();
      await changesOf(outs.after);
      acknowledging.push((performance.now() - started) / 1000);
    }
    const before = median(runs.before.map((run) => run.seconds));
    const after = median(runs.after.map((run) => run.seconds));
    results.safety = {
      articles: n,
      baselineCommit: SAFETY_BASELINE_COMMIT,
      addOneSeconds: { before: runs.before.map((run) => run.seconds), after: runs.after.map((run) => run.seconds) },
      medians: { before, after, ratio: round(after / before, 3) },
      acknowledgeSeconds: round(median(acknowledging), 3),
    };
    console.log(
      `\nSafety: one article added to ${n.toLocaleString('en-US')}, one build each, ${adds} times in turns (seconds, whole command)`,
    );
    console.log(`| build | each | median |`);
    console.log(`| --- | --- | --- |`);
    console.log(`| before (${SAFETY_BASELINE_COMMIT}) | ${runs.before.map((run) => run.seconds).join(', ')} | ${before} |`);
    console.log(`| all or nothing (this build) | ${runs.after.map((run) => run.seconds).join(', ')} | ${after} |`);
    console.log(`Ratio of medians: ${round(after / before, 3)}; acknowledging a deploy: ${round(median(acknowledging), 3)} s (median).`);
    for (const dir of [...Object.values(outs), data]) await rm(dir, { recursive: true, force: true });
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', baselineDir], { stdio: 'pipe' });
  }
}

// ---- 6. Search ----

/** Waits for the search page to answer the query it shows, and returns the status line. */
async function searchAnswered(page: Page, term: string): Promise<string> {
  const status = page.locator('.search-status');
  await page.waitForFunction(
    (term) =>
      /result/.test(document.querySelector('.search-status')?.textContent ?? '') &&
      document.querySelector('.search-status')!.textContent!.includes(term),
    term,
    { timeout: 60_000 },
  );
  return (await status.textContent()) ?? '';
}

async function measureSearch(results: Record<string, unknown>) {
  const sizes = values.search.split(',').map(Number);
  const rows: Record<string, unknown>[] = [];
  for (const n of sizes) {
    console.log(`Search: ${n} articles of varied synthetic text …`);
    const data = path.join(WORK, `search-data-${n}`);
    const out = path.join(WORK, `search-out-${n}`);
    await writeSyntheticArchive(data, n, { varied: true });
    const { seconds: buildSeconds, searchIndexSeconds: indexSeconds } = await timedBuild('.', out, { DATA_DIR: data });
    // Query words: the first word of the text of articles across the archive, each found somewhere.
    const terms: string[] = [];
    for (let k = 1; terms.length < 21; k++) {
      const article = JSON.parse(await readFile(path.join(data, 'articles', `${syntheticId(Math.ceil((k * n) / 23))}.json`), 'utf8'));
      const word = article.body[0].split(' ')[2 + (k % 5)].replace(/[^a-z]/g, '');
      if (word && !terms.includes(word)) terms.push(word);
    }
    // Publishing one article, the newest: the newest year's recent bundle is made again.
    const addArticle = async (id: string, publishedAt: string) => {
      await writeFile(path.join(data, 'articles', `${id}.json`), JSON.stringify(syntheticArticle(id, 'alpha', publishedAt)));
      const run = await timedBuild('.', out, { DATA_DIR: data });
      const written = (await changesOf(out)).written;
      return { ...run, written: written.length, searchFiles: written.filter(isSearchIndexFile).length };
    };
    const newest = new Date(Date.parse('2020-01-01T00:00:00+09:00') + (n + 2) * 3_600_000);
    const addOne = await addArticle('synthetic-added-by-bench', newest.toISOString());
    // One dated at the start of that year: the whole year is indexed again, as every publish was before
    // the recent bundle (the same archive, the same run).
    const newestYear = new Date(newest.getTime() + 9 * 3_600_000).getUTCFullYear();
    const backdated = await addArticle('synthetic-backdated-by-bench', `${newestYear}-01-01T00:30:00+09:00`);
    const server = await startStaticServer({ dir: out });
    // A browser of its own for each archive: one started before a long build may not be there after it.
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
    try {
      // Bytes for a first query, on the search page already open: Pagefind's code and the index parts;
      // for the newest years (as a search starts) and for every year (as the reader may ask).
      const firstQueryBytes = async (term: string, years: 'recent' | 'all') => {
        const page = await browser.newPage();
        await page.goto(`${server.origin}/search`, { waitUntil: 'networkidle' });
        const sizes: Promise<{ url: string; bytes: number }>[] = [];
        const measure = (request: Request) =>
          sizes.push(
            request
              .sizes()
              .then((s) => ({ url: request.url(), bytes: s.responseBodySize + s.responseHeadersSize }))
              // A request that finishes as the page closes has no sizes to give: it was not part of the query.
              .catch(() => ({ url: request.url(), bytes: 0 })),
          );
        page.on('requestfinished', measure);
        if (years === 'all') await page.getByLabel('Years', { exact: true }).selectOption('all');
        await page.locator('.search-form input[name=q]').fill(term);
        await page.locator('.search-form input[name=q]').press('Enter');
        await searchAnswered(page, term);
        await page.waitForLoadState('networkidle');
        page.off('requestfinished', measure);
        // Playwright gives no body size for a worker's script (Pagefind's); the page's resource timing does.
        const timing = new Map(
          await page.evaluate(() =>
            performance
              .getEntriesByType('resource')
              .map((entry) => [entry.name, (entry as PerformanceResourceTiming).encodedBodySize] as const),
          ),
        );
        // The query's bytes are the search engine's (its code and the index's parts, all under pagefind/);
        // the rest is what the page does meanwhile (the browser's icon, articles of the results read ahead).
        const bytes = { query: 0, other: 0 };
        for (const { url, bytes: sent } of await Promise.all(sizes))
          bytes[url.startsWith(`${server.origin}/${SEARCH_DIR}/`) ? 'query' : 'other'] += sent > 0 ? sent : (timing.get(url) ?? 0);
        await page.close();
        return bytes;
      };
      const firstBytes: number[] = [];
      const firstBytesAllYears: number[] = [];
      const otherBytes: number[] = [];
      for (const term of terms.slice(0, 5)) {
        const recent = await firstQueryBytes(term, 'recent');
        firstBytes.push(recent.query);
        otherBytes.push(recent.other);
        firstBytesAllYears.push((await firstQueryBytes(term, 'all')).query);
      }
      // Query to results with the index loaded: from the submit to the frame after the status says so.
      const warmTimes = async (years: 'recent' | 'all') => {
        const page = await browser.newPage();
        await page.goto(`${server.origin}/search?q=${terms[0]}${years === 'all' ? '&years=all' : ''}`);
        await searchAnswered(page, terms[0]);
        const warm: number[] = [];
        for (const term of terms.slice(1)) {
          const ms = await page.evaluate(
            (term) =>
              new Promise<number>((resolve) => {
                const input = document.querySelector<HTMLInputElement>('.search-form input[name=q]')!;
                const status = document.querySelector('.search-status')!;
                const begin = performance.now();
                new MutationObserver((_, observer) => {
                  if (!/result/.test(status.textContent ?? '') || !status.textContent!.includes(term)) return;
                  observer.disconnect();
                  requestAnimationFrame(() => resolve(performance.now() - begin));
                }).observe(status, { childList: true, subtree: true, characterData: true });
                input.value = term;
                input.form!.requestSubmit();
              }),
            term,
          );
          warm.push(ms);
        }
        await page.close();
        return warm;
      };
      const warm = await warmTimes('recent');
      const warmAllYears = await warmTimes('all');
      // A cold page on Lighthouse's mobile network and CPU (150 ms, 1.6 Mbit/s, 4× slower CPU): from
      // the start of navigation to the results on screen.
      const cold: number[] = [];
      for (const term of terms.slice(5, 8)) {
        const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
        const coldPage = await context.newPage();
        const cdp = await context.newCDPSession(coldPage);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: 150,
          downloadThroughput: (1638.4 * 1024) / 8,
          uploadThroughput: (750 * 1024) / 8,
        });
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
        await coldPage.goto(`${server.origin}/search?q=${term}`);
        await searchAnswered(coldPage, term);
        cold.push(await coldPage.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())))));
        await context.close();
      }
      rows.push({
        articles: n,
        buildSeconds,
        indexSeconds,
        firstQueryKB: round(median(firstBytes) / 1024, 1),
        firstQueryAllYearsKB: round(median(firstBytesAllYears) / 1024, 1),
        otherDuringFirstQueryKB: round(median(otherBytes) / 1024, 1),
        warmMs: round(median(warm), 1),
        warmP90Ms: round(percentile(warm, 90), 1),
        warmAllYearsMs: round(median(warmAllYears), 1),
        coldMs: round(median(cold)),
        addOne,
        backdated,
      });
      console.log(`  ${JSON.stringify(rows.at(-1))}`);
    } finally {
      await browser.close();
      await server.close();
      await rm(data, { recursive: true, force: true });
      await rm(out, { recursive: true, force: true });
    }
  }
  results.search = rows;
  const targets: Record<number, string> = { 10000: '≤ 150 KB', 100000: '≤ 250 KB' };
  console.log('\nSearch (varied synthetic text; medians of one run)');
  console.log(
    "| articles | bytes for a first query: search code and index (newest years; every year; the page's other requests meanwhile) | query to results, index loaded (p90; every year) | first results, cold page, mobile network | index time in a full build (whole build) | publish the newest article, build | publish one dated at the start of its year (re-indexes the year) |",
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows as {
    articles: number;
    firstQueryKB: number;
    firstQueryAllYearsKB: number;
    otherDuringFirstQueryKB: number;
    warmMs: number;
    warmP90Ms: number;
    warmAllYearsMs: number;
    coldMs: number;
    indexSeconds: number;
    buildSeconds: number;
    addOne: Run & { written: number; searchFiles: number };
    backdated: Run & { written: number; searchFiles: number };
  }[])
    console.log(
      `| ${row.articles.toLocaleString('en-US')} | ${row.firstQueryKB} KB (target ${targets[row.articles] ?? '—'}); ${row.firstQueryAllYearsKB} KB; ${row.otherDuringFirstQueryKB} KB | ${row.warmMs} ms (${row.warmP90Ms} ms; target ≤ 50 ms; ${row.warmAllYearsMs} ms) | ${row.coldMs} ms (target ≤ 1500 ms) | ${row.indexSeconds} s (${row.buildSeconds} s; target ≤ 20 s at 10,000) | ${row.addOne.seconds} s, ${row.addOne.peakMB} MB peak; ${row.addOne.written} files, ${row.addOne.searchFiles} of them search index | ${row.backdated.seconds} s, ${row.backdated.peakMB} MB peak; ${row.backdated.written} files, ${row.backdated.searchFiles} of them search index |`,
    );
}

await main();
