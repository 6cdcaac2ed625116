import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, type ReactNode } from 'react';
import { Link, type LinkProps } from 'react-router';
import { articleQueries, popularQueries } from '../api/queries';
import type { ArticleSummary } from '../api/schemas';
import { paths } from '../lib/paths';

// VITE_PREFETCH=off builds the reader without prefetching, for the benchmark's comparison.
const PREFETCH = import.meta.env.VITE_PREFETCH !== 'off';

/**
 * A link to an article that fetches the article (and its section's popular list) ahead of the click:
 * when the link is hovered, focused, touched or scrolled into view. A click then shows the article
 * with no network wait.
 */
export function ArticleLink({
  article,
  children,
  ...rest
}: { article: Pick<ArticleSummary, 'id' | 'section'>; children: ReactNode } & Omit<LinkProps, 'to'>) {
  const queryClient = useQueryClient();
  const ref = useRef<HTMLAnchorElement>(null);
  const prefetch = useCallback(() => {
    if (!PREFETCH) return;
    void queryClient.prefetchQuery(articleQueries.detail(article.id));
    void queryClient.prefetchQuery(popularQueries.inSection(article.section));
  }, [queryClient, article.id, article.section]);

  useEffect(() => {
    const link = ref.current;
    const saveData = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData;
    if (!PREFETCH || !link || saveData || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        prefetch();
      }
    });
    observer.observe(link);
    return () => observer.disconnect();
  }, [prefetch]);

  return (
    <Link ref={ref} to={paths.article(article.id)} onMouseEnter={prefetch} onFocus={prefetch} onTouchStart={prefetch} {...rest}>
      {children}
    </Link>
  );
}
