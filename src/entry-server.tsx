// The server entry: renders one address of the app to HTML with its data, for prerendering at build
// time. The browser entry (main.tsx) then hydrates it.
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { renderToString } from 'react-dom/server';
import { createStaticHandler, createStaticRouter, StaticRouterProvider, type StaticHandler } from 'react-router';
import { createQueryClient, createRoutes, type LazyPageHandle } from './app';
import { fetchJson } from './api/fetchJson';
import { articleQueries, isLiveQueryKey, siteQueries } from './api/queries';
import { searchIndexesSchema, type Site } from './api/schemas';
import { TitleSinkContext } from './components/DocumentTitle';
import { embeddedQueries, routeErrorsToJson, serializePayload } from './hydration';
import { textDirection, withDateTextsUsed } from './lib/dates';
import { apiFiles, apiUrl, routerBasename, searchScriptUrl, siteRoot } from './lib/paths';
import { pageHeadOf, type PageHead, type PageKind } from './pipeline/page-head';

export interface RenderedPage {
  status: number;
  title: string;
  lang: string;
  dir: 'ltr' | 'rtl';
  /** What the page says about itself in its head (description, canonical address, share previews). */
  head: PageHead;
  /** The app's markup, for inside the root element. */
  html: string;
  /** The data block for the browser, as JSON text safe to put inside a script element. */
  payload: string;
  /** The articles the page's live lists (ranking, popular) link to, as they were when it was rendered. */
  liveArticleIds: string[];
  /** The modules of the lazy routes the page is at (src/app.tsx), whose scripts the page preloads. */
  lazyModules: string[];
  /** What else the page's code will ask for as it starts, asked for with the page instead. */
  preloads: Preload[];
}

/** A file the page preloads: data its code fetches, or a module it imports. */
export interface Preload {
  href: string;
  as: 'fetch' | 'module';
}

/** Renders an address ("/articles/x", without the base path). Fetches go through global fetch. */
export const renderPage = (address: string) => createPageRenderer()(address);

/**
 * A renderer for many pages, one after another: the query client and the router's handler (whose route
 * ranking is a tenth of a page's time) are made once. The cache is emptied after each page, so a page
 * carries only its own data.
 */
export function createPageRenderer(): (address: string) => Promise<RenderedPage> {
  const queryClient = createQueryClient({ retry: false });
  const handler = createStaticHandler(createRoutes(queryClient), { basename: routerBasename });
  let busy = false;
  return async (address) => {
    if (busy) throw new Error('a page renderer renders one page at a time');
    busy = true;
    try {
      return await render(queryClient, handler, address);
    } finally {
      queryClient.clear();
      busy = false;
    }
  };
}

async function render(queryClient: QueryClient, handler: StaticHandler, address: string): Promise<RenderedPage> {
  const prefix = routerBasename === '/' ? '' : routerBasename;
  const context = await handler.query(new Request(`http://prerender.invalid${prefix}${address}`));
  if (context instanceof Response) throw new Error(`${address} answered with a redirect`);
  // Loaders only start the widgets' data; the page is rendered with it, so wait for it all.
  await new Promise<void>((resolve) => {
    if (queryClient.isFetching() === 0) return resolve();
    const unsubscribe = queryClient.getQueryCache().subscribe(() => {
      if (queryClient.isFetching() > 0) return;
      unsubscribe();
      resolve();
    });
  });

  let title = '';
  const { result: html, dateTexts } = withDateTextsUsed(() =>
    renderToString(
      <TitleSinkContext.Provider value={(value) => (title = value)}>
        <QueryClientProvider client={queryClient}>
          <StaticRouterProvider router={createStaticRouter(handler.dataRoutes, context)} context={context} hydrate={false} />
        </QueryClientProvider>
      </TitleSinkContext.Provider>,
    ),
  );
  const site = queryClient.getQueryData(siteQueries.detail().queryKey);
  const queries = embeddedQueries(queryClient);
  const liveArticleIds = queries
    .filter((query) => isLiveQueryKey(query.key))
    .flatMap((query) => (query.data as { articles: { id: string }[] }).articles.map((article) => article.id));
  const payload = serializePayload({
    queries,
    router: { loaderData: context.loaderData, errors: routeErrorsToJson(context.errors) },
    dateTexts,
  });
  if (!site) throw new Error(`${address} was rendered without the site's data`);
  const head = headOf(address, title, site, context.statusCode, context.matches, queryClient);
  const lang = site.publication.locale;
  const lazyModules = context.matches.flatMap(({ route }) => (route.handle as LazyPageHandle | undefined)?.module ?? []);
  const preloads = context.statusCode === 200 && context.matches.at(-1)?.route.id === 'search' ? await searchPreloads() : [];
  return { status: context.statusCode, title, lang, dir: textDirection(lang), head, html, payload, liveArticleIds, lazyModules, preloads };
}

/**
 * A search page's code, once it has started, fetches the list of indexes and then imports the newest
 * one's Pagefind script: two round trips one after the other before the search itself begins. The page
 * asks for both as it loads, beside the app's script (a reader who opens a shared search link waits
 * for less). The page is made again when the list changes (site-build.ts).
 */
async function searchPreloads(): Promise<Preload[]> {
  const list = apiUrl(apiFiles.search());
  const newest = (await fetchJson(list, searchIndexesSchema)).bundles[0];
  return [{ href: list, as: 'fetch' }, ...(newest ? [{ href: searchScriptUrl(newest), as: 'module' as const }] : [])];
}

/** The page's head, from the route it matched and the data it was rendered with. */
function headOf(
  address: string,
  title: string,
  site: Site,
  status: number,
  matches: { route: { id: string }; params: Record<string, string | undefined> }[],
  queryClient: QueryClient,
): PageHead {
  const match = matches[matches.length - 1];
  const routeKind: Record<string, PageKind> = {
    front: 'front',
    article: 'article',
    section: 'section',
    'section-period': 'section',
    search: 'search',
    offline: 'offline',
    saved: 'saved',
  };
  const kind: PageKind = status !== 200 || !match || !(match.route.id in routeKind) ? 'not-found' : routeKind[match.route.id];
  const article = kind === 'article' ? queryClient.getQueryData(articleQueries.detail(match.params.articleId ?? '').queryKey) : undefined;
  const sectionId = article?.section ?? match?.params.sectionId;
  const section = site.sections.find((each) => each.id === sectionId);
  return pageHeadOf({ kind, address, title, site, base: siteRoot, article, section });
}
