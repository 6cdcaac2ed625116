import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useMemo } from 'react';
import { flushSync } from 'react-dom';
import { RouterProvider, type createBrowserRouter, type RouteObject } from 'react-router';
import { isWorthRetrying } from './api/fetchJson';
import { OpenArticle } from './components/ArticleLink';
import { ArticlePage, articleLoader } from './routes/article-page';
import { NotFoundPage, PageError } from './routes/not-found';
import { Layout, LoadingShell, RootError, rootLoader } from './routes/root';

export function createQueryClient({ retry = true }: { retry?: boolean } = {}) {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Freshness is each resource's own (api/queries.ts).
        // Two more tries for what may pass by itself, after 1 s and 2 s; then the reader gets a Retry button.
        retry: retry ? (failures, error) => isWorthRetrying(error) && failures < 2 : false,
        retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 8000),
      },
    },
  });
}

/** A lazy route's `handle`: the module its code is in, by its path in the project. */
export interface LazyPageHandle {
  module: string;
}
const lazyPage = (module: string): LazyPageHandle => ({ module });

/** The route whose error boundary shows every page's not-found and could-not-load messages. */
export const PAGES_ROUTE_ID = 'pages';

export function createRoutes(queryClient: QueryClient): RouteObject[] {
  const sectionRoute = (id: string, path: string): RouteObject => ({
    id,
    path,
    handle: lazyPage('src/routes/section-page.tsx'),
    lazy: async () => {
      const page = await import('./routes/section-page');
      return { loader: page.sectionLoader(queryClient), Component: page.SectionPage };
    },
  });
  return [
    {
      id: 'root',
      path: '/',
      loader: rootLoader(queryClient),
      element: <Layout />,
      errorElement: <RootError />,
      hydrateFallbackElement: <LoadingShell />,
      children: [
        {
          // Pages fail inside the layout, so the header and a way home stay on screen.
          id: PAGES_ROUTE_ID,
          errorElement: <PageError />,
          children: [
            { id: 'article', path: 'articles/:articleId', loader: articleLoader(queryClient), element: <ArticlePage /> },
            // Every other page's code is loaded only when it is opened (src/main.tsx loads it before taking
            // over a page prerendered at one of these addresses, which preloads it: the build finds its
            // script by the module named in `handle`), so that a reader who arrives on an article's link,
            // as most do, loads that page's code alone. A page's code is fetched ahead when the reader
            // points at, focuses or touches a link to it (src/main.tsx).
            {
              id: 'front',
              index: true,
              handle: lazyPage('src/routes/front-page.tsx'),
              lazy: async () => {
                const page = await import('./routes/front-page');
                return { loader: page.frontLoader(queryClient), Component: page.FrontPage };
              },
            },
            sectionRoute('section', 'sections/:sectionId'),
            sectionRoute('section-period', 'sections/:sectionId/:period'),
            {
              id: 'section-legacy-page',
              path: 'sections/:sectionId/page/:page',
              lazy: async () => ({ loader: (await import('./routes/section-page')).legacySectionPageLoader }),
            },
            {
              id: 'search',
              path: 'search',
              handle: lazyPage('src/routes/search-page.tsx'),
              lazy: async () => ({ Component: (await import('./routes/search-page')).SearchPage }),
            },
            {
              id: 'offline',
              path: 'offline',
              handle: lazyPage('src/routes/offline-page.tsx'),
              lazy: async () => ({ Component: (await import('./routes/offline-page')).OfflinePage }),
            },
            {
              id: 'saved',
              path: 'saved',
              handle: lazyPage('src/routes/saved-page.tsx'),
              lazy: async () => ({ Component: (await import('./routes/saved-page')).SavedPage }),
            },
            { id: 'not-found', path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ];
}

type Router = ReturnType<typeof createBrowserRouter>;

/** A link to the page on screen replaces it in the history, as the router's own links do, rather than adding it again. */
const openArticle = (router: Router) => (path: string) => void router.navigate(path, { replace: router.state.location.pathname === path });

export function App({ queryClient, router }: { queryClient: QueryClient; router: Router }) {
  const open = useMemo(() => openArticle(router), [router]);
  return (
    <QueryClientProvider client={queryClient}>
      <OpenArticle.Provider value={open}>
        {/* No transitions: a prefetched article is shown at once, not at a transition's lower priority. */}
        <RouterProvider router={router} flushSync={(update) => void flushSync(update)} useTransitions={false} />
      </OpenArticle.Provider>
    </QueryClientProvider>
  );
}
