// Where saved articles are kept (lib/saved.ts loads this module when a page first asks for them, so that
// IndexedDB's wrapper and the entries' schema are not in every page's script): the list in IndexedDB
// (through idb-keyval), each article's page and API file in a cache of their own, which the service
// worker answers from when the network cannot (src/sw.ts). Entries are read as `unknown` and checked one
// by one: one that does not parse is left out.
import { createStore, del, entries, set, type UseStore } from 'idb-keyval';
import * as v from 'valibot';
import { idSchema, timestamp } from '../api/schemas';
import { apiFiles, apiUrl, pageUrl, paths } from './paths';
import { SaveError } from './saved';
import { SAVED_CACHE } from './service-worker';

const savedSchema = v.object({
  id: idSchema,
  section: idSchema,
  headline: v.string(),
  publishedAt: v.optional(timestamp),
  /** When it was saved (milliseconds since 1970): the Saved page lists the latest first. */
  savedAt: v.number(),
});
export type SavedArticle = v.InferOutput<typeof savedSchema>;

let store: UseStore | null = null;

/** The saved articles' store; throws where the browser has no IndexedDB (some private modes, policies). */
function savedStore(): UseStore {
  if (typeof indexedDB === 'undefined') throw new SaveError('storage', null);
  store ??= createStore('news-reader', 'saved-articles');
  return store;
}

/** Every entry that parses, the latest saved first. Throws where the browser keeps nothing. */
export async function readSaved(): Promise<SavedArticle[]> {
  const rows = await entries(savedStore());
  const articles = rows.flatMap(([, value]) => {
    const entry = v.safeParse(savedSchema, value);
    return entry.success ? [entry.output] : [];
  });
  return articles.sort((a, b) => b.savedAt - a.savedAt);
}

/** The addresses kept for a saved article: its page, and the API file the app reads it from. */
function keptAddresses(id: string): string[] {
  return [pageUrl(paths.article(id)), apiUrl(apiFiles.article(id))];
}

/** Keeps an article's page and data (fetched now, so this needs the network), then its entry. */
export async function keep(article: Omit<SavedArticle, 'savedAt'>): Promise<void> {
  const target = savedStore();
  if (typeof caches !== 'undefined') {
    try {
      await (await caches.open(SAVED_CACHE)).addAll(keptAddresses(article.id));
    } catch (error) {
      throw new SaveError((error as Error).name === 'QuotaExceededError' ? 'storage' : 'offline', error);
    }
  }
  try {
    await set(article.id, { ...article, savedAt: Date.now() } satisfies SavedArticle, target);
  } catch (error) {
    throw new SaveError('storage', error);
  }
}

export async function forget(id: string): Promise<void> {
  await del(id, savedStore());
  if (typeof caches !== 'undefined') {
    const cache = await caches.open(SAVED_CACHE);
    await Promise.all(keptAddresses(id).map((address) => cache.delete(address)));
  }
}
