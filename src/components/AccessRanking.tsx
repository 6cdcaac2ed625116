import { useSuspenseQuery } from '@tanstack/react-query';
import { rankingQueries } from '../api/queries';
import { HeadlineList } from './HeadlineList';

export function AccessRanking({ currentArticleId }: { currentArticleId?: string }) {
  const { data } = useSuspenseQuery(rankingQueries.detail());
  return (
    <section className="widget" aria-labelledby="access-ranking">
      <h2 id="access-ranking" className="widget-heading">
        {data.title}
      </h2>
      {data.articles.length > 0 ? (
        <HeadlineList articles={data.articles} numbered currentArticleId={currentArticleId} />
      ) : (
        <p className="muted">The ranking is empty.</p>
      )}
    </section>
  );
}
