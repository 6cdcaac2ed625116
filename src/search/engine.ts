// The search engine, without React: Pagefind's browser script loaded from the site's own pagefind/ folder,
// the bundles merged into it as a search needs them (the build writes them by year,
// src/pipeline/search-index.ts), the search across years, and a search again when a new build has renamed
// the bundles. useSearch (use-search.ts) connects it to the page; tests give it a fake Pagefind.
import * as v from 'valibot';
import { fetchJson } from '../api/fetchJson';
import { apiResources } from '../api/resources';
import { idSchema, timestamp, type SearchIndexes } from '../api/schemas';
import { apiUrl, searchBundleUrl, searchScriptUrl } from '../lib/paths';
import { searchYearOf } from '../lib/site-layout';

/** Results shown at first, and added by each "Show more". */
export const PAGE_SIZE = 10;

/** The part of Pagefind's browser API the engine calls. */
export interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  destroy?(): Promise<void>;
  init(): Promise<void>;
  mergeIndex(path: string, options: Record<string, unknown>): Promise<void>;
  search(
    term: string,
    options: { filters?: Record<string, string | { any: string[] }>; sort?: Record<string, 'asc' | 'desc'> },
  ): Promise<{
    results: { id: string; data(): Promise<unknown> }[];
    /** For each filter, how many of the results have each of its values. */
    filters?: Record<string, Record<string, number> | undefined>;
  } | null>;
}

/** Where the engine gets what it needs from the site: the site's own files in the browser, fakes in tests. */
export interface SearchLoader {
  /** Pagefind, from a bundle's script. */
  loadPagefind(bundle: string): Promise<Pagefind>;
  /** The address of a bundle's folder. */
  bundleUrl(bundle: string): string;
  /** The list of indexes as the site has it now. */
  currentIndexes(): Promise<SearchIndexes>;
}

export type Sort = 'relevance' | 'newest';
/** How far back to search: the recent years as a search needs them, or every year. */
export type Years = 'recent' | 'all';

export interface SearchRequest {
  term: string;
  section: string;
  sort: Sort;
  years: Years;
}

/** What the page uses of a Pagefind result, checked as it arrives like any other data. */
const resultDataSchema = v.object({
  /** The article's whole text, as indexed. */
  content: v.string(),
  excerpt: v.string(),
  meta: v.object({
    id: idSchema,
    title: v.string(),
    section: idSchema,
    publishedAt: v.optional(timestamp),
    headlineOnly: v.optional(v.string()),
  }),
});
type ResultData = v.InferOutput<typeof resultDataSchema>;

/** A result as the page shows it: its excerpt read once, as it arrives, into text and highlighted words. */
export interface Result {
  meta: ResultData['meta'];
  excerpt: { text: string; marked: boolean }[];
}

export interface Found {
  total: number;
  items: Result[];
  /** The years searched, newest first. */
  searched: string[];
  /** Whether every year was searched. */
  complete: boolean;
}

/**
 * Pagefind's excerpt is HTML: the article's text, escaped, with the matched words in <mark>. It is read
 * with the browser's HTML parser into text and highlights; no markup from it reaches the page. It is a
 * few words of the text around the matches: an ellipsis says where it starts or ends inside the text.
 */
function resultOf(data: unknown): Result {
  const { meta, excerpt, content } = v.parse(resultDataSchema, data);
  const body = new DOMParser().parseFromString(excerpt, 'text/html').body;
  const parts = [...body.childNodes].map((node) => ({ text: node.textContent ?? '', marked: node.nodeName === 'MARK' }));
  const flat = (text: string) => text.replace(/\s+/g, ' ').trim();
  const [whole, shown] = [flat(content), flat(parts.map((part) => part.text).join(''))];
  if (shown !== '' && !whole.startsWith(shown)) parts.unshift({ text: '… ', marked: false });
  if (shown !== '' && !whole.endsWith(shown)) parts.push({ text: ' …', marked: false });
  return { meta, excerpt: parts };
}

/** A year of the archive as search reaches it: its bundles (its recent articles' and the rest, newest first), or the undated entries'. */
interface Year {
  label: string;
  bundles: string[];
}
/** The index's bundles by year, newest first, as api/search.json lists them. */
function yearsOf(indexes: SearchIndexes): Year[] {
  const years: Year[] = [];
  for (const bundle of indexes.bundles) {
    const label = searchYearOf(bundle);
    const last = years.at(-1);
    if (last?.label === label) last.bundles.push(bundle);
    else years.push({ label, bundles: [bundle] });
  }
  return years;
}

const sameBundles = (a: SearchIndexes, b: SearchIndexes) => a.bundles.join('\n') === b.bundles.join('\n');

export interface SearchEngine {
  /**
   * Loads Pagefind and the newest year's bundles ahead of a search, so that the search being typed finds
   * them ready. A failure is left for the search to report.
   */
  prepare(indexes: SearchIndexes): Promise<void>;
  /**
   * Searches `indexes` (the list the page has) for the first `shown` results. If the site's list has
   * changed since, `onNewIndexes` is told the new one before it is searched. A search whose signal is
   * aborted (the reader asked for another) stops at its next step, with the signal's reason.
   */
  search(
    indexes: SearchIndexes,
    request: SearchRequest,
    options: { shown: number; signal?: AbortSignal; onNewIndexes?: (indexes: SearchIndexes) => void },
  ): Promise<Found>;
}

/**
 * An engine over one Pagefind. Pagefind's script keeps its state in its module, which the browser loads
 * once: so the site has one engine (searchEngine, below), which keeps Pagefind and the bundles merged into
 * it from one search to the next.
 */
