// Search: the header's box, the search page and its results, filters, order, history, keyboard, axe, a
// page without JavaScript (the journey in every engine is in every-browser.test.ts); and Japanese words in a Japanese archive, built here.
import AxeBuilder from '@axe-core/playwright';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../scripts/static-server.ts';
import { buildSite } from '../../src/pipeline/site-build.ts';
import { seed } from '../fixtures/seed';
import { ARTICLE_PAGE_SCRIPTS, HEADLINE_ONLY_ID, launchBrowser, openPage, origin, requestsSeen, SEED_ID, settled } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const status = (page: Page) => page.locator('.search-status');
/** Waits until the search has answered (its status is no longer "Searching…" or empty). */
async function answered(page: Page) {
  await expect.poll(async () => (await status(page).textContent()) ?? '', { timeout: 15_000 }).toMatch(/result|No results|not available/);
}
const resultHeadlines = (page: Page) => page.locator('.search-result h2').allInnerTexts();

describe('search', () => {
  it('starts loading the search engine when the reader focuses the box, so the search they type finds it ready; not under Save-Data', async () => {
    const { page, problems, close } = await openPage(browser, 'desktop');
    const engine: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/pagefind/') || url.pathname === '/api/search.json') engine.push(url.pathname);
    });
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    expect(engine).toEqual([]);
    const box = page.getByRole('searchbox', { name: 'Search the archive' });
    await box.focus();
    // The list of indexes, Pagefind's script and WebAssembly, and the newest year's metadata, before any
    // search; not the older entries' (the sample's undated ones), which a search loads only if it needs them.
    const { bundles } = (await (await page.request.get(`${origin()}/api/search.json`)).json()) as { bundles: string[] };
    expect(bundles).toEqual(['2023-recent', 'undated']);
    await expect
      .poll(() => engine)
      .toEqual(
        expect.arrayContaining([
          '/api/search.json',
          '/pagefind/2023-recent/pagefind.js',
          expect.stringMatching(/^\/pagefind\/2023-recent\/pagefind\.[a-z]+_[0-9a-f]+\.pf_meta$/),
        ]),
      );
    expect(engine.some((file) => file.endsWith('.pf_fragment'))).toBe(false);
    expect(engine.some((file) => file.startsWith('/pagefind/undated/'))).toBe(false);
    await box.fill('security');
    await page.keyboard.press('Enter');
    await answered(page);
    expect(await status(page).textContent()).toBe('1 result for “security”.');
    expect(problems).toEqual([]);
    await close();

    const saving = await openPage(browser, 'desktop');
    await saving.page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'connection', { get: () => ({ saveData: true }) }));
    const asked: string[] = [];
    saving.page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/pagefind/') || pathname.startsWith('/assets/search-page-')) asked.push(request.url());
    });
    await saving.page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(saving.page);
    await saving.page.getByRole('searchbox', { name: 'Search the archive' }).focus();
    await requestsSeen(saving.page);
    expect(asked).toEqual([]);
    await saving.close();
  });

  it("is not part of an article page's script: its code is loaded when the reader goes to search, or with the search page", async () => {
    const { page, problems, close } = await openPage(browser, 'desktop');
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    expect(scripts.sort()).toEqual(ARTICLE_PAGE_SCRIPTS);
    // Another page's code is fetched when the reader points at a link to it.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link').first().hover();
    await expect.poll(() => scripts).toContainEqual(expect.stringMatching(/^\/assets\/section-page-[\w-]+\.js$/));
    expect(scripts.some((script) => script.includes('search-page'))).toBe(false);
    await page.getByRole('searchbox', { name: 'Search the archive' }).fill('security');
    await page.keyboard.press('Enter');
    await answered(page);
    expect(await status(page).textContent()).toBe('1 result for “security”.');
    const searchScript = scripts.find((script) => /^\/assets\/search-page-[\w-]+\.js$/.test(script));
    expect(searchScript).toBeDefined();

    // Opened from a link, the search page asks for its script with the page, not after the app's; and
    // for what that script asks for first: the list of indexes, and the newest one's Pagefind script.
    const { bundles } = (await (await fetch(`${origin()}/api/search.json`)).json()) as { bundles: string[] };
    const pagefindScript = `/pagefind/${bundles[0]}/pagefind.js`;
    const asked: string[] = [];
    page.on('request', (request) => asked.push(new URL(request.url()).pathname));
    scripts.length = 0;
    await page.goto(`${origin()}/search?q=security`);
    await answered(page);
    const preloaded = (rel: string) =>
      page.locator(`link[rel="${rel}"]`).evaluateAll((links) => links.map((link) => new URL((link as HTMLLinkElement).href).pathname));
    // The page's own preloads come first; the starter adds those of the app's imports (public/boot.js) after the load event.
    expect((await preloaded('modulepreload')).slice(0, 2)).toEqual([searchScript, pagefindScript]);
    expect((await preloaded('modulepreload')).slice(2)).toEqual([
      expect.stringMatching(/^\/assets\/rolldown-runtime-[\w-]+\.js$/),
      expect.stringMatching(/^\/assets\/libraries-[\w-]+\.js$/),
    ]);
    expect(await preloaded('preload')).toEqual(['/api/search.json']);
    // Each asked for once: the preloads are what the code uses.
    for (const file of [searchScript, pagefindScript, '/api/search.json']) expect(asked.filter((each) => each === file)).toHaveLength(1);
    expect(problems).toEqual([]);
    await close();
  });

  it('finds an article from the header box, shows its section, date and highlighted words, and opens it', async () => {
    const { page, problems, close } = await openPage(browser, 'desktop');
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    await page.getByRole('searchbox', { name: 'Search the archive' }).fill('security');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=security$/);
    await answered(page);
    expect(await status(page).textContent()).toBe('1 result for “security”.');
    expect(await page.locator('.search-result').count()).toBe(1);
    const result = page.locator('.search-result').first();
    // The reader came from that article: it is marked as read, in words for screen readers.
    expect(await result.getByRole('link', { name: `${seed.headline} (read)`, exact: true }).count()).toBe(1);
    expect(await result.locator('.section-item-meta').innerText()).toContain('Politics');
    expect(await result.locator('time').innerText()).toBe('January 9, 2023');
    expect(await result.locator('mark').allInnerTexts()).toContain('security');
    // The excerpt begins in the headline; it is a sentence of its own, not run into the first paragraph.
    const headlineEnd = seed.headline.split(' ').slice(-2).join(' ');
    const bodyStart = seed.paragraphs[0].split(' ').slice(0, 4).join(' ');
    const excerpt = await result.locator('.search-excerpt').innerText();
    expect(excerpt).toContain(`${headlineEnd}. ${bodyStart}`);
    // A few words from inside the article, cut at both ends, and it says so.
    expect(excerpt).toMatch(/^… \S.*\S …$/);
    await result.getByRole('link', { name: seed.headline }).click();
    await page.waitForURL(new RegExp(`/articles/${SEED_ID}$`));
    expect(await page.locator('h1').innerText()).toBe(seed.headline);
    expect(problems).toEqual([]);
    await close();
  });

  it('finds words together, filters by section, and says when nothing is found', async () => {
    const { page, problems, close } = await openPage(browser, 'desktop');
    await page.goto(`${origin()}/search?q=${encodeURIComponent('joint paper')}`);
    await answered(page);
    expect(await resultHeadlines(page)).toContain(seed.headline);

    await page.goto(`${origin()}/search?q=japan`);
    await answered(page);
    const all = await resultHeadlines(page);
    expect(all.length).toBeGreaterThan(2);
    await page.getByLabel('Section', { exact: true }).selectOption({ label: 'Politics' });
    await page.waitForURL(/section=politics/);
    await answered(page);
    const inPolitics = await page.locator('.search-result .section-item-meta a').allInnerTexts();
    expect(inPolitics.length).toBeGreaterThan(0);
    expect(inPolitics.length).toBeLessThan(all.length);
    expect(new Set(inPolitics)).toEqual(new Set(['Politics']));

    await page.goto(`${origin()}/search?q=synthetic-word-found-nowhere`);
    await answered(page);
    expect(await status(page).textContent()).toBe('No results for “synthetic-word-found-nowhere”.');
    expect(await page.locator('.search-result').count()).toBe(0);
    expect(problems).toEqual([]);
    await close();
  });

  it('marks a headline-only entry, and shows a query with markup in it as text', async () => {
    const { page, problems, close } = await openPage(browser, 'phone');
    await page.goto(`${origin()}/search?q=${encodeURIComponent('core inflation')}`);
    await answered(page);
    const entry = page.locator('.search-result', { has: page.locator(`a[href$="/articles/${HEADLINE_ONLY_ID}"]`) });
    expect(await entry.locator('.tag').textContent()).toBe('Headline only');

    const markup = '<img src=x onerror=window.__injected=1>';
    await page.goto(`${origin()}/search?q=${encodeURIComponent(markup)}`);
    await answered(page);
    expect(await status(page).textContent()).toContain(`“${markup}”`);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __injected?: number }).__injected)).toBeUndefined();
    expect(problems).toEqual([]);
    await close();
  });

  it('says so when search cannot start (no index list), rather than searching for ever', async () => {
    const { page, close } = await openPage(browser, 'desktop');
    await page.route('**/api/search.json', (route) => route.fulfill({ status: 404, body: 'Not found' }));
    await page.goto(`${origin()}/search?q=security`);
    await answered(page);
    expect(await status(page).textContent()).toBe('Search is not available right now. Try again later, or browse the sections.');
    await close();
  });

  it('is a step in the history: Back and Forward move between searches', async () => {
    const { page, close } = await openPage(browser, 'desktop');
    await page.goto(`${origin()}/search?q=security`);
    await answered(page);
    const box = page.getByRole('searchbox', { name: 'Words to find' });
    await box.fill('inflation');
    await box.press('Enter');
    await page.waitForURL(/q=inflation/);
    await answered(page);
    expect(await status(page).textContent()).toMatch(/for “inflation”/);
    await page.goBack();
    await page.waitForURL(/q=security/);
    await answered(page);
    expect(await status(page).textContent()).toBe('1 result for “security”.');
    expect(await box.inputValue()).toBe('security');
    await page.goForward();
    await page.waitForURL(/q=inflation/);
    await answered(page);
    expect(await status(page).textContent()).toMatch(/for “inflation”/);
    await close();
  });

  it('"/" focuses the search box from outside a text field, and Escape clears it', async () => {
    const { page, close } = await openPage(browser, 'desktop');
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    await page.keyboard.press('/');
    const box = page.getByRole('searchbox', { name: 'Search the archive' });
    await expect.poll(() => box.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type('tokyo');
    expect(await box.inputValue()).toBe('tokyo');
    await page.keyboard.press('Escape');
    expect(await box.inputValue()).toBe('');
    // Inside a text field, "/" is a character like any other.
    await page.keyboard.type('a/b');
    expect(await box.inputValue()).toBe('a/b');
    await close();
  });

  it('without JavaScript, the search page says that search needs it and links to every section', async () => {
    const { page, close } = await openPage(browser, 'phone', { javaScriptEnabled: false });
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await page.getByRole('searchbox', { name: 'Search the archive' }).fill('security');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=security$/);
    expect(await page.locator('main').innerText()).toContain('Search needs JavaScript');
    expect(await page.locator('main').getByRole('link', { name: 'Politics' }).getAttribute('href')).toBe('/sections/politics');
    await close();
  });

  it.each([
    ['with results', '/search?q=japan'],
    ['without results', '/search?q=synthetic-word-found-nowhere'],
  ])('axe finds no WCAG 2.2 A or AA violation on the search page %s', async (_name, address) => {
    for (const size of ['phone', 'desktop'] as const) {
      const { page, close } = await openPage(browser, size);
      await page.goto(origin() + address);
      await answered(page);
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'])
        .analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
      await close();
    }
  });
});

