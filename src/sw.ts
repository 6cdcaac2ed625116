// The service worker: the app shell (script, starter, icons, offline page) is kept on the device, never
// every page. Pages come from the network first, within a few seconds, else from the pages already read
// on this device, else the offline page. API JSON is answered from the device at once and refreshed
// behind (stale while revalidate), except the live lists, which must be fresh and so come from the
// network first. A new version waits until the reader accepts it (the app's update prompt).
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { registerRoute, setCatchHandler } from 'workbox-routing';
import { NetworkFirst, StaleWhileRevalidate } from 'workbox-strategies';
import type { WorkboxPlugin } from 'workbox-core';
import { PAGES_CACHE, SKIP_WAITING } from './lib/service-worker';
import { API_DIR, apiFiles, pageAddresses } from './lib/site-layout';

interface ServiceWorkerScope {
  registration: { scope: string };
  /** The app shell's files and their revisions: the build (site-build.ts) writes them in its place. */
  __WB_MANIFEST: PrecacheEntry[];
  skipWaiting(): Promise<void>;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}
const worker = self as unknown as ServiceWorkerScope;
const base = new URL(worker.registration.scope).pathname;
const offlinePage = `${base}${pageAddresses.offline().slice(1)}`;
const DAY = 24 * 3600;

// The offline page is one page whatever its query (which says what was asked for).
// Written as `self.__WB_MANIFEST`, the text the build looks for to put the list in its place.
precacheAndRoute((self as unknown as ServiceWorkerScope).__WB_MANIFEST, { ignoreURLParametersMatching: [/.*/] });
cleanupOutdatedCaches();

registerRoute(
  ({ request }) => request.mode === 'navigate',
  new NetworkFirst({
    cacheName: PAGES_CACHE,
    networkTimeoutSeconds: 4,
    plugins: [new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 30 * DAY })],
  }),
);

// The page cancels a request it no longer needs (on leaving a page); the worker's own fetch goes on
// without that signal, so that the answer is still kept, and no browser reports the cancelled request
// as the worker's failure (Firefox does).
const unabortable: WorkboxPlugin = {
  requestWillFetch: async ({ request }) =>
    new Request(request.url, {
      headers: request.headers,
      credentials: request.credentials,
      cache: request.cache,
      redirect: request.redirect,
    }),
};

const liveLists = [apiFiles.ranking(), apiFiles.popular('')].map((file) => `${base}${API_DIR}/${file}`);
registerRoute(
  ({ url }) => liveLists.some((prefix) => url.pathname.startsWith(prefix)),
  new NetworkFirst({
    cacheName: 'live-lists',
    networkTimeoutSeconds: 4,
    plugins: [unabortable, new ExpirationPlugin({ maxEntries: 50, maxAgeSeconds: DAY })],
  }),
);
registerRoute(
  ({ url }) => url.pathname.startsWith(`${base}${API_DIR}/`),
  new StaleWhileRevalidate({ cacheName: 'api', plugins: [unabortable, new ExpirationPlugin({ maxEntries: 500, maxAgeSeconds: 7 * DAY })] }),
);

// A page that is neither on the network nor on the device: the offline page, which says which was asked for.
setCatchHandler(async ({ request }) => {
  if (request.mode !== 'navigate') return Response.error();
  const asked = new URL(request.url);
  if (asked.pathname === offlinePage || (await matchPrecache(offlinePage)) === undefined) return Response.error();
  return Response.redirect(`${offlinePage}?${new URLSearchParams({ from: asked.pathname })}`, 302);
});

worker.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === SKIP_WAITING) void worker.skipWaiting();
});
