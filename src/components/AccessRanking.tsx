import { useSuspenseQuery } from '@tanstack/react-query';
import { rankingQueries, siteQueries } from '../api/queries';
import { ComputedAt, HeadlineList } from './HeadlineList';

export function AccessRanking({ currentArticleId }: { currentArticleId?: string }) {
  const { data } = useSuspenseQuery(rankingQueries.detail());
  const { data: site } = useSuspenseQuery(siteQueries.detail());
  return (
    // data-live: refreshed in the browser; in the prerendered page, as of the page's last render.
    <section className="widget" aria-labelledby="access-ranking" data-live="ranking">
      <h2 id="access-ranking" className="widget-heading">
        {data.title}
      </h2>
      <ComputedAt computedAt={data.computedAt} publication={site.publication} />
      {data.articles.length > 0 ? (
        <HeadlineList articles={data.articles} numbered currentArticleId={currentArticleId} />
      ) : (
        <p className="muted">The ranking is empty.</p>
      )}
    </section>
  );
}
