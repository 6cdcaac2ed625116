import { useSuspenseQuery, type QueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { frontQueries, rankingQueries, siteQueries } from '../api/queries';
import { ArticleLink } from '../components/ArticleLink';
import { Dateline } from '../components/Dateline';
import { DocumentTitle } from '../components/DocumentTitle';
import { RecentlyRead } from '../components/RecentlyRead';
import { HeadlineList } from '../components/HeadlineList';
import { SideWidgets } from '../components/SideWidgets';
import { paths } from '../lib/paths';

export const frontLoader = (queryClient: QueryClient) => async () => {
  void queryClient.prefetchQuery(rankingQueries.detail());
  await queryClient.ensureQueryData(frontQueries.detail());
  return null;
};

export function FrontPage() {
  const { data: front } = useSuspenseQuery(frontQueries.detail());
  const { data: site } = useSuspenseQuery(siteQueries.detail());
  const { lead } = front;
  const leadSection = lead && site.sections.find((s) => s.id === lead.section);
  return (
    <div className="page-columns">
      <DocumentTitle title={site.publication.name} />
      <div className="front">
        <h1 className="visually-hidden" tabIndex={-1}>
          {site.publication.name}: front page
        </h1>
        {lead ? (
          <section className="lead" aria-labelledby="lead-headline">
            {leadSection && (
              <p className="section-label">
                <Link to={paths.section(leadSection.id)}>{leadSection.name}</Link>
              </p>
            )}
            <h2 id="lead-headline" className="lead-headline">
              <ArticleLink article={lead} dir="auto">
                {lead.headline}
              </ArticleLink>
            </h2>
            <Dateline publishedAt={lead.publishedAt} publication={site.publication} />
            <p className="lead-standfirst" dir="auto">
              {lead.standfirst}
            </p>
          </section>
        ) : (
          <p className="muted">The archive has no full articles yet.</p>
        )}
        <section className="front-sections" aria-labelledby="sections-heading">
          <h2 id="sections-heading" className="block-heading">
            Sections
          </h2>
          <ul className="section-links">
            {site.sections.map((section) => (
              <li key={section.id}>
                <Link to={paths.section(section.id)}>{section.name}</Link>
              </li>
            ))}
          </ul>
        </section>
        {front.latest.length > 0 && (
          <section aria-labelledby="latest-heading">
            <h2 id="latest-heading" className="block-heading">
              More from the archive
            </h2>
            <HeadlineList articles={front.latest} />
          </section>
        )}
        <RecentlyRead />
      </div>
      <SideWidgets />
    </div>
  );
}
