// Part "search": on archives of varied synthetic text, the bytes a first query downloads, the time from
// a query to its results with the index loaded and on a cold page over Lighthouse's mobile network, the
// time the index adds to a full build, and what publishing one article re-indexes.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Page, Request } from 'playwright-core';
import { SEARCH_DIR } from '../../src/lib/site-layout.ts';
import { syntheticHour, syntheticId, writeSyntheticArchive, writeSyntheticArticle } from '../../src/pipeline/synthetic.ts';
import { startStaticServer } from '../static-server.ts';
import { launchChromium, phonePage, slowCpu } from './browser.ts';
import { timedBuild, WORK, type Run } from './build.ts';
import { median, percentile, round } from './numbers.ts';
import { changesOf, isSearchIndexFile } from './output.ts';

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

/** What publishing one article cost, and the files it wrote. */
type Publish = Run & { written: number; searchFiles: number };

interface SearchRow {
  articles: number;
  buildSeconds: number;
  indexSeconds: number;
  firstQueryKB: number;
  firstQueryAllYearsKB: number;
  otherDuringFirstQueryKB: number;
  warmMs: number;
  warmP90Ms: number;
  warmAllYearsMs: number;
  coldMs: number;
  addOne: Publish;
  backdated: Publish;
}

/** The search table, an archive of each of `sizes` articles. */
export async function measureSearch(sizes: number[]): Promise<Record<string, unknown>> {
  const rows: SearchRow[] = [];
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
    const addArticle = async (id: string, publishedAt: string): Promise<Publish> => {
      await writeSyntheticArticle(data, id, publishedAt);
      const run = await timedBuild('.', out, { DATA_DIR: data });
      const written = (await changesOf(out)).written;
      return { ...run, written: written.length, searchFiles: written.filter(isSearchIndexFile).length };
    };
    const newest = syntheticHour(n + 2);
    const addOne = await addArticle('synthetic-added-by-bench', newest.toISOString());
    // One dated at the start of that year: the whole year is indexed again, as every publish was before
    // the recent bundle (the same archive, the same run).
    const newestYear = new Date(newest.getTime() + 9 * 3_600_000).getUTCFullYear();
    const backdated = await addArticle('synthetic-backdated-by-bench', `${newestYear}-01-01T00:30:00+09:00`);
    const server = await startStaticServer({ dir: out });
    // A browser of its own for each archive: one started before a long build may not be there after it.
    const browser = await launchChromium();
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
      // A cold page on Lighthouse's mobile network and CPU (150 ms, 1.6 Mbit/s, a phone's CPU): from the
      // start of navigation to the results on screen.
      const cold: number[] = [];
      for (const term of terms.slice(5, 8)) {
        const { context, page: coldPage } = await phonePage(browser);
        const cdp = await slowCpu(context, coldPage);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: 150,
          downloadThroughput: (1638.4 * 1024) / 8,
          uploadThroughput: (750 * 1024) / 8,
        });
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
  const targets: Record<number, string> = { 10000: '≤ 150 KB', 100000: '≤ 250 KB' };
  console.log('\nSearch (varied synthetic text; medians of one run)');
  console.log(
    "| articles | bytes for a first query: search code and index (newest years; every year; the page's other requests meanwhile) | query to results, index loaded (p90; every year) | first results, cold page, mobile network | index time in a full build (whole build) | publish the newest article, build | publish one dated at the start of its year (re-indexes the year) |",
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows)
    console.log(
      `| ${row.articles.toLocaleString('en-US')} | ${row.firstQueryKB} KB (target ${targets[row.articles] ?? '—'}); ${row.firstQueryAllYearsKB} KB; ${row.otherDuringFirstQueryKB} KB | ${row.warmMs} ms (${row.warmP90Ms} ms; target ≤ 50 ms; ${row.warmAllYearsMs} ms) | ${row.coldMs} ms (target ≤ 1500 ms) | ${row.indexSeconds} s (${row.buildSeconds} s; target ≤ 20 s at 10,000) | ${row.addOne.seconds} s, ${row.addOne.peakMB} MB peak; ${row.addOne.written} files, ${row.addOne.searchFiles} of them search index | ${row.backdated.seconds} s, ${row.backdated.peakMB} MB peak; ${row.backdated.written} files, ${row.backdated.searchFiles} of them search index |`,
    );
  return { search: rows };
}
