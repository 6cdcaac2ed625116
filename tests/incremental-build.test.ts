// @vitest-environment node
// The incremental build against a full build of the same final archive, after any sequence of
// additions, edits, removals and list updates: the same files with the same bytes, except the live
// lists inside pages, which by design show the ranking as of the page's last render. Also: a second
// build of the same archive writes nothing, a full rebuild is byte-identical, and a ranking update
// rewrites no page.
import { mkdtemp, readFile, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLE_SIZE,
  bundlesOf,
  newestBundleFirst,
  RECENT_BUNDLE_SIZE,
  searchTextOf,
  updateSearchIndexes,
} from '../src/pipeline/search-index';
import { appendFiles, hashOf } from '../src/pipeline/output';
import { buildSite, planPages, type BuildReport } from '../src/pipeline/site-build';
import { syntheticArticle } from '../src/pipeline/synthetic';
import {
  apply,
  article,
  brokenLinks,
  dateOf,
  initialState,
  listFiles,
  SECTIONS,
  stepArb,
  expectSameSite,
  writeArchive,
  writeJson,
} from './synthetic-archive';

// The build renders with React's production build, as `npm run build` does.
process.env.NODE_ENV = 'production';

let tmp: string;
let runs = 0;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'news-incremental-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

// With the site's address, so that the feeds and the sitemap are compared too.
const build = (dataDir: string, outDir: string, full = false): Promise<BuildReport> =>
  buildSite({ dataDir, outDir, base: '/', siteUrl: 'https://synthetic.example/', full });

