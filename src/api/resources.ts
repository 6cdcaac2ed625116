// The static API's resources, in one place: the file each is served from, the schema the client reads
// it with, how long the reader's copy stays fresh, and how the service worker keeps it on the device.
// The query options (queries.ts), the check of data embedded in a page (hydration.ts), which lists are
// live (entry-server.tsx, the build's tests) and the service worker's rules (sw.ts) are derived from
// here. A new API file is one entry below, with its schema in schemas.ts and its path in site-layout.ts.
import type * as v from 'valibot';
import { apiFiles } from '../lib/site-layout';
import {
  apiArticleSchema,
  frontSchema,
  popularListSchema,
  rankingSchema,
  searchIndexesSchema,
  sectionPageSchema,
  siteSchema,
} from './schemas';

/**
 * How long the reader's copy is fresh:
 * - `published`: never changes once written (an article); kept for the whole visit;
 * - `deploy`: changes only with a new build (the site's sections);
 * - `list`: lists of articles, asked for again on the next visit after a minute;
 * - `live`: lists that change without any article changing (ranking, popular); fetched again every few
 *   minutes while the page is open, and at once when a prerendered page starts (it may be old).
 */
export type Freshness = 'published' | 'deploy' | 'list' | 'live';

/**
 * How the service worker answers for it:
 * - `network-first`: what a new build may remove or rename (an article may be taken down; the search
 *   bundles' names change), so that the device never shows it after the server says it is gone;
 * - `device-first`: at once from the device, refreshed behind (stale while revalidate);
 * - `network-only`: never kept on the device, so never shown stale (offline, its widget says so).
 */
export type OnDevice = 'network-first' | 'device-first' | 'network-only';

export interface ApiResource<Params extends string[] = string[], Data = unknown> {
  /** The first part of its query keys, which go on with the file's parameters. */
  key: string;
  /** Its file, relative to the API folder, from its parameters. */
  file: (...params: Params) => string;
  schema: v.GenericSchema<unknown, Data>;
  freshness: Freshness;
  onDevice: OnDevice;
}

const resource = <Params extends string[], Data>(entry: ApiResource<Params, Data>) => entry;
/** A live list links to articles, which the build follows to know which pages show it. */
const liveList = <Params extends string[], Data extends { articles: { id: string }[] }>(
  entry: Omit<ApiResource<Params, Data>, 'freshness' | 'onDevice'>,
): ApiResource<Params, Data> => ({ ...entry, freshness: 'live', onDevice: 'network-only' });

export const apiResources = {
  site: resource({ key: 'site', file: apiFiles.site, schema: siteSchema, freshness: 'deploy', onDevice: 'device-first' }),
  front: resource({ key: 'front', file: apiFiles.front, schema: frontSchema, freshness: 'list', onDevice: 'device-first' }),
  article: resource({
    key: 'articles',
    file: apiFiles.article,
    schema: apiArticleSchema,
    freshness: 'published',
    onDevice: 'network-first',
  }),
  section: resource({
    key: 'sections',
    file: apiFiles.section,
    schema: sectionPageSchema,
    freshness: 'list',
    onDevice: 'device-first',
  }),
  popular: liveList({ key: 'popular', file: apiFiles.popular, schema: popularListSchema }),
  ranking: liveList({ key: 'ranking', file: apiFiles.ranking, schema: rankingSchema }),
  search: resource({
    // Not "search": the search page's results are kept under that key.
    key: 'search-indexes',
    file: apiFiles.search,
    schema: searchIndexesSchema,
    freshness: 'list',
    onDevice: 'network-first',
  }),
};

const registry: ApiResource[] = Object.values(apiResources) as ApiResource[];

/** The resource whose data a query key holds ("articles", …), if any. */
export const resourceOfKey = (key: readonly unknown[]): ApiResource | undefined => registry.find((each) => each.key === key[0]);

/** Stands for a parameter in a file's path: it cannot be in an id or a period. */
const PARAMETER = '\u0000';
const escapeForPattern = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A resource's files as a pattern: its path with each parameter any one path segment. */
const filePatternOf = ({ file }: ApiResource) =>
  new RegExp(
    `^${file(...Array.from({ length: file.length }, () => PARAMETER))
      .split(PARAMETER)
      .map(escapeForPattern)
      .join('[^/]+')}$`,
  );
// Made when first asked for, so that a bundle that never asks (the app's) leaves the code out.
let filePatterns: { resource: ApiResource; pattern: RegExp }[] | undefined;

/** The resource a file of the API folder ("articles/x.json", relative to it) is one of, if any. */
export function resourceOfFile(file: string): ApiResource | undefined {
  filePatterns ??= registry.map((resource) => ({ resource, pattern: filePatternOf(resource) }));
  return filePatterns.find(({ pattern }) => pattern.test(file))?.resource;
}

/** Whether data under this query key is a live list. */
export const isLiveQueryKey = (key: readonly unknown[]): boolean => resourceOfKey(key)?.freshness === 'live';

/** The articles a live list links to (its data as its schema gave it: see liveList). */
export const articlesOfLiveList = (data: unknown): string[] =>
  (data as { articles: { id: string }[] }).articles.map((article) => article.id);
