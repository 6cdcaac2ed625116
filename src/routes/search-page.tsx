// Full-text search of the whole archive, in the browser, against the static Pagefind indexes the build
// writes (in bundles by year, src/pipeline/search-index.ts). A lazy route (src/app.tsx): its code (3.0 KB
// gzip) is loaded only when the page is opened or a search box is focused, and Pagefind's script and
// WebAssembly, from the site's own pagefind/ folder, only when a search box is focused or a search is made.
import { queryOptions, useQuery, useQueryClient, useSuspenseQuery, type QueryClient } from '@tanstack/react-query';
import { memo, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import * as v from 'valibot';
import { fetchJson } from '../api/fetchJson';
import { siteQueries } from '../api/queries';
import { idSchema, searchIndexesSchema, timestamp, type Publication, type SearchIndexes, type Site } from '../api/schemas';
import { ArticleLink } from '../components/ArticleLink';
import { DocumentTitle } from '../components/DocumentTitle';
import { useTakenOver } from '../hydration';
import { formatDate } from '../lib/dates';
import { connectionAllowsPrefetch } from '../lib/online';
import { apiFiles, apiUrl, pageUrl, paths, searchBundleUrl, searchScriptUrl } from '../lib/paths';
import { searchYearOf } from '../lib/site-layout';

/** Results shown at first, and added by each "Show more". */
const PAGE_SIZE = 10;

const searchIndexesQuery = () =>
  queryOptions({
    queryKey: ['search-indexes'],
    queryFn: ({ signal }) => fetchJson(apiUrl(apiFiles.search()), searchIndexesSchema, signal),
    staleTime: 60_000,
  });

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
interface Result {
  meta: ResultData['meta'];
  excerpt: { text: string; marked: boolean }[];
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

/** The part of Pagefind's browser API the page calls. */
interface Pagefind {
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

/**
 * Starts loading the search engine (the list of indexes, Pagefind's script, its WebAssembly and the newest
 * year's metadata) ahead of a search: called when the reader focuses a search box, so that the search
 * they are typing finds it ready. Not where the connection has no bytes to spare. A failure is left for
 * the search itself to report.
 */
export function prepareSearch(queryClient: QueryClient): void {
  if (!connectionAllowsPrefetch()) return;
  queryClient
    .fetchQuery(searchIndexesQuery())
    .then((indexes) => pagefindWith(indexes, yearsOf(indexes)[0]?.bundles ?? []))
    .catch(() => undefined);
}

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
    const pagefind = (await import(/* @vite-ignore */ searchScriptUrl(first))) as Pagefind;
    await pagefind.options({ basePath: searchBundleUrl(first), excerptLength: 24, mergeFilter: { bundle: first } });
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
          merged = pagefind.mergeIndex(searchBundleUrl(bundle), { mergeFilter: { bundle } });
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
 * The list of indexes as the site has it now: with a query no copy has, so that neither the browser nor
 * a service worker (an older one too) answers with the list the page already read.
 */
const currentIndexes = () => fetchJson(`${apiUrl(apiFiles.search())}?fresh=${Date.now()}`, searchIndexesSchema);

const sameBundles = (a: SearchIndexes, b: SearchIndexes) => a.bundles.join('\n') === b.bundles.join('\n');

type Sort = 'relevance' | 'newest';
/** The order a form field or the address asks for: newest first only when it says so. */
const sortOf = (value: unknown): Sort => (value === 'newest' ? 'newest' : 'relevance');
type Years = 'recent' | 'all';
/** How far back to search: every year only when asked. */
const yearsAsked = (value: unknown): Years => (value === 'all' ? 'all' : 'recent');

interface Search {
  term: string;
  section: string;
  sort: Sort;
  years: Years;
}

interface Found {
  total: number;
  items: Result[];
  /** The years searched, newest first. */
  searched: string[];
  /** Whether every year was searched. */
  complete: boolean;
}

/**
 * Runs a search. The newest year is searched first, and older years one by one only while fewer than a
 * page of results is found, unless the reader asked for every year: so that a search of an archive of
 * many years loads (and searches) the index of the years it needs, not of all of them.
 */
async function searchArchive(indexes: SearchIndexes, search: Search, shown: number): Promise<Found> {
  const years = yearsOf(indexes);
  const term = search.term.trim();
  const section: Record<string, string> = search.section ? { section: search.section } : {};
  for (let reach = search.years === 'all' ? years.length : 1; ; reach++) {
    const searched = years.slice(0, reach);
    const bundles = searched.flatMap((year) => year.bundles);
    const pagefind = await pagefindWith(indexes, bundles);
    // Kept to these years, whichever others a wider search has loaded before.
    const found = await pagefind.search(term, { filters: { bundle: { any: bundles }, ...section } });
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
        ordered.push(...(inBundle?.results ?? []));
      }
    }
    const items = await Promise.all(ordered.slice(0, shown).map(async (result) => resultOf(await result.data())));
    return { total: results.length, items, searched: searched.map((year) => year.label), complete: reach >= years.length };
  }
}

/**
 * Runs a search, and once more if it failed or found nothing and the site's list of indexes has changed
 * since the page read it: a new build renames bundles (the newest, as articles are published), whose
 * files then answer 404. Pagefind reports some of those as a failure, and passes over others (a missing
 * part of the word index finds nothing), so both ask for the list again, once.
 */
async function searchCurrentArchive(queryClient: QueryClient, indexes: SearchIndexes, search: Search, shown: number): Promise<Found> {
  let found: Found | undefined;
  let failure: unknown;
  try {
    found = await searchArchive(indexes, search, shown);
    if (found.total > 0) return found;
  } catch (error) {
    failure = error;
  }
  const current = await currentIndexes().catch(() => indexes);
  if (sameBundles(current, indexes)) {
    if (found) return found;
    throw failure;
  }
  forgetPagefind();
  queryClient.setQueryData(searchIndexesQuery().queryKey, current);
  return searchArchive(current, search, shown);
}

function useSearchResults(search: Search, shown: number) {
  const queryClient = useQueryClient();
  const { data: indexes, isError: noIndexes } = useQuery(searchIndexesQuery());
  const results = useQuery({
    queryKey: ['search', search.term, search.section, search.sort, search.years, shown],
    enabled: indexes !== undefined && search.term.trim() !== '',
    queryFn: () => searchCurrentArchive(queryClient, indexes!, search, shown),
    staleTime: Infinity,
    // Keeps the list on screen while more results or another order load, with no flash of nothing.
    placeholderData: (previous) => previous,
    retry: false,
  });
  // Without its list of indexes (the dev server has none) search cannot start: said as a failure, not "Searching…".
  return { ...results, isError: results.isError || noIndexes };
}

function SearchResult({ result, site }: { result: Result; site: Site }) {
  const { meta } = result;
  const section = site.sections.find((each) => each.id === meta.section);
  const headlineOnly = meta.headlineOnly === 'true';
  return (
    <li className="search-result">
      <h2 className="section-item-headline">
        <ArticleLink article={{ id: meta.id, section: meta.section }} dir="auto">
          {meta.title}
        </ArticleLink>
      </h2>
      <p className="section-item-meta">
        {section && <Link to={paths.section(section.id)}>{section.name}</Link>}
        {section && ' · '}
        <ResultDate publishedAt={meta.publishedAt} publication={site.publication} />
        {headlineOnly && <span className="tag">Headline only</span>}
      </p>
      {!headlineOnly && (
        <p className="search-excerpt">
          {result.excerpt.map(({ text, marked }, position) => (marked ? <mark key={position}>{text}</mark> : text))}
        </p>
      )}
    </li>
  );
}

/** The results on screen: drawn again only when they change, not at each step of the next search. */
const SearchResults = memo(function SearchResults({ items, site }: { items: Result[]; site: Site }) {
  return (
    <ol className="search-results">
      {items.map((result) => (
        <SearchResult key={result.meta.id} result={result} site={site} />
      ))}
    </ol>
  );
});

function ResultDate({ publishedAt, publication }: { publishedAt?: string; publication: Publication }) {
  if (!publishedAt) return 'Date not archived';
  return <time dateTime={publishedAt}>{formatDate(publishedAt, publication.timeZone, publication.locale)}</time>;
}

/** One of the search form's choices: a labelled list, whose change is a new search. */
function Choice(props: {
  label: string;
  name: string;
  value: string;
  options: readonly (readonly [value: string, label: string])[];
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <p>
      <label htmlFor={id}>{props.label}</label>
      <select id={id} name={props.name} defaultValue={props.value} onChange={(event) => props.onChange(event.currentTarget.value)}>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </p>
  );
}

/** What the status line says of a search's results: how many, and the years searched when not all were. */
function statusOf(term: string, found: Found): string {
  if (found.total === 0) return `No results for “${term}”.`;
  const count = `${found.total.toLocaleString('en-US')} result${found.total === 1 ? '' : 's'} for “${term}”`;
  if (found.complete) return `${count}.`;
  const newest = found.searched[0];
  const oldest = found.searched.at(-1);
  return newest === oldest ? `${count} in ${newest}.` : `${count} from ${oldest} to ${newest}.`;
}

/** The search as the address has it; "" and relevance until the page has been taken over, as prerendered. */
function useSearch(): [Search, (next: Search) => void] {
  const [params, setParams] = useSearchParams();
  // The prerendered page has no search in it.
  const started = useTakenOver();
  const search: Search = started
    ? {
        term: params.get('q') ?? '',
        section: params.get('section') ?? '',
        sort: sortOf(params.get('sort')),
        years: yearsAsked(params.get('years')),
      }
    : { term: '', section: '', sort: 'relevance', years: 'recent' };
  const setSearch = (next: Search) => {
    const query = new URLSearchParams();
    if (next.term) query.set('q', next.term);
    if (next.section) query.set('section', next.section);
    if (next.sort === 'newest') query.set('sort', 'newest');
    if (next.years === 'all') query.set('years', 'all');
    // Each search is a step in the history: Back returns to the one before.
    setParams(query);
  };
  return [search, setSearch];
}

export function SearchPage() {
  const { data: site } = useSuspenseQuery(siteQueries.detail());
  const queryClient = useQueryClient();
  const [search, setSearch] = useSearch();
  // How many results to show, for this search: a new search starts again from the first page.
  const searchKey = `${search.term}|${search.section}|${search.sort}|${search.years}`;
  const [more, setMore] = useState({ searchKey, shown: PAGE_SIZE });
  const shown = more.searchKey === searchKey ? more.shown : PAGE_SIZE;
  const results = useSearchResults(search, shown);
  const termId = useId();
  const term = search.term.trim();

  let status = '';
  if (term && results.isError) status = 'Search is not available right now. Try again later, or browse the sections.';
  else if (term && results.data && !results.isPlaceholderData) status = statusOf(term, results.data);
  else if (term) status = 'Searching…';

  return (
    <div className="search-page">
      <DocumentTitle title={`${term ? `${term}: search` : 'Search'} | ${site.publication.name}`} />
      <h1 className="page-title" tabIndex={-1}>
        Search
      </h1>
      <noscript>
        <p className="page-message">
          Search needs JavaScript, which is off in this browser. Every article can be found from its section:{' '}
          {site.sections.map((section, position) => (
            <span key={section.id}>
              {position > 0 && ', '}
              <a href={pageUrl(paths.section(section.id))}>{section.name}</a>
            </span>
          ))}
          .
        </p>
      </noscript>
      <form
        className="search-form"
        role="search"
        aria-label="Search and filters"
        key={searchKey}
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          setSearch({
            term: String(form.get('q') ?? ''),
            section: String(form.get('section') ?? ''),
            sort: sortOf(form.get('sort')),
            years: yearsAsked(form.get('years')),
          });
        }}
      >
        <p>
          <label htmlFor={termId}>Words to find</label>
          <input
            id={termId}
            type="search"
            name="q"
            defaultValue={search.term}
            autoComplete="off"
            enterKeyHint="search"
            onFocus={() => prepareSearch(queryClient)}
          />
        </p>
        <Choice
          label="Section"
          name="section"
          value={search.section}
          options={[['', 'All sections'], ...site.sections.map((section) => [section.id, section.name] as const)]}
          onChange={(section) => setSearch({ ...search, section })}
        />
        <Choice
          label="Order"
          name="sort"
          value={search.sort}
          options={[
            ['relevance', 'Most relevant first'],
            ['newest', 'Newest first'],
          ]}
          onChange={(sort) => setSearch({ ...search, sort: sortOf(sort) })}
        />
        <Choice
          label="Years"
          name="years"
          value={search.years}
          options={[
            ['recent', 'Recent years'],
            ['all', 'All years'],
          ]}
          onChange={(years) => setSearch({ ...search, years: yearsAsked(years) })}
        />
        <p>
          <button type="submit">Search</button>
        </p>
      </form>
      <div className="search-summary">
        <p className="search-status" role="status">
          {status}
        </p>
        {term && results.data && !results.data.complete && !results.isPlaceholderData && (
          <button type="button" onClick={() => setSearch({ ...search, years: 'all' })}>
            Search all years
          </button>
        )}
      </div>
      {term && results.data && results.data.items.length > 0 && (
        <>
          <SearchResults items={results.data.items} site={site} />
          {results.data.total > results.data.items.length && (
            <p>
              <button type="button" onClick={() => setMore({ searchKey, shown: shown + PAGE_SIZE })} disabled={results.isFetching}>
                Show more results
              </button>
            </p>
          )}
        </>
      )}
    </div>
  );
}
