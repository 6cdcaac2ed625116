// The layout of the built site, in one place: the base path, every page's address and file, and every
// API file's path. The pipeline that writes the output, the client that reads it, the build, the dev
// server and the tests all take their paths from here. Pure: no browser or Node globals.

/** "/news", "news/" or "" become "/news/"; "/" stays "/". */
export function normalizeBase(raw: string | undefined): string {
  const trimmed = (raw ?? '/').trim().replace(/^\/*/, '/');
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

/**
 * The site's public address ("https://news.example.com/news/"), checked: http or https, no query or
 * fragment, ending in "/". Its path is the base path. Throws an Error that says what is wrong.
 */
export function normalizeSiteUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(`"${raw}" is not an address; give the site's public address, like https://news.example.com/`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`"${raw}" must start with https:// or http://`);
  if (url.search || url.hash || url.username || url.password)
    throw new Error(`"${raw}" must be the site's address alone, without a query, a fragment or a user name`);
  url.pathname = normalizeBase(url.pathname);
  return url.href;
}

/** An address inside the site ("/articles/x") as an absolute one, under the site's public address. */
export const absoluteAddress = (siteUrl: string, address: string) => new URL(address.replace(/^\/+/, ''), siteUrl).href;

/** The router's basename: "/news/" gives "/news", "/" stays "/". */
export const routerBasenameOf = (base: string) => base.replace(/\/$/, '') || '/';

/** The folder of the static API inside the output, and under the base path. */
export const API_DIR = 'api';

/** Where the build keeps its manifest and its list of changes; never to be uploaded. */
export const BUILD_INFO_DIR = '.build';

/** The folder of the app's hashed scripts and styles (cached for good by hosts). */
export const ASSETS_DIR = 'assets';

/** A section's articles are listed newest first on its latest page, and then one page per month. */
export const LATEST_PERIOD = 'latest';
/** Articles whose date is not known (headline-only entries) have a page of their own. */
export const UNDATED_PERIOD = 'undated';
/** Orders periods (months "2024-03", or years "2024") newest first, with UNDATED_PERIOD last. */
export const newestPeriodFirst = (a: string, b: string): number =>
  a === b ? 0 : a === UNDATED_PERIOD ? 1 : b === UNDATED_PERIOD ? -1 : a < b ? 1 : -1;
export const MONTH_PATTERN = /^[0-9]{4}-(0[1-9]|1[0-2])$/;
/** The years a month's address ("2023-01") and a search bundle's name can show: four digits. */
export const ADDRESS_YEARS = { first: 1000, last: 9999 } as const;

export function isSectionPeriod(value: string): boolean {
  return value === UNDATED_PERIOD || MONTH_PATTERN.test(value);
}

/** API files, relative to the API folder. */
export const apiFiles = {
  site: () => 'site.json',
  front: () => 'front.json',
  ranking: () => 'ranking.json',
  article: (id: string) => `articles/${id}.json`,
  popular: (sectionId: string) => `popular/${sectionId}.json`,
  /** period: "latest", a month "2023-01", or "undated". */
  section: (sectionId: string, period: string) => `sections/${sectionId}/${period}.json`,
  /** Which search indexes there are (one per year), in SEARCH_DIR. */
  search: () => 'search.json',
};

/** The Atom feeds (the site's newest articles, and each section's), and the sitemap, in the output. */
export const feedFiles = {
  site: () => 'feeds/site.xml',
  section: (sectionId: string) => `feeds/sections/${sectionId}.xml`,
};
/** One sitemap, or past 50,000 addresses an index of sitemaps/<n>.xml. */
export const SITEMAP_FILE = 'sitemap.xml';
export const sitemapPart = (number: number) => `sitemaps/${number}.xml`;
export const ROBOTS_FILE = 'robots.txt';

/** The service worker (at the base path, so that its scope is the whole site) and the web app manifest. */
export const SERVICE_WORKER_FILE = 'sw.js';
export const WEB_MANIFEST_FILE = 'manifest.webmanifest';
/** The app's icons, made at build time from its favicon.svg. */
export const ICON_SIZES = [192, 512] as const;
export const iconFile = (size: number) => `icons/icon-${size}.png`;

/** Where the search indexes are: SEARCH_DIR/<year>/, each a Pagefind bundle. */
export const SEARCH_DIR = 'pagefind';

/**
 * The year that a month ("2024-03") or a search bundle ("2024-recent", "2024-3") belongs to, or
 * UNDATED_PERIOD for the undated entries ("undated", "undated-1"): what the build files an article's index
 * under, and what the search page groups bundles by.
 */
export const searchYearOf = (name: string): string => (name.startsWith(UNDATED_PERIOD) ? UNDATED_PERIOD : name.slice(0, 4));

const CONTENT_NAMED_SEARCH_FILE = new RegExp(`^${SEARCH_DIR}/[^/]+/(?:(?:index|fragment|filter)/[^/]+|pagefind\\.[^/]+\\.pf_meta)$`);
/**
 * Whether a file of the built site (its path inside the site, with "/") is named by its content, so that
 * a host may cache it for good: the app's assets, and the parts of a search bundle that Pagefind names by
 * a hash of what is in them (its metadata, index chunks, filters and result fragments; not its script,
 * worker, WebAssembly or entry file, whose names stay the same).
 */
export const isContentNamed = (file: string): boolean => file.startsWith(`${ASSETS_DIR}/`) || CONTENT_NAMED_SEARCH_FILE.test(file);

/** Page addresses inside the site (without the base path), as the router sees them. */
export const pageAddresses = {
  home: () => '/',
  search: () => '/search',
  /** Where the service worker sends a reader who opens a page that is not on the device while offline. */
  offline: () => '/offline',
  /** The articles the reader saved on this device. */
  saved: () => '/saved',
  article: (id: string) => `/articles/${id}`,
  section: (id: string, period: string = LATEST_PERIOD) => (period === LATEST_PERIOD ? `/sections/${id}` : `/sections/${id}/${period}`),
  /** The numbered pages of earlier builds, kept as redirects to the section. */
  legacySectionPage: (id: string, page: number) => `/sections/${id}/page/${page}`,
};

/** The file that holds the page at an address: "/" is index.html, "/articles/x" is articles/x/index.html. */
export function pageFile(address: string): string {
  const inside = address.replace(/^\/+|\/+$/g, '');
  return inside ? `${inside}/index.html` : 'index.html';
}

/** The page a static host serves for any address without a file of its own. */
export const NOT_FOUND_FILE = '404.html';