describe('the incremental build', () => {
  it('after any sequence of changes, matches a full build of the final archive', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 4 }), async (steps) => {
        const run = path.join(tmp, `run-${++runs}`);
        const data = path.join(run, 'data');
        const state = initialState();
        await writeArchive(data, state);
        let counter = 100;
        const incremental = path.join(run, 'incremental');
        await build(data, incremental);
        for (const step of steps) {
          await apply(data, state, step, () => ++counter);
          await build(data, incremental);
        }
        const full = path.join(run, 'full');
        await build(data, full, true);

        const files = await expectSameSite(incremental, full);
        expect(await brokenLinks(incremental, files)).toEqual([]);
        await rm(run, { recursive: true, force: true });
      }),
      { numRuns: 8 },
    );
  }, 240_000);

  it('writes nothing when nothing changed, rebuilds byte for byte, and rewrites no page for a ranking update', async () => {
    const data = path.join(tmp, 'steady', 'data');
    const out = path.join(tmp, 'steady', 'out');
    const state = initialState();
    await writeArchive(data, state);
    const first = await build(data, out);
    expect(first.full).toBe(true);

    const again = await build(data, out);
    expect(again).toMatchObject({ full: false, written: [], removed: [], pages: { rendered: 0 }, articlesRead: 0 });

    const before = new Map(
      await Promise.all((await listFiles(out)).map(async (file) => [file, await readFile(path.join(out, file))] as const)),
    );
    const rebuilt = path.join(tmp, 'steady', 'rebuilt');
    await build(data, rebuilt, true);
    for (const file of await listFiles(rebuilt))
      expect((await readFile(path.join(rebuilt, file))).equals(before.get(file)!), file).toBe(true);

    await writeJson(path.join(data, 'ranking.json'), { title: 'Synthetic Ranking', articles: ['synthetic-5', 'synthetic-4'] });
    const ranking = await build(data, out);
    expect(ranking.written).toEqual(['api/ranking.json']);

    // One new article, the newest in "alpha" (whose newest month was March): its page and API file, the
    // front page, the section's latest list, its new month and the month before it (which now links to
    // it), each as JSON and as a page; the site's feed, its section's (not the other section's) and the
    // sitemap. Nothing else.
    await writeJson(path.join(data, 'articles', 'synthetic-50.json'), article(50, 'alpha', 24 * 300));
    const added = await build(data, out);
    expect(added.articlesRead).toBe(1);
    // And the search index of its year's recent articles (the files of it that changed).
    expect(added.written.filter((file) => file.startsWith('pagefind/')).length).toBeGreaterThan(0);
    expect(added.written.filter((file) => file.startsWith('pagefind/') && !file.startsWith('pagefind/2024-recent/'))).toEqual([]);
    expect(added.written.filter((file) => !file.startsWith('pagefind/'))).toEqual(
      [
        'api/articles/synthetic-50.json',
        'api/front.json',
        'api/sections/alpha/2024-10.json',
        'api/sections/alpha/latest.json',
        'api/sections/alpha/2024-03.json',
        'articles/synthetic-50/index.html',
        'feeds/site.xml',
        'feeds/sections/alpha.xml',
        'sitemap.xml',
        'index.html',
        'sections/alpha/2024-10/index.html',
        'sections/alpha/index.html',
        'sections/alpha/2024-03/index.html',
      ].sort(),
    );
  }, 120_000);

  it('indexes each year for search, and the newest year’s latest articles apart: publishing re-indexes those alone, and an emptied year loses its index', async () => {
    const data = path.join(tmp, 'years', 'data');
    const out = path.join(tmp, 'years', 'out');
    const state = initialState();
    // One article a year earlier (2023): its recent bundle; in 2024 the initial 11 and 250 more: 261,
    // which is sixteen whole RECENT_BUNDLE_SIZEs (16) in the year's first bundle, in order of publication,
    // and 5 recent ones.
    state.articles.set('synthetic-40', article(40, 'alpha', -24 * 200));
    for (let n = 200; n < 450; n++) state.articles.set(`synthetic-${n}`, article(n, SECTIONS[n % 2], 24 * 100 + n, true));
    expect(RECENT_BUNDLE_SIZE).toBe(16);
    await writeArchive(data, state);
    const first = await build(data, out);
    expect(first.search.bundles.sort()).toEqual(['2023-recent', '2024-1', '2024-recent', 'undated']);
    // Each indexer has its settings in an environment of its own: the build's is left as it was.
    expect(process.env.PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE).toBeUndefined();
    const searchJson = async () => JSON.parse(await readFile(path.join(out, 'api/search.json'), 'utf8'));
    expect(await searchJson()).toEqual({ language: 'en', bundles: ['2024-recent', '2024-1', '2023-recent', 'undated'] });
    const files2023 = (await listFiles(out)).filter((file) => file.startsWith('pagefind/2023-recent/'));
    expect(files2023).toContain('pagefind/2023-recent/pagefind.js');

    // The day's news: only the recent bundle is made again, of its six articles, and five of its files
    // are new: its entry, metadata, section filter, its word index (one file), and the article's fragment.
    const recentBefore = (await listFiles(out)).filter((file) => file.startsWith('pagefind/2024-recent/'));
    expect(recentBefore.filter((file) => file.startsWith('pagefind/2024-recent/index/'))).toHaveLength(1);
    // A long article of varied words (48 paragraphs), which Pagefind's usual parts would spread over several.
    const long = syntheticArticle('synthetic-51', 'beta', dateOf(24 * 300));
    long.body = Array.from({ length: 8 }, (_, seed) => syntheticArticle('s'.repeat(seed + 1), 'beta', long.publishedAt).body).flat();
    await writeJson(path.join(data, 'articles', 'synthetic-51.json'), long);
    const added = await build(data, out);
    expect(added.search).toMatchObject({ bundles: ['2024-recent'], articles: 6 });
    const searchFiles = added.written.filter((file) => file.startsWith('pagefind/'));
    expect(searchFiles.map((file) => file.replace(/^pagefind\/2024-recent\/([a-z]+\/)?[^/]*?(\.[a-z_]+)$/, '$1*$2')).sort()).toEqual([
      '*.json',
      '*.pf_meta',
      'filter/*.pf_filter',
      'fragment/*.pf_fragment',
      'index/*.pf_index',
    ]);
    // Files that Pagefind wrote again with the same bytes are not listed for the deploy; the old
    // metadata, filter and word index (named by their bytes) are listed as removed.
    expect(searchFiles).not.toContain('pagefind/2024-recent/pagefind.js');
    expect(
      added.removed
        .filter((file) => file.startsWith('pagefind/'))
        .map((file) => file.replace(/[^/.]*(\.[a-z_]+)$/, '*$1'))
        .sort(),
    ).toEqual([
      'pagefind/2024-recent/filter/*.pf_filter',
      'pagefind/2024-recent/index/*.pf_index',
      'pagefind/2024-recent/pagefind.*.pf_meta',
    ]);

    // An article dated among the year's earlier ones moves the split: both of the year's bundles are made again.
    await writeJson(path.join(data, 'articles', 'synthetic-52.json'), article(52, 'beta', 24 * 10));
    const backdated = await build(data, out);
    expect(backdated.search.bundles.sort()).toEqual(['2024-1', '2024-recent']);

    await unlink(path.join(data, 'articles', 'synthetic-40.json'));
    const removed = await build(data, out);
    expect(removed.search.bundles).toEqual([]);
    expect(removed.removed.filter((file) => file.startsWith('pagefind/2023-recent/')).sort()).toEqual(files2023);
    expect((await listFiles(out)).some((file) => file.startsWith('pagefind/2023-recent/'))).toBe(false);
    expect(await searchJson()).toEqual({ language: 'en', bundles: ['2024-recent', '2024-1', 'undated'] });

    // After all that, the index is what a full build of the same archive writes, byte for byte.
    const fresh = path.join(tmp, 'years', 'fresh');
    await build(data, fresh, true);
    const indexFiles = (await listFiles(fresh)).filter((file) => file.startsWith('pagefind/') || file === 'api/search.json');
    expect((await listFiles(out)).filter((file) => file.startsWith('pagefind/'))).toEqual(
      indexFiles.filter((file) => file.startsWith('pagefind/')),
    );
    for (const file of indexFiles)
      expect((await readFile(path.join(out, file))).equals(await readFile(path.join(fresh, file))), file).toBe(true);
  }, 180_000);
});

