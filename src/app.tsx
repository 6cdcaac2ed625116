import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider, type createBrowserRouter, type RouteObject } from 'react-router';
import { isWorthRetrying } from './api/fetchJson';
import { ArticlePage, articleLoader } from './routes/article-page';
import { FrontPage, frontLoader } from './routes/front-page';
import { NotFoundPage, PageError } from './routes/not-found';
import { Layout, LoadingShell, RootError, rootLoader } from './routes/root';
import { SectionPage, sectionLoader } from './routes/section-page';

export function createQueryClient({ retry = true }: { retry?: boolean } = {}) {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5 * 60_000,
        // Two more tries for what may pass by itself, after 1 s and 2 s; then the reader gets a Retry button.
        retry: retry ? (failures, error) => isWorthRetrying(error) && failures < 2 : false,
        retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 8000),
      },
    },
  });
}

export function createRoutes(queryClient: QueryClient): RouteObject[] {
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
          errorElement: <PageError />,
          children: [
            { index: true, loader: frontLoader(queryClient), element: <FrontPage /> },
            { path: 'articles/:articleId', loader: articleLoader(queryClient), element: <ArticlePage /> },
            { path: 'sections/:sectionId', loader: sectionLoader(queryClient), element: <SectionPage /> },
            { path: 'sections/:sectionId/page/:page', loader: sectionLoader(queryClient), element: <SectionPage /> },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ];
}

export function App({ queryClient, router }: { queryClient: QueryClient; router: ReturnType<typeof createBrowserRouter> }) {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
