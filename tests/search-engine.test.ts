// The search engine (src/search/engine.ts) without React or a browser: a fake Pagefind over a few bundles
// of synthetic articles, and a fake site that serves its scripts and list of indexes. Which years a
// search reaches and in what order it gives results, a search given up for another, a renamed bundle,
// and failures that reach the page as failures.
import { describe, expect, it } from 'vitest';
import type { SearchIndexes } from '../src/api/schemas';
import { createSearchEngine, PAGE_SIZE, type Pagefind, type SearchLoader, type SearchRequest } from '../src/search/engine';

interface FakeArticle {
  id: string;
  /** "" for an undated entry. */
  publishedAt: string;
  text: string;
  section: string;
}

/** `count` synthetic articles of a bundle, about `word`, the newest first by a day each, from `newest`. */
function articles(bundle: string, count: number, newest: string, word = 'budget', section = 'politics'): FakeArticle[] {
  return Array.from({ length: count }, (_, n) => ({
    id: `${bundle}-${n}`,
    publishedAt: newest ? new Date(Date.parse(newest) - n * 86_400_000).toISOString() : '',
    text: `Synthetic text about the ${word}, number ${n}.`,
    section,
  }));
}

/** A deferred step: a promise that waits until released. */
function gate() {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  return { opened, release };
}

/**
 * A site with Pagefind bundles: `files` by bundle, and the list of indexes it serves now. Pagefind here
 * finds a word in the text of the bundles merged into it, in each bundle's order (the relevance of this
 * fake), or by date under a sort; a bundle the site no longer has fails to merge, as its files answer 404.
 */
function fakeSite(files: Record<string, FakeArticle[]>, bundles: string[]) {
  const site = {
    files,
    list: { language: 'en', bundles } as SearchIndexes,
    /** What was asked of the site and of Pagefind, in order. */
    log: [] as string[],
    /** Pagefind instances let go of. */
    destroyed: 0,
    /** Held before a bundle is merged, when set. */
    mergeGate: undefined as Promise<void> | undefined,
    /** The next script load fails with this, when set. */
    loadFailure: undefined as Error | undefined,
  };
  const bundleOf = (url: string) => url.replace(/^\/pagefind\/(.*)\/$/, '$1');
  const loader: SearchLoader = {
    bundleUrl: (bundle) => `/pagefind/${bundle}/`,
    currentIndexes: async () => {
      site.log.push('list');
      return site.list;
    },
    loadPagefind: async (bundle) => {
      site.log.push(`load ${bundle}`);
      if (site.loadFailure) {
        const failure = site.loadFailure;
        site.loadFailure = undefined;
        throw failure;
      }
      // What this Pagefind holds: each bundle's articles as the site had them when merged.
      const loaded = new Map<string, FakeArticle[]>();
      const merge = (url: string) => {
        const name = bundleOf(url);
        if (!site.files[name]) throw new Error(`${url}pagefind-entry.json: 404`);
        loaded.set(name, site.files[name]);
      };
      const pagefind: Pagefind = {
        options: async (options) => merge(String(options.basePath)),
        init: async () => undefined,
        destroy: async () => void site.destroyed++,
        mergeIndex: async (url) => {
          site.log.push(`merge ${bundleOf(url)}`);
          await site.mergeGate;
          merge(url);
        },
        search: async (term, { filters = {}, sort }) => {
          const { bundle: inBundles, section } = filters;
          site.log.push(`search ${term} in ${typeof inBundles === 'string' ? inBundles : inBundles?.any.join(',')}`);
          const wanted = (name: string) => (typeof inBundles === 'string' ? name === inBundles : (inBundles?.any.includes(name) ?? true));
          const found = [...loaded].flatMap(([name, each]) =>
            wanted(name)
              ? each
                  .filter((article) => article.text.includes(term) && (!section || article.section === section))
                  .map((article) => ({ name, article }))
              : [],
          );
          if (sort) found.sort((a, b) => b.article.publishedAt.localeCompare(a.article.publishedAt));
          const counts: Record<string, number> = {};
          for (const { name } of found) counts[name] = (counts[name] ?? 0) + 1;
          return {
            results: found.map(({ article }) => ({
              id: article.id,
              data: async () => ({
                content: article.text,
                excerpt: article.text.replace(term, `<mark>${term}</mark>`),
                meta: {
                  id: article.id,
                  title: `Synthetic ${article.id}`,
                  section: article.section,
                  ...(article.publishedAt ? { publishedAt: article.publishedAt } : {}),
                },
              }),
            })),
            filters: { bundle: counts },
          };
        },
      };
      return pagefind;
    },
  };
  return { site, loader };
}