describe('the plan of pages to render', () => {
  const summary = (id: string, headline = `Synthetic ${id}`) => ({
    id,
    section: 'alpha',
    headline,
    publishedAt: '2024-05-01T00:00:00+09:00',
    headlineOnly: false,
  });
  const listKeys = new Map([
    ['front.json', 'front-1'],
    ['sections/alpha/latest.json', 'alpha-1'],
    ['search.json', 'search-1'],
  ]);
  const articleLists = ['front.json', 'sections/alpha/latest.json'];
  // The previous build: every page as made, and b's page showing a live list that links to a.
  const liveKey = hashOf(hashOf(JSON.stringify(summary('a'))));
  const previous = {
    pageKeyPrefix: 'app-1',
    files: Object.fromEntries(
      [
        ['index.html', 'front-1'],
        ['sections/alpha/index.html', 'alpha-1'],
        ['search/index.html', 'search-1'],
        ['offline/index.html', 'offline'],
        ['saved/index.html', 'saved'],
        ['404.html', 'not-found'],
      ].map(([file, key]) => [file, { key }]),
    ),
    articles: {
      'a.json': { size: 1, mtimeMs: 1, hash: 'a-1', summary: summary('a'), page: { key: 'a-1' } },
      'b.json': { size: 1, mtimeMs: 1, hash: 'b-1', summary: summary('b'), page: { key: 'b-1', live: 'L' } },
    },
    liveSets: { L: { ids: ['a'], key: liveKey } },
  };
  const plan = (changes: { prefix?: string; a?: { hash: string; headline: string }; b?: string } = {}) => {
    const a = { hash: changes.a?.hash ?? 'a-1', summary: summary('a', changes.a?.headline) };
    const b = { hash: changes.b ?? 'b-1', summary: summary('b') };
    const made = planPages({
      previous,
      pageKeyPrefix: changes.prefix ?? 'app-1',
      summaries: [a.summary, b.summary],
      records: { 'a.json': a, 'b.json': b },
      listKeys,
      articleLists,
    });
    return { rendered: made.toRender.map((page) => page.file), kept: made.kept, liveSets: made.liveSets };
  };

  it('renders only the pages whose keys changed, and keeps the live lists of the pages it keeps', () => {
    expect(plan()).toEqual({ rendered: [], kept: 8, liveSets: previous.liveSets });
    expect(plan({ b: 'b-2' }).rendered).toEqual(['articles/b/index.html']);
  });

  it('renders again a page whose live list links to an article that changed, and every page when the app did', () => {
    expect(plan({ a: { hash: 'a-2', headline: 'Synthetic a, edited' } }).rendered).toEqual([
      'articles/a/index.html',
      'articles/b/index.html',
    ]);
    expect(plan({ prefix: 'app-2' }).rendered).toHaveLength(8);
  });
});

