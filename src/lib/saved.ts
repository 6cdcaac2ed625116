// Articles the reader saved for later, on this device only (nothing is sent anywhere), so that each
// opens offline, after the browser has been restarted too. This module is what pages use: the list as a
// store React reads, and saving and removing. Where and how they are kept is lib/saved-store.ts, loaded
// when a page first asks for the list (a Save button once the page is taken over, the Saved page).
import { useSyncExternalStore } from 'react';
// A type only: the module itself is loaded when needed.
import type { SavedArticle } from './saved-store';

export type { SavedArticle };

/**
 * What the Saved page and the Save button know: the list once read, that this browser keeps none, or
 * that the code that reads it could not be fetched (offline before the service worker had kept it).
 */
export type SavedState =
  { status: 'reading' } | { status: 'unavailable' } | { status: 'not-loaded' } | { status: 'ready'; articles: SavedArticle[] };

const READING: SavedState = { status: 'reading' };
let state: SavedState = READING;
const listeners = new Set<() => void>();
// Other tabs of the site hear of each save and removal, and read the list again.
let otherTabs: BroadcastChannel | null = null;

const savedStore = () => import('./saved-store');

function publish(next: SavedState) {
  state = next;
  listeners.forEach((listener) => listener());
}

/** What the reader is told where the saved articles' code could not be fetched. */
export const NOT_LOADED = 'Saved articles could not be loaded. Check your connection and reload the page.';

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

async function readAll(): Promise<void> {
  let store: Awaited<ReturnType<typeof savedStore>>;
  try {
    store = await savedStore();
  } catch {
    // Browsers keep a failed import's failure until the page is loaded again.
    publish({ status: 'not-loaded' });
    return;
  }
  try {
    publish({ status: 'ready', articles: await store.readSaved() });
  } catch {
    publish({ status: 'unavailable' });
  }
}

/**
 * Saves an article: its page and data first (fetched now, so this needs the network), then the entry,
 * so that everything on the Saved page opens offline. Asks the browser to keep the site's data even when
 * the device runs short of space.
 */
export async function saveArticle(article: Omit<SavedArticle, 'savedAt'>): Promise<void> {
  await (await savedStore()).keep(article);
  void navigator.storage?.persist?.().catch(() => false);
  await changed();
}

export async function removeSaved(id: string): Promise<void> {
  await (await savedStore()).forget(id);
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
    otherTabs = new BroadcastChannel('news-reader.saved-articles');
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
