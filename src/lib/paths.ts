// Addresses of pages and API files, in one place so that links and fetches always agree.
// BASE_URL lets the app live under a sub-path of a host.
const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');

/** The router's basename: "/news/" gives "/news". */
export const routerBasename = base.replace(/\/$/, '') || '/';

/** The site's own address, for a plain link that reloads the app from the start. */
export const siteRoot = base;

export const apiUrl = (file: string) => `${base}api/${file}`;

export const paths = {
  home: () => '/',
  article: (id: string) => `/articles/${id}`,
  section: (id: string, page = 1) => (page > 1 ? `/sections/${id}/page/${page}` : `/sections/${id}`),
};
