// The browser entry: takes over a prerendered page (hydrate) or, when the page's embedded data is
// missing or fails its check, renders from scratch and fetches what it needs.
import { startTransition, StrictMode, useEffect, type ReactNode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { createBrowserRouter, matchRoutes, type RouteObject } from 'react-router';
import { App, createQueryClient, createRoutes } from './app';
import { siteQueries } from './api/queries';
import { prepareDatelines, rememberDateTexts } from './lib/dates';
import { connectionAllowsPrefetch } from './lib/online';
import { routerBasename } from './lib/paths';
import { hydrateQueries, readHydrationPayload } from './hydration';
import './styles.css';

/**
 * Ends the current task and resumes in a new one: starting the app is cut into pieces with the browser
 * free in between (for a tap, a scroll, a frame), so that no one task holds a phone's main thread for
 * all of it: the modules, the page's data and the router; then hydration, which React itself cuts into
 * slices.
 */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Loads the code of the lazy routes (src/app.tsx) that match the address before the router starts: a page
 * prerendered at one of them is then taken over as it is, not replaced by the loading shell.
 */
async function loadRoutesOf(routes: RouteObject[]): Promise<void> {
  for (const { route } of matchRoutes(routes, window.location, routerBasename) ?? []) {
    if (typeof route.lazy !== 'function') continue;
    Object.assign(route, await route.lazy(), { lazy: undefined });
  }
}

/**
 * Says on the page, as `<html data-app="started">`, that the app has taken it over: rendered (or hydrated)
 * once, with its router ready. Nothing in the app reads it; it is the signal the browser tests wait for
 * (docs/testing.md), where they would otherwise guess from a quiet network.
 */
function StartedMark({ router, children }: { router: ReturnType<typeof createBrowserRouter>; children: ReactNode }) {
  useEffect(() => {
    const mark = () => document.documentElement.setAttribute('data-app', 'started');
    if (router.state.initialized) {
      mark();
      return;
    }
    const stop = router.subscribe((state) => {
      if (!state.initialized) return;
      stop();
      mark();
    });
    return stop;
  }, [router]);
  // Around the app, not beside it: a sibling would change the ids React makes (useId) from those the
  // prerendered page has, and its effect now runs after the app's own.
  return children;
}

async function start(): Promise<void> {
  const queryClient = createQueryClient();
  let payload = readHydrationPayload(document);
  // The dates as the page shows them: taking it over then makes no date format (see prepareDatelines).
  if (payload) rememberDateTexts(payload.dateTexts);
  if (payload && !hydrateQueries(queryClient, payload.queries)) {
    // The page cannot be taken over as it is; start afresh with whatever data did pass.
    payload = null;
  }
  const routes = createRoutes(queryClient);
  await loadRoutesOf(routes);
  const router = createBrowserRouter(routes, {
    basename: routerBasename,
    hydrationData: payload ? { loaderData: payload.router.loaderData, errors: payload.router.errors } : undefined,
  });

  await nextTask();
  const container = document.getElementById('root')!;
  const app = (
    <StrictMode>
      <StartedMark router={router}>
        <App queryClient={queryClient} router={router} />
      </StartedMark>
    </StrictMode>
  );
  // The page is already readable: taking it over can wait for the reader, so React does it in short slices
  // (a transition) rather than one long task that would hold up a tap or a scroll.
  if (payload) startTransition(() => void hydrateRoot(container, app));
  else {
    container.replaceChildren();
    createRoot(container).render(app);
  }

  preloadPagesOnIntent(routes, () => {
    const publication = queryClient.getQueryData(siteQueries.detail().queryKey)?.publication;
    if (publication) prepareDatelines(publication);
  });
}

/**
 * Fetches the code of a lazily loaded page (src/app.tsx) when the reader points at, focuses or touches a
 * link to it, so that opening it waits for its data alone; not where the connection has no bytes to spare.
 * The first such link also makes the date formats (prepareDates), which starting the page left unmade:
 * the time it takes then overlaps the reader's move to press, rather than adding to the press.
 */
function preloadPagesOnIntent(routes: RouteObject[], prepareDates: () => void): void {
  const asked = new Set<RouteObject>();
  let datesPrepared = false;
  const preload = (event: Event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!(link instanceof HTMLAnchorElement) || link.origin !== window.location.origin) return;
    if (!datesPrepared) {
      datesPrepared = true;
      prepareDates();
    }
    if (!connectionAllowsPrefetch()) return;
    for (const { route } of matchRoutes(routes, link.pathname, routerBasename) ?? []) {
      if (typeof route.lazy !== 'function' || asked.has(route)) continue;
      asked.add(route);
      // Loading the module is all that is wanted here: the router loads it again (from memory) when it
      // goes there. One that fails may be asked for again.
      route.lazy().catch(() => asked.delete(route));
    }
  };
  for (const type of ['pointerover', 'pointerdown', 'focusin']) document.addEventListener(type, preload, { capture: true, passive: true });
}

// Not top-level await: the bundler turns off its chunk optimizations for a module graph with one.
void start();