describe('the search bundles', () => {
  const entries = (year: number, count: number) =>
    Array.from({ length: count }, (_, n) => {
      const month = String((n % 12) + 1).padStart(2, '0');
      return { id: `synthetic-${year}-${n}`, hash: String(n), date: `${year}-${month}-01T00:00:00.000Z` };
    });

  it('are each year’s in order of publication: whole RECENT_BUNDLE_SIZEs in bundles of up to BUNDLE_SIZE, the rest recent', () => {
    expect([RECENT_BUNDLE_SIZE, BUNDLE_SIZE]).toEqual([16, 512]);
    const undated = Array.from({ length: 300 }, (_, n) => ({ id: `synthetic-undated-${String(n).padStart(3, '0')}`, hash: '', date: '' }));
    const bundles = bundlesOf(
      new Map([
        ['2022', entries(2022, 2048)],
        ['2023', entries(2023, 2049)],
        ['2024', entries(2024, 600)],
        ['undated', undated],
      ]),
    );
    expect(Object.fromEntries([...bundles].map(([name, inBundle]) => [name, inBundle.length]))).toEqual({
      '2022-1': 512,
      '2022-2': 512,
      '2022-3': 512,
      '2022-4': 512,
      '2023-1': 512,
      '2023-2': 512,
      '2023-3': 512,
      '2023-4': 512,
      '2023-recent': 1,
      // 600 is 37 whole 16s (592, of which 512 and 80) and 8 more; 300 is eighteen and 12 more.
      '2024-1': 512,
      '2024-2': 80,
      '2024-recent': 8,
      'undated-1': 288,
      undated: 12,
    });
    // In order of publication (the entries' months go round the year), the undated by id.
    const dates = [...bundles.get('2024-1')!, ...bundles.get('2024-2')!, ...bundles.get('2024-recent')!].map((entry) => entry.date);
    expect(dates).toEqual([...dates].sort());
    expect(bundles.get('2024-recent')!.every((entry) => entry.date >= bundles.get('2024-2')!.at(-1)!.date)).toBe(true);
    expect(bundles.get('undated')!.map((entry) => entry.id)).toEqual(undated.slice(288).map((entry) => entry.id));
    // Newest first, as api/search.json lists them: a year's recent bundle, then its others from the newest.
    expect([...bundles.keys()].sort(newestBundleFirst)).toEqual([
      '2024-recent',
      '2024-2',
      '2024-1',
      '2023-recent',
      '2023-4',
      '2023-3',
      '2023-2',
      '2023-1',
      '2022-4',
      '2022-3',
      '2022-2',
      '2022-1',
      'undated',
      'undated-1',
    ]);
    // Past nine bundles, by number, not by name.
    expect([...bundlesOf(new Map([['2024', entries(2024, 10 * BUNDLE_SIZE)]])).keys()].sort(newestBundleFirst).slice(0, 3)).toEqual([
      '2024-10',
      '2024-9',
      '2024-8',
    ]);
  });

  it('fail the build with the reason when an article cannot be read, and stop both indexers with nothing left unhandled', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'news-search-fail-'));
    const summary = (id: string, publishedAt: string) => ({
      id,
      section: 'alpha',
      headline: `Synthetic ${id}`,
      publishedAt,
      headlineOnly: false,
    });
    const records = [
      { hash: 'a', summary: summary('synthetic-old', '2022-05-01T00:00:00Z') },
      { hash: 'b', summary: summary('synthetic-new', '2024-05-01T00:00:00Z') },
      { hash: 'c', summary: summary('synthetic-gone', '2023-05-01T00:00:00Z') },
    ];
    const update = updateSearchIndexes({
      outDir: dir,
      full: true,
      previous: undefined,
      articlesAsBefore: false,
      publication: { name: 'Synthetic', locale: 'en-GB', timeZone: 'UTC', timeZoneLabel: 'UTC' },
      siteKey: 'synthetic',
      records,
      read: async (id) => {
        if (id === 'synthetic-gone') throw new Error('articles/synthetic-gone.json: no such file');
        return {
          id,
          section: 'alpha',
          headline: `Synthetic ${id}`,
          publishedAt: '2024-05-01T00:00:00Z',
          body: ['Synthetic text, not news.'],
        };
      },
    });
    await expect(update).rejects.toThrow('articles/synthetic-gone.json: no such file');
    await rm(dir, { recursive: true, force: true });
  }, 60_000);
});

describe('the text indexed for search', () => {
  it('ends the headline, the summary and each paragraph as a sentence, so that an excerpt does not run one into the next', () => {
    const article = {
      headline: 'Synthetic headline without a full stop',
      summary: 'A synthetic summary?',
      body: ['A paragraph that ends “in quotes.”', 'A paragraph without one', '  '],
    };
    expect(searchTextOf(article, 'en').split('\n')).toEqual([
      'Synthetic headline without a full stop.',
      'A synthetic summary?',
      'A paragraph that ends “in quotes.”',
      'A paragraph without one.',
    ]);
    expect(searchTextOf({ headline: '合成の見出し', body: ['合成の本文です。'] }, 'ja')).toBe('合成の見出し。\n合成の本文です。');
  });
});

describe('the lists of files a build writes and removes', () => {
  it('take a million files from a part of the build at once (a 300,000-article search index is about that)', () => {
    const written = ['index.html'];
    const searchIndex = Array.from({ length: 1_000_000 }, (_, n) => `pagefind/2020-h1/fragment/${n}.pf_fragment`);
    appendFiles(written, searchIndex);
    expect(written).toHaveLength(1_000_001);
    expect(written.at(-1)).toBe('pagefind/2020-h1/fragment/999999.pf_fragment');
  });
});
