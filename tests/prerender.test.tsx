// @vitest-environment node
// The server entry renders each address to HTML with its data, as the build does.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPageRenderer, renderPage } from '../src/entry-server';
import { apiFilesFetch, buildApiFromDir, type ApiFiles } from '../src/pipeline/archive';
import { compilePageTemplate } from '../src/pipeline/page-template';
import { HOSTILE_IDS, hostileApi, PAYLOADS } from './fixtures/hostile';
import { SEED_ID, seed } from './fixtures/seed';

let sample: ApiFiles;
beforeAll(async () => {
  sample = await buildApiFromDir('data');
});
afterEach(() => vi.unstubAllGlobals());

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('a prerendered article', () => {
  it('holds the headline, the dateline, every paragraph and both lists, with its title and language', async () => {
    vi.stubGlobal('fetch', apiFilesFetch(sample));
    const page = await renderPage(`/articles/${SEED_ID}`);
    expect(page.status).toBe(200);
    expect(page.title).toBe(`${seed.headline} | The Japan News`);
    expect(page.lang).toBe('en-US');
    expect(page.html).toContain(`>${escapeHtml(seed.headline)}</h1>`);
    expect(page.html).toContain('>2:00 JST, January 9, 2023</time>');
    for (const paragraph of seed.paragraphs) expect(page.html).toContain(`>${escapeHtml(paragraph)}</p>`);
    for (const headline of [...seed.popular, ...seed.ranking]) expect(page.html).toContain(`>${escapeHtml(headline)}</a>`);
    expect(page.html).not.toContain('aria-busy="true"'); // no loading placeholder left in the page
  });

  it('carries the data the browser needs, so that it fetches nothing for the page it arrives on', async () => {
    vi.stubGlobal('fetch', apiFilesFetch(sample));
    const page = await renderPage(`/articles/${SEED_ID}`);
    const payload = JSON.parse(page.payload);
    const keys = payload.queries.map((q: { key: unknown[] }) => q.key.join('/')).sort();
    expect(keys).toEqual(['articles/' + SEED_ID, 'popular/politics', 'ranking', 'site']);
    expect(payload.router.loaderData).toEqual({ root: null, article: null });
    expect(payload.router.errors).toBeNull();
  });

  it('carries its dates as it shows them, so that the browser takes it over without making a date format', async () => {
    vi.stubGlobal('fetch', apiFilesFetch(sample));
    const page = await renderPage(`/articles/${SEED_ID}`);
    const { dateTexts } = JSON.parse(page.payload) as { dateTexts: [string, string][] };
    expect(dateTexts.map(([, text]) => text)).toContain('2:00 JST, January 9, 2023');
    // A fresh copy of the module, as in a browser that has made no date format yet.
    vi.resetModules();
    const dates = await import('../src/lib/dates');
    const DateTimeFormat = Intl.DateTimeFormat;
    let made = 0;
    Intl.DateTimeFormat = new Proxy(DateTimeFormat, {
      construct: (target, args: ConstructorParameters<typeof DateTimeFormat>) => (made++, new target(...args)),
    });
    try {
      dates.rememberDateTexts(dateTexts);
      expect(dates.formatDateline('2023-01-09T02:00:00+09:00', 'Asia/Tokyo', 'JST', 'en-US')).toBe('2:00 JST, January 9, 2023');
      // The publication's offset then, against which the reader's own clock is compared.
      expect(dates.offsetAt('2023-01-09T02:00:00+09:00', 'Asia/Tokyo')).toBe(540);
      expect(made).toBe(0);
      // A date the page did not show is made as before.
      expect(dates.formatDateline('2024-11-29T08:30:00Z', 'Asia/Tokyo', 'JST')).toBe('17:30 JST, November 29, 2024');
      expect(made).toBeGreaterThan(0);
    } finally {
      Intl.DateTimeFormat = DateTimeFormat;
    }
  });

  it('renders the not-found page for an unknown id as a 404 the browser can take over', async () => {
    vi.stubGlobal('fetch', apiFilesFetch(sample));
    const page = await renderPage('/articles/no-such-article');
    expect(page.status).toBe(404);
    expect(page.html).toContain('>Page not found</h1>');
    expect(JSON.parse(page.payload).router.errors).toEqual({
      pages: expect.objectContaining({ status: 404, statusText: 'Not Found', internal: false }),
    });
  });
});

