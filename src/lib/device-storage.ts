// Everything the site keeps on the reader's device, named in one place and by the site's base path: two
// sites on one origin (/news/ and /sport/) each keep their own saved articles, reading history, display
// preferences and service worker caches. The site at the root of its origin ("/") keeps the names it had
// before base paths were counted, so that its readers keep what they stored. Pure: the app gives the base
// path it was built with (src/lib/paths.ts), the service worker its scope, and the build the base it
// builds for (the display script in every page's head).
import { normalizeBase } from './site-layout.ts';

export interface DeviceStorageNames {
  /** localStorage: the reading history (src/lib/history.ts). */
  history: string;
  /** localStorage: the display preferences (src/lib/display.ts), read by the script in every page's head. */
  display: string;
  /** IndexedDB: the database and store of the saved articles' list (src/lib/saved.ts). */
  savedDatabase: string;
  savedStore: string;
  /** BroadcastChannel: tells the site's open tabs that the saved list changed. */
  savedChannel: string;
  /** Cache Storage: the pages read on this device, which the offline page lists (src/sw.ts). */
  pagesCache: string;
  /** Cache Storage: the API files read on this device (src/sw.ts). */
  apiCache: string;
  /** Cache Storage: the saved articles' pages and API files, which nothing expires. */
  savedCache: string;
}

/** The names for the site at a base path ("/news/"). */
export function deviceStorageNames(basePath: string): DeviceStorageNames {
  const base = normalizeBase(basePath);
  const named = (name: string) => (base === '/' ? name : `${name}@${base}`);
  return {
    history: named('news-reader.history'),
    display: named('news-reader.display'),
    savedDatabase: named('news-reader'),
    savedStore: 'saved-articles',
    savedChannel: named('news-reader.saved-articles'),
    pagesCache: named('pages'),
    apiCache: named('api'),
    savedCache: named('saved-articles'),
  };
}
