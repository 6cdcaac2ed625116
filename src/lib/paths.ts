// The app's addresses under the base path it was built with (BASE_URL), from the site's layout.
import { API_DIR, apiFiles, normalizeBase, pageAddresses, routerBasenameOf } from './site-layout';

const base = normalizeBase(import.meta.env.BASE_URL);

export const routerBasename = routerBasenameOf(base);

/** The site's own address, for a plain link that reloads the app from the start. */
export const siteRoot = base;

/** A page's address ("/articles/x", from `paths`) under the base path, for plain links and caches. */
export const pageUrl = (address: string) => `${base}${address.slice(1)}`;

export const apiUrl = (file: string) => `${base}${API_DIR}/${file}`;
export { apiFiles };

export const paths = pageAddresses;