const request = (term: string, more: Partial<SearchRequest> = {}): SearchRequest => ({
  term,
  section: '',
  sort: 'relevance',
  years: 'recent',
  ...more,
});
const ids = (found: { items: { meta: { id: string } }[] }) => found.items.map((item) => item.meta.id);

/** An archive of four years, newest first: 2024 (3 recent articles and 4 older), 2023 (5), 2022 (20), and 2 undated. */
const fourYears = () =>
  fakeSite(
    {
      '2024-recent': articles('2024-recent', 3, '2024-06-30T12:00:00Z'),
      '2024-1': articles('2024-1', 4, '2024-03-31T12:00:00Z'),
      '2023-recent': articles('2023-recent', 5, '2023-12-31T12:00:00Z'),
      '2022-1': articles('2022-1', 20, '2022-12-31T12:00:00Z'),
      undated: articles('undated', 2, ''),
    },
    ['2024-recent', '2024-1', '2023-recent', '2022-1', 'undated'],
  );

describe('the search engine', () => {
  it('searches the newest year first, and the years before it one at a time only while it has found fewer than a page', async () => {
    const { site, loader } = fourYears();
    const engine = createSearchEngine(loader);
    const found = await engine.search(site.list, request('budget'), { shown: PAGE_SIZE });
    // 2024 has 7, fewer than a page: 2023 is searched too, and with 12 the search stops there.
    expect(found).toMatchObject({ total: 12, searched: ['2024', '2023'], complete: false });
    expect(found.items).toHaveLength(PAGE_SIZE);
    expect(site.log).toEqual([
      'load 2024-recent',
      'merge 2024-1',
      'search budget in 2024-recent,2024-1',
      'merge 2023-recent',
      'search budget in 2024-recent,2024-1,2023-recent',
    ]);
    // In Pagefind's order (most relevant first), the page's results read once, with their words marked.
    expect(ids(found)).toEqual([
      ...['0', '1', '2'].map((n) => `2024-recent-${n}`),
      ...['0', '1', '2', '3'].map((n) => `2024-1-${n}`),
      '2023-recent-0',
      '2023-recent-1',
      '2023-recent-2',
    ]);
    expect(found.items[0].excerpt).toEqual([
      { text: 'Synthetic text about the ', marked: false },
      { text: 'budget', marked: true },
      { text: ', number 0.', marked: false },
    ]);

    // Every year, when asked: the older bundles are merged, the ones already merged are not merged again.
    site.log.length = 0;
    const all = await engine.search(site.list, request('budget', { years: 'all' }), { shown: 40 });
    expect(all).toMatchObject({ total: 34, searched: ['2024', '2023', '2022', 'undated'], complete: true });
    expect(site.log).toEqual(['merge 2022-1', 'merge undated', 'search budget in 2024-recent,2024-1,2023-recent,2022-1,undated']);
  });

  it('gives newest first across years, bundle by bundle from the newest, undated entries last, asking only those with results', async () => {
    const { site, loader } = fourYears();
    site.files['2024-1'] = articles('2024-1', 4, '2024-03-31T12:00:00Z', 'other');
    const engine = createSearchEngine(loader);
    const found = await engine.search(site.list, request('budget', { sort: 'newest', years: 'all' }), { shown: 30 });
    expect(found.total).toBe(30);
    const dates = found.items.map((item) => item.meta.publishedAt ?? '');
    expect(dates.slice(0, 28)).toEqual([...dates.slice(0, 28)].sort().reverse());
    expect(ids(found).slice(0, 4)).toEqual(['2024-recent-0', '2024-recent-1', '2024-recent-2', '2023-recent-0']);
    expect(ids(found).slice(-2)).toEqual(['undated-0', 'undated-1']);
    // 2024-1 has none of the word: not asked on its own. The page was full before the oldest were asked
    // for a page of 10.
    expect(site.log.filter((line) => line.startsWith('search budget in ') && !line.includes(','))).toEqual([
      'search budget in 2024-recent',
      'search budget in 2023-recent',
      'search budget in 2022-1',
      'search budget in undated',
    ]);
    site.log.length = 0;
    const page = await engine.search(site.list, request('budget', { sort: 'newest', years: 'all' }), { shown: PAGE_SIZE });
    expect(ids(page)).toEqual([
      ...['0', '1', '2'].map((n) => `2024-recent-${n}`),
      ...['0', '1', '2', '3', '4'].map((n) => `2023-recent-${n}`),
      '2022-1-0',
      '2022-1-1',
    ]);
    expect(site.log.filter((line) => !line.includes(','))).toEqual([
      'search budget in 2024-recent',
      'search budget in 2023-recent',
      'search budget in 2022-1',
    ]);
  });

  it('keeps a search to the section asked for', async () => {
    const { site, loader } = fakeSite(
      {
        '2024-recent': [
          ...articles('politics', 2, '2024-06-30T12:00:00Z'),
          ...articles('sports', 3, '2024-05-30T12:00:00Z', 'budget', 'sports'),
        ],
      },
      ['2024-recent'],
    );
    const found = await createSearchEngine(loader).search(site.list, request('budget', { section: 'sports' }), { shown: PAGE_SIZE });
    expect(ids(found)).toEqual(['sports-0', 'sports-1', 'sports-2']);
  });

  it('starts loading ahead of a search: Pagefind and the newest year, not the years before it', async () => {
    const { site, loader } = fourYears();
    const engine = createSearchEngine(loader);
    await engine.prepare(site.list);
    expect(site.log).toEqual(['load 2024-recent', 'merge 2024-1']);
    // The search then finds them loaded.
    site.log.length = 0;
    await engine.search(site.list, request('budget'), { shown: PAGE_SIZE });
    expect(site.log[0]).toBe('search budget in 2024-recent,2024-1');
  });

  it('gives up a search the reader has replaced at its next step, without loading more for it, and answers the new one', async () => {
    const { site, loader } = fourYears();
    const engine = createSearchEngine(loader);
    await engine.prepare(site.list);
    const merging = gate();
    site.mergeGate = merging.opened;
    const first = new AbortController();
    const stale = engine.search(site.list, request('budget'), { shown: PAGE_SIZE, signal: first.signal });
    const staleOutcome = stale.then(
      () => 'answered',
      (error: unknown) => (error as { name?: string }).name,
    );
    // The first search has found fewer than a page in 2024 and is merging 2023 when the reader searches again.
    await expect.poll(() => site.log.at(-1)).toBe('merge 2023-recent');
    first.abort();
    const second = new AbortController();
    const current = engine.search(site.list, request('text', { years: 'all' }), { shown: PAGE_SIZE, signal: second.signal });
    merging.release();
    expect(await staleOutcome).toBe('AbortError');
    const found = await current;
    expect(found).toMatchObject({ total: 34, complete: true });
    // The replaced search asked Pagefind nothing after it was given up, and the site's list was not read again for it.
    expect(site.log.filter((line) => line.startsWith('search budget'))).toEqual(['search budget in 2024-recent,2024-1']);
    expect(site.log).not.toContain('list');
  });

  it('reads the list of indexes again once when a bundle is gone, and searches the new list; then goes on with it', async () => {
    const { site, loader } = fakeSite(
      { '2024-recent': articles('2024-recent', 2, '2024-06-30T12:00:00Z'), '2023-1': articles('2023-1', 16, '2023-12-31T12:00:00Z') },
      ['2024-recent', '2023-1'],
    );
    const engine = createSearchEngine(loader);
    const before = site.list;
    await engine.prepare(before);
    // A new build: 2024's recent articles have moved into a numbered bundle, and 2023's bundle is renamed.
    site.files = {
      '2024-recent': articles('2024-recent', 1, '2024-07-30T12:00:00Z'),
      '2024-1': articles('2024-1', 16, '2024-06-30T12:00:00Z'),
      '2023-2': articles('2023-2', 16, '2023-12-31T12:00:00Z'),
    };
    site.list = { language: 'en', bundles: ['2024-recent', '2024-1', '2023-2'] };
    site.log.length = 0;
    const told: SearchIndexes[] = [];
    const found = await engine.search(before, request('budget'), { shown: PAGE_SIZE, onNewIndexes: (indexes) => told.push(indexes) });
    expect(found).toMatchObject({ total: 17, searched: ['2024'] });
    expect(site.log.filter((line) => line === 'list')).toHaveLength(1);
    expect(told).toEqual([site.list]);
    // The Pagefind of the old list is let go of, and one of the new list loaded.
    expect(site.destroyed).toBe(1);
    expect(site.log.filter((line) => line.startsWith('load'))).toEqual(['load 2024-recent']);

    // The next search starts from the new list and needs no second look.
    site.log.length = 0;
    await engine.search(site.list, request('budget'), { shown: PAGE_SIZE });
    expect(site.log).toEqual(['search budget in 2024-recent,2024-1']);
  });

  it('answers "no results" after one look at the list when it has not changed, and fails when the new list fails too', async () => {
    const { site, loader } = fourYears();
    const engine = createSearchEngine(loader);
    const none = await engine.search(site.list, request('nothing'), { shown: PAGE_SIZE });
    expect(none).toMatchObject({ total: 0, items: [], complete: true });
    expect(site.log.filter((line) => line === 'list')).toHaveLength(1);
    expect(site.destroyed).toBe(0);

    // A list that names a bundle the site does not have either: the search fails, after one more look.
    const { site: broken, loader: brokenLoader } = fakeSite({ '2024-recent': articles('2024-recent', 1, '2024-06-30T12:00:00Z') }, [
      '2024-recent',
      '2023-1',
    ]);
    const page = { language: 'en', bundles: ['2024-recent', '2023-9'] };
    await expect(createSearchEngine(brokenLoader).search(page, request('budget'), { shown: PAGE_SIZE })).rejects.toThrow(
      '/pagefind/2023-1/pagefind-entry.json: 404',
    );
    expect(broken.log.filter((line) => line === 'list')).toHaveLength(1);
  });

  it('fails a search whose engine cannot load, as the page says; the next search loads it again', async () => {
    const { site, loader } = fourYears();
    const engine = createSearchEngine(loader);
    site.loadFailure = new Error('pagefind.js: network error');
    await expect(engine.search(site.list, request('budget'), { shown: PAGE_SIZE })).rejects.toThrow('pagefind.js: network error');
    const found = await engine.search(site.list, request('budget'), { shown: PAGE_SIZE });
    expect(found.total).toBe(12);
    expect(site.log.filter((line) => line.startsWith('load'))).toEqual(['load 2024-recent', 'load 2024-recent']);

    // An archive without an index, and a result that is not what the page reads, fail too.
    const empty = fakeSite({}, []);
    await expect(createSearchEngine(empty.loader).search(empty.site.list, request('budget'), { shown: PAGE_SIZE })).rejects.toThrow(
      'The archive has no search index.',
    );
    site.files['2024-recent'] = [{ id: 'Not An Id', publishedAt: '', text: 'budget', section: 'politics' }];
    await expect(createSearchEngine(loader).search(site.list, request('budget'), { shown: PAGE_SIZE })).rejects.toThrow(
      /must be 1–100 characters/,
    );
  });
});
