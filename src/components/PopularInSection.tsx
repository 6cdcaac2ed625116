import { useSuspenseQuery } from '@tanstack/react-query';
import { popularQueries, siteQueries } from '../api/queries';
import { VIEW_SIZES, type Section } from '../api/schemas';
import { ComputedAt, HeadlineList } from './HeadlineList';

/** The section's popular articles, never including the article on screen. */
export function PopularInSection({ section, currentArticleId }: { section: Section; currentArticleId?: string }) {
  const { data } = useSuspenseQuery(popularQueries.inSection(section.id));
  const { data: site } = useSuspenseQuery(siteQueries.detail());
  const articles = data.articles.filter((article) => article.id !== currentArticleId).slice(0, VIEW_SIZES.popularShown);
  const headingId = `popular-${section.id}`;
  return (
    <section className="widget" aria-labelledby={headingId} data-live="popular">
      <h2 id={headingId} className="widget-heading">
        {section.name} <span className="widget-heading-sub">— popular articles</span>
      </h2>
      <ComputedAt computedAt={data.computedAt} publication={site.publication} />
      {articles.length > 0 ? (
        <HeadlineList articles={articles} />
      ) : (
        <p className="muted">No popular articles are listed for this section.</p>
      )}
    </section>
  );
}