export function createSearchEngine(loader: SearchLoader): SearchEngine {
  let pagefindLoading: Promise<Pagefind> | undefined;
  /** Each bundle merged into Pagefind, or being merged: a bundle joins once. */
  const merging = new Map<string, Promise<void>>();

  /**
   * Pagefind with (at least) the given bundles: the newest bundle, and the others merged into it as a
   * search first needs them, each marked with a `bundle` filter of its name, so that a search can be kept
   * to some of those loaded and asked of one at a time.
   */
  async function pagefindWith(indexes: SearchIndexes, bundles: string[]): Promise<Pagefind> {
    const first = indexes.bundles[0];
    if (!first) throw new Error('The archive has no search index.');
    pagefindLoading ??= (async () => {
      const pagefind = await loader.loadPagefind(first);
      await pagefind.options({ basePath: loader.bundleUrl(first), excerptLength: 24, mergeFilter: { bundle: first } });
      await pagefind.init();
      return pagefind;
    })().catch((error: unknown) => {
      pagefindLoading = undefined;
      throw error;
    });
    const pagefind = await pagefindLoading;
    // All at once: each merge is two requests one after the other (the bundle's entry file, then its
    // metadata), which for a search of many years would otherwise be two round trips a year.
    await Promise.all(
      bundles
        .filter((bundle) => bundle !== first)
        .map((bundle) => {
          let merged = merging.get(bundle);
          if (!merged) {
            merged = pagefind.mergeIndex(loader.bundleUrl(bundle), { mergeFilter: { bundle } });
            merging.set(bundle, merged);
            merged.catch(() => merging.delete(bundle));
          }
          return merged;
        }),
    );
    return pagefind;
  }

  /** Lets go of Pagefind and the bundles merged into it, for an index whose bundles a new build has renamed. */
  function forgetPagefind(): void {
    const loading = pagefindLoading;
    pagefindLoading = undefined;
    merging.clear();
    void loading?.then((pagefind) => pagefind.destroy?.()).catch(() => undefined);
  }

  /**
   * Runs a search. The newest year is searched first, and older years one by one only while fewer than a
   * page of results is found, unless the reader asked for every year: so that a search of an archive of
   * many years loads (and searches) the index of the years it needs, not of all of them.
   */
  async function searchArchive(indexes: SearchIndexes, search: SearchRequest, shown: number, signal?: AbortSignal): Promise<Found> {
    const years = yearsOf(indexes);
    const term = search.term.trim();
    const section: Record<string, string> = search.section ? { section: search.section } : {};
    for (let reach = search.years === 'all' ? years.length : 1; ; reach++) {
      const searched = years.slice(0, reach);
      const bundles = searched.flatMap((year) => year.bundles);
      const pagefind = await pagefindWith(indexes, bundles);
      signal?.throwIfAborted();
      // Kept to these years, whichever others a wider search has loaded before.
      const found = await pagefind.search(term, { filters: { bundle: { any: bundles }, ...section } });
      signal?.throwIfAborted();
      const results = found?.results ?? [];
      if (results.length < PAGE_SIZE && reach < years.length) continue;
      let ordered = results;
      if (search.sort === 'newest') {
        // Under a sort, Pagefind gives each result its place within its own bundle and merges the bundles
        // by it, which puts one year's results among another's: so each bundle is asked on its own, newest
        // first, until the page is full; those with no results (Pagefind counts them by filter) are passed over.
        ordered = [];
        const inEach = found?.filters?.bundle;
        for (const bundle of bundles) {
          if (ordered.length >= shown) break;
          if (inEach && !inEach[bundle]) continue;
          const inBundle = await pagefind.search(term, { filters: { bundle, ...section }, sort: { date: 'desc' } });
          signal?.throwIfAborted();
          ordered.push(...(inBundle?.results ?? []));
        }
      }
      const items = await Promise.all(ordered.slice(0, shown).map(async (result) => resultOf(await result.data())));
      signal?.throwIfAborted();
      return { total: results.length, items, searched: searched.map((year) => year.label), complete: reach >= years.length };
    }
  }

  return {
    async prepare(indexes) {
      await pagefindWith(indexes, yearsOf(indexes)[0]?.bundles ?? []);
    },

    /**
     * Runs a search, and once more if it failed or found nothing and the site's list of indexes has
     * changed since the page read it: a new build renames bundles (the newest, as articles are published),
     * whose files then answer 404. Pagefind reports some of those as a failure, and passes over others (a
     * missing part of the word index finds nothing), so both ask for the list again, once.
     */
    async search(indexes, request, { shown, signal, onNewIndexes }) {
      let found: Found | undefined;
      let failure: unknown;
      try {
        found = await searchArchive(indexes, request, shown, signal);
        if (found.total > 0) return found;
      } catch (error) {
        if (signal?.aborted) throw error;
        failure = error;
      }
      const current = await loader.currentIndexes().catch(() => indexes);
      signal?.throwIfAborted();
      if (sameBundles(current, indexes)) {
        if (found) return found;
        throw failure;
      }
      forgetPagefind();
      onNewIndexes?.(current);
      return searchArchive(current, request, shown, signal);
    },
  };
}

/** The site's own files: Pagefind's script and bundles from its pagefind/ folder, the list from its API. */
const siteLoader: SearchLoader = {
  loadPagefind: async (bundle) => (await import(/* @vite-ignore */ searchScriptUrl(bundle))) as Pagefind,
  bundleUrl: searchBundleUrl,
  // With a query no copy has, so that neither the browser nor a service worker (an older one too) answers
  // with the list the page already read.
  currentIndexes: () => fetchJson(`${apiUrl(apiResources.search.file())}?fresh=${Date.now()}`, apiResources.search.schema),
};

/** The site's search engine. */
export const searchEngine = createSearchEngine(siteLoader);
