import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider, type createBrowserRouter, type RouteObject } from 'react-router';
import { isNotFound } from './api/fetchJson';
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
        // A missing file will not appear by asking again; anything else gets a few tries, backing off.
        retry: retry ? (failures, error) => !isNotFound(error) && failures < 3 : false,
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
