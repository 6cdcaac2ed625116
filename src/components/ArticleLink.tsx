import { useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  type AnchorHTMLAttributes,
  type MouseEvent,
  type ReactNode,
} from 'react';
import { articleQueries, popularQueries } from '../api/queries';
import type { ArticleSummary } from '../api/schemas';
import { useHistory } from '../lib/history';
import { connectionAllowsPrefetch } from '../lib/online';
import { pageUrl, paths } from '../lib/paths';

// VITE_PREFETCH=off builds the reader without prefetching, for the benchmark's comparison.
const PREFETCH = import.meta.env.VITE_PREFETCH !== 'off';

/** Links scrolled into view whose articles are fetched ahead, on each page: a phone's data is not ours to spend. */
const IN_VIEW_PREFETCHES_PER_PAGE = 3;

// What is left of the page's budget for links in view; a new address is a new page.
const inViewBudget = { address: '', left: 0 };
function takeFromInViewBudget(): boolean {
  if (inViewBudget.address !== location.href) Object.assign(inViewBudget, { address: location.href, left: IN_VIEW_PREFETCHES_PER_PAGE });
  if (inViewBudget.left === 0) return false;
  inViewBudget.left--;
  return true;
}

/**
 * Opens an article's page in the app (src/app.tsx gives the router's): where there is none, as in a
 * prerendered page, an article's link is a plain link.
 */
export const OpenArticle = createContext<((path: string) => void) | null>(null);

/** A click that asks for the page in this tab, not for a new tab or window, or a download. */
const isPlainClick = (event: MouseEvent) =>
  !event.defaultPrevented && event.button === 0 && !(event.metaKey || event.altKey || event.ctrlKey || event.shiftKey);

/**
 * A link to an article that fetches the article ahead of the click, so that the click shows it with no
 * network wait. A link the reader points at, focuses or taps (a touch that is not the start of a
 * scroll) fetches the article and its section's popular list; the first few links scrolled into view
 * fetch only the article. Nothing is fetched ahead under Save-Data or on a 2G connection. An article the
 * reader has opened before (on this device) is marked as read, once the app has started.
 *
 * Not the router's Link: lists are most of a page's links, and its Link asks the router for each
 * link's address on every render (a quarter of rendering an article on a click, in Chromium's profile).
 */
export function ArticleLink({
  article,
  children,
  markRead = true,
  ...rest
}: { article: Pick<ArticleSummary, 'id' | 'section'>; children: ReactNode; markRead?: boolean } & Omit<
  AnchorHTMLAttributes<HTMLAnchorElement>,
  // Opened in this tab, by the app.
  'href' | 'onClick' | 'target'
>) {
  const read = useHistory().some((entry) => entry.id === article.id) && markRead;
  const queryClient = useQueryClient();
  const openArticle = useContext(OpenArticle);
  const path = paths.article(article.id);
  const ref = useRef<HTMLAnchorElement>(null);
  const touchMoved = useRef(false);
  const prefetch = useCallback(() => {
    if (!PREFETCH || !connectionAllowsPrefetch()) return;
    void queryClient.prefetchQuery(articleQueries.detail(article.id));
    void queryClient.prefetchQuery(popularQueries.inSection(article.section));
  }, [queryClient, article.id, article.section]);

  useEffect(() => {
    const link = ref.current;
    if (!PREFETCH || !link || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      // One already fetched costs nothing, so it takes nothing from the budget.
      if (!connectionAllowsPrefetch() || queryClient.getQueryData(articleQueries.detail(article.id).queryKey) !== undefined) return;
      if (takeFromInViewBudget()) void queryClient.prefetchQuery(articleQueries.detail(article.id));
    });
    observer.observe(link);
    return () => observer.disconnect();
  }, [queryClient, article.id]);

  return (
    <a
      ref={ref}
      href={pageUrl(path)}
      onClick={(event) => {
        if (!openArticle || !isPlainClick(event)) return;
        event.preventDefault();
        // The article's page shows its section's popular list, which its address does not name: the link
        // knows the section, so the click asks for the list beside the article (the page's loader can
        // ask only once the article has come). Under Save-Data too: this is the page asked for, not a guess.
        void queryClient.prefetchQuery(popularQueries.inSection(article.section));
        openArticle(path);
      }}
      onMouseEnter={prefetch}
      onFocus={prefetch}
      // A finger that moves is scrolling, not choosing this link.
      onTouchStart={() => (touchMoved.current = false)}
      onTouchMove={() => (touchMoved.current = true)}
      onTouchEnd={() => !touchMoved.current && prefetch()}
      {...rest}
      data-read={read || undefined}
    >
      {children}
      {read && <span className="visually-hidden"> (read)</span>}
    </a>
  );
}
