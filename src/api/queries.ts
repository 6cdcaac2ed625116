// One query-options factory per resource, shared by route loaders and components. Keys go from general
// to specific so a whole resource can be invalidated at once. Each resource has its own freshness:
// article bodies never change once published, lists change often, and the ranking and the popular
// lists are live.
import { queryOptions, type QueryKey } from '@tanstack/react-query';
import type * as v from 'valibot';
import { apiFiles, apiUrl } from '../lib/paths';
import { LATEST_PERIOD } from '../lib/site-layout';
import { fetchJson } from './fetchJson';
import { apiArticleSchema, frontSchema, popularListSchema, rankingSchema, sectionPageSchema, siteSchema } from './schemas';

/** The live lists are fetched again this often while the tab is visible, and on return after longer. */
export const LIVE_REFRESH_MS = 5 * 60_000;
/** Lists of articles (front page, sections) are asked for again on the next visit after this long. */
export const LIST_STALE_MS = 60_000;

export const siteQueries = {
  detail: () =>
    queryOptions({
      queryKey: ['site'],
      queryFn: ({ signal }) => fetchJson(apiUrl(apiFiles.site()), siteSchema, signal),
      staleTime: Infinity,
    }),
};

export const frontQueries = {
  detail: () =>
    queryOptions({
      queryKey: ['front'],
      queryFn: ({ signal }) => fetchJson(apiUrl(apiFiles.front()), frontSchema, signal),
      staleTime: LIST_STALE_MS,
    }),
};

export const articleQueries = {
  all: () => ['articles'] as const,
  detail: (id: string) =>
    queryOptions({
      queryKey: [...articleQueries.all(), id],
      queryFn: ({ signal }) => fetchJson(apiUrl(apiFiles.article(id)), apiArticleSchema, signal),
      // Kept for the whole visit: a published article does not change.
      staleTime: Infinity,
      gcTime: Infinity,
    }),
};

export const sectionQueries = {
  all: () => ['sections'] as const,
  period: (sectionId: string, period: string = LATEST_PERIOD) =>
    queryOptions({
      queryKey: [...sectionQueries.all(), sectionId, period],
      queryFn: ({ signal }) => fetchJson(apiUrl(apiFiles.section(sectionId, period)), sectionPageSchema, signal),
      staleTime: LIST_STALE_MS,
    }),
};

export const popularQueries = {
  all: () => ['popular'] as const,
  inSection: (sectionId: string) =>
    queryOptions({
      queryKey: [...popularQueries.all(), sectionId],
      queryFn: ({ signal }) => fetchJson(apiUrl(apiFiles.popular(sectionId)), popularListSchema, signal),
      staleTime: LIVE_REFRESH_MS,
      refetchInterval: LIVE_REFRESH_MS,
    }),
};

export const rankingQueries = {
  detail: () =>
    queryOptions({
      queryKey: ['ranking'],
      queryFn: ({ signal }) => fetchJson(apiUrl(apiFiles.ranking()), rankingSchema, signal),
      staleTime: LIVE_REFRESH_MS,
      refetchInterval: LIVE_REFRESH_MS,
    }),
};

/** The schema of the data under a query key, to check data that arrives embedded in a page. */
export function schemaOfQueryKey(key: QueryKey): v.GenericSchema | undefined {
  switch (key[0]) {
    case 'site':
      return siteSchema;
    case 'front':
      return frontSchema;
    case 'articles':
      return apiArticleSchema;
    case 'sections':
      return sectionPageSchema;
    case 'popular':
      return popularListSchema;
    case 'ranking':
      return rankingSchema;
    default:
      return undefined;
  }
}

/** Live lists embedded in a page are as old as the page's file: the browser asks for them again at once. */
export function isLiveQueryKey(key: QueryKey): boolean {
  return key[0] === 'popular' || key[0] === 'ranking';
}
