// The service worker: the app shell (script, starter, icons, offline page) is kept on the device, never
// every page. Pages come from the network first, within a few seconds, else from the pages already read
// on this device, else the offline page. So do articles' API files and the list of search bundles, so
// that what a new build removed or renamed is seen at once; the other API files (listings, the site) are
// answered from the device at once and refreshed behind (stale while revalidate), except the live lists,
// which must be fresh and are left to the network. What the server says is gone (404 or 410) goes from
// the device too, a saved copy included. A new version waits until the reader accepts it (the app's
// update prompt).
import { createStore, del } from 'idb-keyval';
import type { WorkboxPlugin } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { registerRoute, setCatchHandler } from 'workbox-routing';
import { NetworkFirst, StaleWhileRevalidate } from 'workbox-strategies';
import { deviceStorageNames } from './lib/device-storage';
import { SKIP_WAITING } from './lib/service-worker';
import { resourceOfFile, type OnDevice } from './api/resources';
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

const articlePage = (id: string) => `${base}${pageAddresses.article(id).slice(1)}`;
const articleApiFile = (id: string) => `${base}${API_DIR}/${apiFiles.article(id)}`;
const [pagePrefix, apiPrefix] = [articlePage(''), articleApiFile('').replace(/\.json$/, '')];
/** The article whose page or API file is at this path, if it is one. */
function articleAt(pathname: string): string | null {
  const id = pathname.startsWith(pagePrefix)
    ? pathname.slice(pagePrefix.length).replace(/\/$/, '')
    : pathname.startsWith(apiPrefix) && pathname.endsWith('.json')
      ? pathname.slice(apiPrefix.length, -'.json'.length)
      : null;
  return id && !id.includes('/') ? id : null;
}

/**
 * Takes what the server says is gone (404, 410) off the device: a removed article is gone for every
 * reader. Its page and API file leave the worker's caches, and the saved copy too, with its entry in
 * the reader's Saved list (whose open pages are told): a takedown wins over a copy the reader kept. Any
 * other address leaves the worker's caches.
 */
async function forgetGone(url: URL): Promise<void> {
  const id = articleAt(url.pathname);
  const addresses = id ? [articlePage(id), `${articlePage(id)}/`, articleApiFile(id)] : [url.pathname];
  const cacheNames = id ? [names.pagesCache, names.apiCache, names.savedCache] : [names.pagesCache, names.apiCache];
  await Promise.all(
    cacheNames.map(async (name) => {
      if (!(await caches.has(name))) return;
      const cache = await caches.open(name);
      await Promise.all(
        addresses.map((address) => cache.delete(new URL(address, url.origin).href, { ignoreSearch: true, ignoreVary: true })),
      );
    }),
  );
  if (!id) return;
  try {
    await del(id, createStore(names.savedDatabase, names.savedStore));
    const channel = new BroadcastChannel(names.savedChannel);
    channel.postMessage('changed');
    channel.close();
  } catch {
    // Where the browser keeps no IndexedDB for the site, nothing was saved.
  }
}
const takedowns: WorkboxPlugin = {
  fetchDidSucceed: async ({ request, response }) => {
    const url = new URL(request.url);
    if ((response.status === 404 || response.status === 410) && url.origin === self.location.origin) await forgetGone(url);
    return response;
  },
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
    plugins: [new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 30 * DAY }), fromSavedArticles, takedowns],
  }),
);

// The API's files, each as its entry in the registry (src/api/resources.ts) says. The live lists are
// not the worker's: they go to the network as if it were not there, so that they are never answered
// stale (offline, their widgets say they could not load). Firefox also reported their requests,
// cancelled by the page on leaving it, as the worker's errors when the worker answered them.
const apiRoot = `${base}${API_DIR}/`;
const onDevice = (url: URL): OnDevice | undefined =>
  url.origin === self.location.origin && url.pathname.startsWith(apiRoot)
    ? resourceOfFile(url.pathname.slice(apiRoot.length))?.onDevice
    : undefined;
const apiExpiration = new ExpirationPlugin({ maxEntries: 500, maxAgeSeconds: 7 * DAY });
// One copy whatever the query: the search page asks for the list of search bundles again with one, to
// pass any copy an older worker keeps.
const oneCopy: WorkboxPlugin = {
  cacheKeyWillBeUsed: async ({ request }) => {
    const url = new URL(request.url);
    url.search = '';
    return url.href;
  },
};

registerRoute(
  ({ url }) => onDevice(url) === 'network-first',
  new NetworkFirst({
    cacheName: names.apiCache,
    networkTimeoutSeconds: 4,
    plugins: [oneCopy, apiExpiration, fromSavedArticles, takedowns],
  }),
);

registerRoute(
  ({ url }) => onDevice(url) === 'device-first',
  new StaleWhileRevalidate({
    cacheName: names.apiCache,
    plugins: [apiExpiration, fromSavedArticles, takedowns],
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
