// The service worker: the app shell (script, starter, icons, offline page) is kept on the device, never
// every page. Pages come from the network first, within a few seconds, else from the pages already read
// on this device, else the offline page. API JSON is answered from the device at once and refreshed
// behind (stale while revalidate), except the live lists, which must be fresh and are left to the
// network. A new version waits until the reader accepts it (the app's update prompt).
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { registerRoute, setCatchHandler } from 'workbox-routing';
import { NetworkFirst, StaleWhileRevalidate } from 'workbox-strategies';
import { deviceStorageNames } from './lib/device-storage';
import { SKIP_WAITING } from './lib/service-worker';
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
// Its caches are kept apart from another site's on the same origin.
const names = deviceStorageNames(base);
const offlinePage = `${base}${pageAddresses.offline().slice(1)}`;
const DAY = 24 * 3600;

// Articles the reader saved (src/lib/saved.ts) are answered from their own cache, which nothing expires,
// when neither the network nor the other caches have them.
const fromSavedArticles = {
  handlerDidError: async ({ request }: { request: Request }) =>
    (await caches.open(names.savedCache)).match(request.url, { ignoreVary: true }),
};

// The offline page is one page whatever its query (which says what was asked for).
// Written as `self.__WB_MANIFEST`, the text the build looks for to put the list in its place.
precacheAndRoute((self as unknown as ServiceWorkerScope).__WB_MANIFEST, { ignoreURLParametersMatching: [/.*/] });
cleanupOutdatedCaches();

registerRoute(
  ({ request }) => request.mode === 'navigate',
  new NetworkFirst({
    cacheName: names.pagesCache,
    networkTimeoutSeconds: 4,
    plugins: [new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 30 * DAY }), fromSavedArticles],
  }),
);

// The live lists (ranking, popular) are not the worker's: they go to the network as if it were not
// there, so that they are never answered stale (offline, their widgets say they could not load). Firefox
// also reported their requests, cancelled by the page on leaving it, as the worker's errors when the
// worker answered them.
const liveLists = [apiFiles.ranking(), apiFiles.popular('')].map((file) => `${base}${API_DIR}/${file}`);
registerRoute(
  ({ url }) => url.pathname.startsWith(`${base}${API_DIR}/`) && !liveLists.some((prefix) => url.pathname.startsWith(prefix)),
  new StaleWhileRevalidate({
    cacheName: names.apiCache,
    plugins: [new ExpirationPlugin({ maxEntries: 500, maxAgeSeconds: 7 * DAY }), fromSavedArticles],
  }),
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
