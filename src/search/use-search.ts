// The search engine (engine.ts) in React: the search as the address has it (each search a step in the
// history), its results through TanStack Query, and the engine started ahead when a search box is focused.
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { apiQuery } from '../api/queries';
import { apiResources } from '../api/resources';
import { useTakenOver } from '../hydration';
import { connectionAllowsPrefetch } from '../lib/online';
import { PAGE_SIZE, searchEngine, type SearchRequest, type Sort, type Years } from './engine';

const searchIndexesQuery = () => apiQuery(apiResources.search);

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
    .then((indexes) => searchEngine.prepare(indexes))
    .catch(() => undefined);
}

/** The order a form field or the address asks for: newest first only when it says so. */
export const sortOf = (value: unknown): Sort => (value === 'newest' ? 'newest' : 'relevance');
/** How far back to search: every year only when asked. */
export const yearsAsked = (value: unknown): Years => (value === 'all' ? 'all' : 'recent');

/** The search as the address has it; "" and relevance until the page has been taken over, as prerendered. */
function useSearchAddress(): [SearchRequest, (next: SearchRequest) => void] {
  const [params, setParams] = useSearchParams();
  // The prerendered page has no search in it.
  const started = useTakenOver();
  const search: SearchRequest = started
    ? {
        term: params.get('q') ?? '',
        section: params.get('section') ?? '',
        sort: sortOf(params.get('sort')),
        years: yearsAsked(params.get('years')),
      }
    : { term: '', section: '', sort: 'relevance', years: 'recent' };
  const setSearch = (next: SearchRequest) => {
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

/**
 * The search the address asks for and its results: `setSearch` makes a new search (a step in the
 * history), `showMore` shows another page of its results. `searchKey` names the search, for what starts
 * again with each.
 */
export function useSearch() {
  const queryClient = useQueryClient();
  const [search, setSearch] = useSearchAddress();
  // How many results to show, for this search: a new search starts again from the first page.
  const searchKey = `${search.term}|${search.section}|${search.sort}|${search.years}`;
  const [more, setMore] = useState({ searchKey, shown: PAGE_SIZE });
  const shown = more.searchKey === searchKey ? more.shown : PAGE_SIZE;
  const { data: indexes, isError: noIndexes } = useQuery(searchIndexesQuery());
  const results = useQuery({
    queryKey: ['search', search.term, search.section, search.sort, search.years, shown],
    enabled: indexes !== undefined && search.term.trim() !== '',
    queryFn: ({ signal }) =>
      searchEngine.search(indexes!, search, {
        shown,
        signal,
        onNewIndexes: (current) => queryClient.setQueryData(searchIndexesQuery().queryKey, current),
      }),
    staleTime: Infinity,
    // Keeps the list on screen while more results or another order load, with no flash of nothing.
    placeholderData: (previous) => previous,
    retry: false,
  });
  return {
    search,
    setSearch,
    searchKey,
    // Without its list of indexes (the dev server has none) search cannot start: said as a failure, not "Searching…".
    results: { ...results, isError: results.isError || noIndexes },
    showMore: () => setMore({ searchKey, shown: shown + PAGE_SIZE }),
    prepare: () => prepareSearch(queryClient),
  };
}
