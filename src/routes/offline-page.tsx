// Where the service worker sends a reader who opens, while offline, a page that is not on their device.
// It says which page that was, offers to try it again, and lists the pages that can be read offline
// (those read before on this device, kept by the service worker). The list is read from the device once
// the app has started; the prerendered page has no reader's device to read.
import { useSuspenseQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { siteQueries } from '../api/queries';
import { Link, useSearchParams } from 'react-router';
import { DocumentTitle } from '../components/DocumentTitle';
import { useTakenOver } from '../hydration';
import { deviceStorageNames } from '../lib/device-storage';
import { paths, siteRoot } from '../lib/paths';

interface SavedPage {
  address: string;
  title: string;
}

/** The pages in the service worker's cache, with their titles (without the site's name), newest first. */
async function pagesOnDevice(siteName: string): Promise<SavedPage[]> {
  const pagesCache = deviceStorageNames(siteRoot).pagesCache;
  if (typeof caches === 'undefined' || !(await caches.has(pagesCache))) return [];
  const cache = await caches.open(pagesCache);
  const pages: SavedPage[] = [];
  for (const request of await cache.keys()) {
    const url = new URL(request.url);
    if (url.origin !== window.location.origin || !url.pathname.startsWith(siteRoot)) continue;
    const html = await (await cache.match(request))?.text();
    const title = html ? new DOMParser().parseFromString(html, 'text/html').title : '';
    const suffix = ` | ${siteName}`;
    const name = title === siteName ? 'Front page' : title.endsWith(suffix) ? title.slice(0, -suffix.length) : title;
    pages.push({ address: url.pathname, title: name || url.pathname });
  }
  return pages.reverse();
}

/**
 * The address asked for (the service worker's `from`), as a link, if it is a page of this site: read with
 * the address parser against the site's origin and base path, and refused if it is of another origin or
 * outside the base path, or has a backslash or a control character in it (which browsers read as a
 * slash, or drop, on the way to another host). Null for anything else.
 */
export function addressInSite(value: string, origin: string, base: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (value === '' || /[\\\u0000-\u001f\u007f]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, new URL(base, origin));
  } catch {
    return null;
  }
  if (url.origin !== origin || !url.pathname.startsWith(base)) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

export function OfflinePage() {
  const [params] = useSearchParams();
  const { data: site } = useSuspenseQuery(siteQueries.detail());
  const takenOver = useTakenOver();
  const from = takenOver ? params.get('from') : null;
  // An address that is not of this site is not followed: "Try again" goes to the front page instead.
  const asked = from === null ? null : (addressInSite(from, window.location.origin, siteRoot) ?? siteRoot);
  const [pages, setPages] = useState<SavedPage[] | null>(null);
  useEffect(() => {
    pagesOnDevice(site.publication.name).then(setPages, () => setPages([]));
  }, [site.publication.name]);
  return (
    <div className="page-message offline-page">
      <DocumentTitle title="You are offline" />
      <h1 tabIndex={-1}>You are offline</h1>
      <p>
        {asked ? (
          <>
            The page you opened is not on this device. <a href={asked}>Try again</a> when you are back online.
          </>
        ) : (
          'This device has no connection to the site just now.'
        )}
      </p>
      <h2 className="block-heading">Readable offline</h2>
      {pages === null ? (
        <p className="muted">Looking for pages on this device…</p>
      ) : pages.length === 0 ? (
        <p className="muted">No pages are on this device yet. Pages you read are kept here for when you are offline.</p>
      ) : (
        <ul className="headline-list">
          {pages.map((page) => (
            // A whole page load, which the service worker answers from the device.
            <li key={page.address}>
              <a href={page.address}>{page.title}</a>
            </li>
          ))}
        </ul>
      )}
      <p className="actions">
        <Link to={paths.saved()}>Your saved articles</Link>
        <Link to={paths.home()}>Go to the front page</Link>
      </p>
    </div>
  );
}
