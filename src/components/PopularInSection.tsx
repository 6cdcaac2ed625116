import { useSuspenseQuery } from '@tanstack/react-query';
import { popularQueries } from '../api/queries';
import { VIEW_SIZES, type Section } from '../api/schemas';
import { HeadlineList } from './HeadlineList';

/** The section's popular articles, never including the article on screen. */
export function PopularInSection({ section, currentArticleId }: { section: Section; currentArticleId?: string }) {
  const { data } = useSuspenseQuery(popularQueries.inSection(section.id));
  const articles = data.articles.filter((article) => article.id !== currentArticleId).slice(0, VIEW_SIZES.popularShown);
  const headingId = `popular-${section.id}`;
  return (
    <section className="widget" aria-labelledby={headingId}>
      <h2 id={headingId} className="widget-heading">
        {section.name} <span className="widget-heading-sub">— popular articles</span>
      </h2>
      {articles.length > 0 ? (
        <HeadlineList articles={articles} />
      ) : (
        <p className="muted">No popular articles are listed for this section.</p>
      )}
    </section>
  );
}
