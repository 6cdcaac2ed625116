// The browser entry: takes over a prerendered page (hydrate) or, in development, renders from scratch.
import { hydrate } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { App, createQueryClient, createRoutes } from './app';
import { routerBasename } from './lib/paths';
import { readHydrationPayload } from './hydration';
import './styles.css';

const payload = readHydrationPayload(document);
const queryClient = createQueryClient();
if (payload) hydrate(queryClient, payload.queries);
const router = createBrowserRouter(createRoutes(queryClient), {
  basename: routerBasename,
  hydrationData: payload ? { loaderData: payload.router.loaderData, errors: payload.router.errors } : undefined,
});

const container = document.getElementById('root')!;
const app = (
  <StrictMode>
    <App queryClient={queryClient} router={router} />
  </StrictMode>
);
if (payload) hydrateRoot(container, app);
else createRoot(container).render(app);
