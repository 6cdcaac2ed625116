import type { ArticleSummary, Publication } from '../api/schemas';
import { formatDateline } from '../lib/dates';
import { ArticleLink } from './ArticleLink';

/** Headlines as links; numbered (an ol) where the order is the point, as in a ranking. */
export function HeadlineList({
  articles,
  numbered = false,
  currentArticleId,
}: {
  articles: ArticleSummary[];
  numbered?: boolean;
  /** The article on screen, marked as the current page where it appears in the list. */
  currentArticleId?: string;
}) {
  const items = articles.map((article) => (
    <li key={article.id}>
      <ArticleLink article={article} dir="auto" aria-current={article.id === currentArticleId ? 'page' : undefined}>
        {article.headline}
      </ArticleLink>
    </li>
  ));
  return numbered ? <ol className="headline-list numbered">{items}</ol> : <ul className="headline-list">{items}</ul>;
}

/** When a live list was computed, in the publication's time zone: "As of 14:00 JST, January 9, 2023". */
export function ComputedAt({ computedAt, publication }: { computedAt?: string; publication: Publication }) {
  if (!computedAt) return null;
  return (
    <p className="widget-as-of">
      As of{' '}
      <time dateTime={computedAt}>{formatDateline(computedAt, publication.timeZone, publication.timeZoneLabel, publication.locale)}</time>
    </p>
  );
}
