// The app's addresses under the base path it was built with (BASE_URL), from the site's layout.
import { API_DIR, apiFiles, normalizeBase, pageAddresses, routerBasenameOf, SEARCH_DIR } from './site-layout';

const base = normalizeBase(import.meta.env.BASE_URL);

export const routerBasename = routerBasenameOf(base);

/** The site's own address, for a plain link that reloads the app from the start. */
export const siteRoot = base;

/** A page's address ("/articles/x", from `paths`) under the base path, for plain links and caches. */
export const pageUrl = (address: string) => `${base}${address.slice(1)}`;

export const apiUrl = (file: string) => `${base}${API_DIR}/${file}`;

/** A search bundle's folder ("2024-recent", "2024-3": api/search.json's names), with Pagefind's script in it. */
export const searchBundleUrl = (bundle: string) => `${base}${SEARCH_DIR}/${bundle}/`;
/** The bundle's Pagefind script, which the search page imports. */
export const searchScriptUrl = (bundle: string) => `${searchBundleUrl(bundle)}pagefind.js`;
export { apiFiles };

export const paths = pageAddresses;
