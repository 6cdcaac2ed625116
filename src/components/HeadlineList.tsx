import type { ArticleSummary } from '../api/schemas';
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