/**
 * Builds an archive of the test's own (a publication, its sections with empty lists, and these articles)
 * into a folder of its own and serves it, as a static host does.
 */
async function serveArchive(
  publication: Record<string, string>,
  sections: { id: string; name: string }[],
  articles: Record<string, unknown>[],
): Promise<{ server: StaticServer; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'news-search-'));
  const data = path.join(dir, 'data');
  await mkdir(path.join(data, 'articles'), { recursive: true });
  const write = (name: string, value: unknown) => writeFile(path.join(data, name), JSON.stringify(value));
  await write('publication.json', publication);
  await write('sections.json', sections);
  await write('popular.json', Object.fromEntries(sections.map((section) => [section.id, []])));
  await write('ranking.json', { title: 'Ranking', articles: [] });
  for (const article of articles) await write(`articles/${String(article.id)}.json`, article);
  await buildSite({ dataDir: data, outDir: path.join(dir, 'out'), base: '/', progress: undefined });
  const server = await startStaticServer({ dir: path.join(dir, 'out') });
  return {
    server,
    remove: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

describe('search in a Japanese archive', () => {
  let archive: Awaited<ReturnType<typeof serveArchive>> | undefined;
  let server: StaticServer;
  beforeAll(async () => {
    archive = await serveArchive(
      { name: '合成ニュース', locale: 'ja-JP', timeZone: 'Asia/Tokyo', timeZoneLabel: 'JST' },
      [{ id: 'society', name: '社会' }],
      [
        // Plainly synthetic text: it describes itself as a test article.
        {
          id: 'synthetic-library',
          section: 'society',
          headline: '合成記事：試験用の見出し',
          publishedAt: '2024-04-01T09:00:00+09:00',
          // The word 合成記事 three times: the more relevant of the two for it, though the older.
          body: [
            'これは試験のための合成記事です。新しい図書館が開館したという架空の文章です。',
            '合成記事の二段落目です。合成記事の終わり。',
          ],
        },
        {
          id: 'synthetic-other',
          section: 'society',
          headline: '合成記事：別の見出し',
          publishedAt: '2024-05-01T09:00:00+09:00',
          body: ['これも試験のための合成記事です。公園の話題の架空の文章です。'],
        },
      ],
    );
    server = archive.server;
  }, 180_000);
  afterAll(() => archive?.remove());

  it('finds a word in the middle of a Japanese sentence, which has no spaces between words', async () => {
    const { page, problems, close } = await openPage(browser, 'phone');
    await page.goto(`${server.origin}/search?q=${encodeURIComponent('図書館')}`);
    await answered(page);
    expect(await resultHeadlines(page)).toEqual(['合成記事：試験用の見出し']);
    expect(await page.locator('.search-result mark').allInnerTexts()).toContain('図書館');
    expect(problems).toEqual([]);
    await close();
  });

  it('orders results by relevance, or newest first', async () => {
    const { page, close } = await openPage(browser, 'desktop');
    await page.goto(`${server.origin}/search?q=${encodeURIComponent('合成記事')}`);
    await answered(page);
    expect(await resultHeadlines(page)).toEqual(['合成記事：試験用の見出し', '合成記事：別の見出し']);
    await page.getByLabel('Order', { exact: true }).selectOption({ label: 'Newest first' });
    await page.waitForURL(/sort=newest/);
    await answered(page);
    expect(await resultHeadlines(page)).toEqual(['合成記事：別の見出し', '合成記事：試験用の見出し']);
    await close();
  });
});

describe('search in an archive of several years', () => {
  let archive: Awaited<ReturnType<typeof serveArchive>> | undefined;
  let server: StaticServer;
  // 12 articles of 2024 and 10 of 2023 with "yearword" or "oldword", 2 of 2022 with both, and an undated
  // headline-only entry with "yearword": 18 with "yearword" in all, 12 of them in the newest year.
  beforeAll(async () => {
    const article = (id: string, publishedAt: string, words: string) => ({
      id,
      section: 'alpha',
      headline: `Synthetic article ${id}`,
      publishedAt,
      body: [`Synthetic test text, not news: ${words}.`],
    });
    const day = (n: number) => String(n).padStart(2, '0');
    const articles = [
      ...Array.from({ length: 12 }, (_, n) => article(`synthetic-2024-${n + 1}`, `2024-03-${day(n + 1)}T09:00:00Z`, 'yearword')),
      ...Array.from({ length: 10 }, (_, n) =>
        article(`synthetic-2023-${n + 1}`, `2023-05-${day(n + 1)}T09:00:00Z`, n < 3 ? 'yearword oldword' : 'oldword'),
      ),
      ...Array.from({ length: 2 }, (_, n) => article(`synthetic-2022-${n + 1}`, `2022-07-${day(n + 1)}T09:00:00Z`, 'yearword oldword')),
      { id: 'synthetic-undated', section: 'alpha', headline: 'Synthetic headline-only yearword', body: [] },
    ];
    archive = await serveArchive(
      { name: 'Synthetic Years', locale: 'en-GB', timeZone: 'UTC', timeZoneLabel: 'UTC' },
      [{ id: 'alpha', name: 'Alpha' }],
      articles,
    );
    server = archive.server;
  }, 180_000);
  afterAll(() => archive?.remove());
  const datesShown = (page: Page) =>
    page
      .locator('.search-result .section-item-meta')
      .evaluateAll((items) => items.map((item) => item.querySelector('time')?.dateTime ?? 'undated'));

  it('searches the newest year first, says so, and searches every year when asked', async () => {
    const { page, problems, close } = await openPage(browser, 'desktop');
    const indexes: string[] = [];
    page.on('request', (request) => {
      const bundle = /^\/pagefind\/([^/]+)\//.exec(new URL(request.url()).pathname)?.[1];
      if (bundle && !indexes.includes(bundle)) indexes.push(bundle);
    });
    await page.goto(`${server.origin}/search?q=yearword`);
    await answered(page);
    expect(await status(page).textContent()).toBe('12 results for “yearword” in 2024.');
    expect((await datesShown(page)).every((date) => date.startsWith('2024-'))).toBe(true);
    expect(indexes).toEqual(['2024-recent']);
    // Each article is shorter than an excerpt: its whole text is shown, with no ellipsis.
    for (const excerpt of await page.locator('.search-excerpt').allInnerTexts())
      expect(excerpt).toMatch(/^Synthetic article synthetic-2024-\d+\. Synthetic test text, not news: yearword\.$/);
    await page.getByRole('button', { name: 'Search all years' }).click();
    await page.waitForURL(/years=all/);
    await answered(page);
    expect(await status(page).textContent()).toBe('18 results for “yearword”.');
    expect(await page.getByRole('button', { name: 'Search all years' }).count()).toBe(0);
    expect(await page.getByLabel('Years', { exact: true }).inputValue()).toBe('all');
    expect(indexes.sort()).toEqual(['2022-recent', '2023-recent', '2024-recent', 'undated']);
    // Back to the newest year's search: the same results as before, whatever has been loaded since.
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('years'));
    await answered(page);
    expect(await status(page).textContent()).toBe('12 results for “yearword” in 2024.');
    expect(problems).toEqual([]);
    await close();
  });

  it('goes back a year at a time while fewer than a page of results is found', async () => {
    const { page, problems, close } = await openPage(browser, 'phone');
    const indexes = new Set<string>();
    page.on('request', (request) => {
      const bundle = /^\/pagefind\/([^/]+)\//.exec(new URL(request.url()).pathname)?.[1];
      if (bundle) indexes.add(bundle);
    });
    await page.goto(`${server.origin}/search?q=oldword`);
    await answered(page);
    expect(await status(page).textContent()).toBe('10 results for “oldword” from 2023 to 2024.');
    expect([...indexes].sort()).toEqual(['2023-recent', '2024-recent']);
    expect(await page.getByRole('button', { name: 'Search all years' }).count()).toBe(1);
    expect(problems).toEqual([]);
    await close();
  });

  it('puts results newest first across the years, the undated last', async () => {
    const { page, problems, close } = await openPage(browser, 'desktop');
    await page.goto(`${server.origin}/search?q=yearword&sort=newest&years=all`);
    await answered(page);
    expect(await status(page).textContent()).toBe('18 results for “yearword”.');
    await page.getByRole('button', { name: 'Show more results' }).click();
    await expect.poll(() => page.locator('.search-result').count()).toBe(18);
    const dates = await datesShown(page);
    expect(dates.slice(0, 3)).toEqual(['2024-03-12T09:00:00Z', '2024-03-11T09:00:00Z', '2024-03-10T09:00:00Z']);
    expect(dates.slice(12, 15)).toEqual(['2023-05-03T09:00:00Z', '2023-05-02T09:00:00Z', '2023-05-01T09:00:00Z']);
    expect(dates.slice(15)).toEqual(['2022-07-02T09:00:00Z', '2022-07-01T09:00:00Z', 'undated']);
    // A word the newest year lacks: its bundle is passed over, and the order starts in the year before.
    await page.goto(`${server.origin}/search?q=oldword&sort=newest&years=all`);
    await answered(page);
    expect(await status(page).textContent()).toBe('12 results for “oldword”.');
    expect((await datesShown(page)).slice(0, 2)).toEqual(['2023-05-10T09:00:00Z', '2023-05-09T09:00:00Z']);
    expect(problems).toEqual([]);
    await close();
  });
});