describe('a prerendered page at a lazy route (search, offline, saved)', () => {
  it("names the module its code is in, and preloads that module's script, or stops the build if it has none", async () => {
    // The search index is made beside the API (site-build.ts); its list, as the build writes it.
    vi.stubGlobal('fetch', apiFilesFetch(new Map([...sample, ['search.json', { language: 'en', bundles: ['2023-recent', 'undated'] }]])));
    const renderer = createPageRenderer();
    const lazy = {
      '/search': 'src/routes/search-page.tsx',
      '/offline': 'src/routes/offline-page.tsx',
      '/saved': 'src/routes/saved-page.tsx',
    };
    for (const [address, module] of Object.entries(lazy)) {
      const page = await renderer(address);
      expect(page.lazyModules).toEqual([module]);
      // The module the route names is the one it imports: the build finds the script by this path.
      expect(existsSync(module)).toBe(true);
    }
    expect((await renderer(`/articles/${SEED_ID}`)).lazyModules).toEqual([]);

    const template = await readFile('index.html', 'utf8').then((html) =>
      html.replace('<script type="module" src="/src/main.tsx"></script>', '<script data-entry="/assets/index.js"></script>'),
    );
    const search = await renderer('/search');
    const html = compilePageTemplate(template, { 'src/routes/search-page.tsx': '/assets/search-page-abc.js' }).fill(search);
    expect(html).toContain('<link rel="modulepreload" crossorigin href="/assets/search-page-abc.js" />');
    // What the search page's code asks for first, one after the other, asked for with the page.
    expect(html).toContain('<link rel="preload" as="fetch" crossorigin href="/api/search.json" />');
    expect(html).toContain('<link rel="modulepreload" crossorigin href="/pagefind/2023-recent/pagefind.js" />');
    for (const address of ['/offline', `/articles/${SEED_ID}`]) expect((await renderer(address)).preloads).toEqual([]);
    expect(() => compilePageTemplate(template, {}).fill(search)).toThrow(
      "The app's build has no script for src/routes/search-page.tsx, which a page needs",
    );
  });
});

describe('one renderer for many pages (as each worker of the build renders)', () => {
  it('gives each page only its own data, the same as a page rendered alone', async () => {
    vi.stubGlobal('fetch', apiFilesFetch(sample));
    const render = createPageRenderer();
    const other = 'core-inflation-in-tokyo-accelerates-in-november';
    await render(`/articles/${SEED_ID}`);
    await render('/articles/no-such-article');
    const page = await render(`/articles/${other}`);
    expect(page).toEqual(await renderPage(`/articles/${other}`));
    expect(page.html).not.toContain(escapeHtml(seed.headline) + '</h1>');
    const keys = JSON.parse(page.payload).queries.map((q: { key: unknown[] }) => q.key.join('/'));
    expect(keys).not.toContain(`articles/${SEED_ID}`);
    expect(JSON.parse(page.payload).router.errors).toBeNull();
  });

  it('refuses a second page while one is being rendered', async () => {
    vi.stubGlobal('fetch', apiFilesFetch(sample));
    const render = createPageRenderer();
    const first = render(`/articles/${SEED_ID}`);
    await expect(render('/')).rejects.toThrow('one page at a time');
    expect((await first).status).toBe(200);
  });
});

describe('hostile text in a prerendered page', () => {
  it.each(Object.entries(PAYLOADS).map(([name, payload], i) => [name, payload, HOSTILE_IDS[i]] as const))(
    '%s is escaped in the HTML and cannot close the data block',
    async (_name, payload, id) => {
      vi.stubGlobal('fetch', apiFilesFetch(hostileApi()));
      const page = await renderPage(`/articles/${id}`);
      expect(page.html).not.toMatch(/<(script|img|svg|iframe)\b/i);
      // React escapes text as & < > " ' entities; the headline must appear that way, whole.
      const asText = escapeHtml(payload.slice(0, 300)).replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
      expect(page.html).toContain(`>${asText}</h1>`);
      expect(page.payload).not.toContain('<');
      const article = JSON.parse(page.payload).queries.find((q: { key: unknown[] }) => q.key[0] === 'articles');
      expect(article.data.body[0]).toBe(payload);
    },
  );
});
