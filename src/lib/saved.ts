// Articles the reader saved for later, on this device only (nothing is sent anywhere). The list lives in
// IndexedDB (through idb-keyval); each article's page and its API file are kept in a cache of their own,
// which the service worker answers from when the network cannot (src/sw.ts), so that a saved article
// opens offline, after the browser has been restarted too. Entries are read as `unknown` and checked one
// by one: one that does not parse is left out.
import { useSyncExternalStore } from 'react';
import { createStore, del, entries, set, type UseStore } from 'idb-keyval';
import * as v from 'valibot';
import { idSchema, timestamp } from '../api/schemas';
import { deviceStorageNames } from './device-storage';
import { apiFiles, apiUrl, pageUrl, paths, siteRoot } from './paths';

/** Kept apart from another site's on the same origin. */
const names = deviceStorageNames(siteRoot);

const savedSchema = v.object({
  id: idSchema,
  section: idSchema,
  headline: v.string(),
  publishedAt: v.optional(timestamp),
  /** When it was saved (milliseconds since 1970): the Saved page lists the latest first. */
  savedAt: v.number(),
});
export type SavedArticle = v.InferOutput<typeof savedSchema>;

/** What the Saved page and the Save button know: the list once read, or that this browser keeps none. */
export type SavedState = { status: 'reading' } | { status: 'unavailable' } | { status: 'ready'; articles: SavedArticle[] };

const READING: SavedState = { status: 'reading' };
let state: SavedState = READING;
let store: UseStore | null = null;
const listeners = new Set<() => void>();
// Other tabs of the site hear of each save and removal, and read the list again.
let otherTabs: BroadcastChannel | null = null;

function publish(next: SavedState) {
  state = next;
  listeners.forEach((listener) => listener());
}

/** What the reader is told where the browser keeps nothing for the site. */
export const NOTHING_KEPT =
  "This browser keeps no saved articles for this site: it may be a private window, or the site's storage is turned off or full.";

/** Why saving failed: no connection to fetch the article with, or nowhere on the device to keep it. */
export class SaveError extends Error {
  readonly reason: 'offline' | 'storage';
  constructor(reason: 'offline' | 'storage', cause: unknown) {
    super(reason === 'offline' ? 'The article could not be fetched to keep it.' : 'This browser keeps nothing for this site.', { cause });
    this.name = 'SaveError';
    this.reason = reason;
  }
}

/** The saved articles' store; throws where the browser has no IndexedDB (some private modes, policies). */
function savedStore(): UseStore {
  if (typeof indexedDB === 'undefined') throw new SaveError('storage', null);
  store ??= createStore(names.savedDatabase, names.savedStore);
  return store;
}

async function readAll(): Promise<void> {
  try {
    const rows = await entries(savedStore());
    const articles = rows.flatMap(([, value]) => {
      const entry = v.safeParse(savedSchema, value);
      return entry.success ? [entry.output] : [];
    });
    publish({ status: 'ready', articles: articles.sort((a, b) => b.savedAt - a.savedAt) });
  } catch {
    publish({ status: 'unavailable' });
  }
}

/** The addresses kept for a saved article: its page, and the API file the app reads it from. */
function keptAddresses(id: string): string[] {
  return [pageUrl(paths.article(id)), apiUrl(apiFiles.article(id))];
}

/**
 * Saves an article: its page and data first (fetched now, so this needs the network), then the entry,
 * so that everything on the Saved page opens offline. Asks the browser to keep the site's data even when
 * the device runs short of space.
 */
export async function saveArticle(article: Omit<SavedArticle, 'savedAt'>): Promise<void> {
  const target = savedStore();
  if (typeof caches !== 'undefined') {
    try {
      await (await caches.open(names.savedCache)).addAll(keptAddresses(article.id));
    } catch (error) {
      throw new SaveError((error as Error).name === 'QuotaExceededError' ? 'storage' : 'offline', error);
    }
  }
  try {
    await set(article.id, { ...article, savedAt: Date.now() } satisfies SavedArticle, target);
  } catch (error) {
    throw new SaveError('storage', error);
  }
  void navigator.storage?.persist?.().catch(() => false);
  await changed();
}

export async function removeSaved(id: string): Promise<void> {
  await del(id, savedStore());
  if (typeof caches !== 'undefined') {
    const cache = await caches.open(names.savedCache);
    await Promise.all(keptAddresses(id).map((address) => cache.delete(address)));
  }
  await changed();
}

async function changed(): Promise<void> {
  await readAll();
  otherTabs?.postMessage('changed');
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (state === READING) void readAll();
  if (!otherTabs && typeof BroadcastChannel === 'function') {
    otherTabs = new BroadcastChannel(names.savedChannel);
    otherTabs.onmessage = () => void readAll();
  }
  return () => listeners.delete(listener);
}

/** The saved articles, kept up to date; "reading" on the server and until the device has answered. */
export function useSaved(): SavedState {
  return useSyncExternalStore(
    subscribe,
    () => state,
    () => READING,
  );
}
