// The browser entry: takes over a prerendered page (hydrate) or, when the page's embedded data is
// missing or fails its check, renders from scratch and fetches what it needs.
import { startTransition, StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { App, createQueryClient, createRoutes } from './app';
import { routerBasename } from './lib/paths';
import { hydrateQueries, readHydrationPayload } from './hydration';
import './styles.css';

const queryClient = createQueryClient();
let payload = readHydrationPayload(document);
if (payload && !hydrateQueries(queryClient, payload.queries)) {
  // The page cannot be taken over as it is; start afresh with whatever data did pass.
  payload = null;
}
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
// The page is already readable: taking it over can wait for the reader, so React does it in short slices
// (a transition) rather than one long task that would hold up a tap or a scroll.
if (payload) startTransition(() => void hydrateRoot(container, app));
else {
  container.replaceChildren();
  createRoot(container).render(app);
}
