// The query options of each API resource, derived from the registry (resources.ts) and shared by route
// loaders and components. Keys go from general to specific ([resource, …its file's parameters]) so a
// whole resource can be invalidated at once.
import { queryOptions } from '@tanstack/react-query';
import { apiUrl } from '../lib/paths';
import { LATEST_PERIOD } from '../lib/site-layout';
import { fetchJson } from './fetchJson';
import { apiResources, type ApiResource, type Freshness } from './resources';

/** The live lists are fetched again this often while the tab is visible, and on return after longer. */
export const LIVE_REFRESH_MS = 5 * 60_000;
/** Lists of articles (front page, sections) are asked for again on the next visit after this long. */
export const LIST_STALE_MS = 60_000;

const freshnessOptions: Record<Freshness, { staleTime: number; gcTime?: number; refetchInterval?: number }> = {
  // Kept for the whole visit: a published article does not change.
  published: { staleTime: Infinity, gcTime: Infinity },
  deploy: { staleTime: Infinity },
  list: { staleTime: LIST_STALE_MS },
  live: { staleTime: LIVE_REFRESH_MS, refetchInterval: LIVE_REFRESH_MS },
};

/** The query options of one of the API's files. */
export function apiQuery<Params extends string[], Data>(resource: ApiResource<Params, Data>, ...params: Params) {
  return queryOptions({
    queryKey: [resource.key, ...params],
    queryFn: ({ signal }) => fetchJson(apiUrl(resource.file(...params)), resource.schema, signal),
    ...freshnessOptions[resource.freshness],
  });
}

export const siteQueries = { detail: () => apiQuery(apiResources.site) };
export const frontQueries = { detail: () => apiQuery(apiResources.front) };
export const articleQueries = { detail: (id: string) => apiQuery(apiResources.article, id) };
export const sectionQueries = {
  period: (sectionId: string, period: string = LATEST_PERIOD) => apiQuery(apiResources.section, sectionId, period),
};
export const popularQueries = { inSection: (sectionId: string) => apiQuery(apiResources.popular, sectionId) };
export const rankingQueries = { detail: () => apiQuery(apiResources.ranking) };
