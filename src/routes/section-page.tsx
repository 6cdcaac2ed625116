import { useSuspenseQuery, type QueryClient } from '@tanstack/react-query';
import { Link, redirect, useParams, type LoaderFunctionArgs } from 'react-router';
import { popularQueries, rankingQueries, sectionQueries, siteQueries } from '../api/queries';
import { isSafeId, type ArticleSummary, type Publication } from '../api/schemas';
import { ArticleLink } from '../components/ArticleLink';
import { DocumentTitle } from '../components/DocumentTitle';
import { SideWidgets } from '../components/SideWidgets';
import { formatDate, formatPeriod } from '../lib/dates';
import { paths } from '../lib/paths';
import { isSectionPeriod, LATEST_PERIOD } from '../lib/site-layout';
import { notFound, orNotFound } from './not-found';

// A section's newest articles are at /sections/:id; older ones by month, at /sections/:id/2023-01, whose
// address never changes when articles are added.
export const sectionLoader =
  (queryClient: QueryClient) =>
  async ({ params }: LoaderFunctionArgs) => {
    const sectionId = params.sectionId ?? '';
    // The latest page lives at /sections/:id only, so that each page has exactly one address.
    if (!isSafeId(sectionId) || (params.period !== undefined && !isSectionPeriod(params.period))) throw notFound();
    const period = params.period ?? LATEST_PERIOD;
    void queryClient.prefetchQuery(rankingQueries.detail());
    await orNotFound(queryClient.ensureQueryData(sectionQueries.period(sectionId, period)));
    // Only now is the section known to exist.
    void queryClient.prefetchQuery(popularQueries.inSection(sectionId));
    return null;
  };

/** Numbered pages (/sections/:id/page/2) moved whenever an article was added; they now lead to the section. */
export const legacySectionPageLoader = ({ params }: LoaderFunctionArgs) => {
  const sectionId = params.sectionId ?? '';
  if (!isSafeId(sectionId)) throw notFound();
  return redirect(paths.section(sectionId));
};

function SectionArticle({ article, publication }: { article: ArticleSummary; publication: Publication }) {
  return (
    <li className="section-item">
      <h2 className="section-item-headline">
        <ArticleLink article={article} dir="auto">
          {article.headline}
        </ArticleLink>
      </h2>
      <p className="section-item-meta">
        {article.publishedAt ? (
          <time dateTime={article.publishedAt}>{formatDate(article.publishedAt, publication.timeZone, publication.locale)}</time>
        ) : (
          'Date not archived'
        )}
        {article.headlineOnly && <span className="tag">Headline only</span>}
      </p>
    </li>
  );
}

export function SectionPage() {
  const params = useParams();
  const period = params.period ?? LATEST_PERIOD;
  const { data } = useSuspenseQuery(sectionQueries.period(params.sectionId!, period));
  const { data: site } = useSuspenseQuery(siteQueries.detail());
  const { publication } = site;
  const { section } = data;
  const isLatest = period === LATEST_PERIOD;
  const periodName = isLatest ? undefined : formatPeriod(period, publication.locale);
  return (
    <div className="page-columns">
      <DocumentTitle title={`${section.name}${periodName ? `: ${periodName}` : ''} | ${publication.name}`} />
      <div className="section-page">
        <h1 className="page-title" tabIndex={-1}>
          {section.name}
          {periodName && <span className="page-title-sub">: {periodName}</span>}
        </h1>
        <p className="muted">
          {data.articles.length === 0
            ? 'No articles in this section yet.'
            : isLatest
              ? 'The newest articles first.'
              : `${data.articles.length} article${data.articles.length === 1 ? '' : 's'}, newest first.`}
        </p>
        {data.articles.length > 0 && (
          <ul className="section-list">
            {data.articles.map((article) => (
              <SectionArticle key={article.id} article={article} publication={publication} />
            ))}
          </ul>
        )}
        {!isLatest && (
          <nav className="pager" aria-label="Months">
            {data.newer ? (
              <Link to={paths.section(section.id, data.newer)} rel="prev">
                ← {formatPeriod(data.newer, publication.locale)}
              </Link>
            ) : (
              <Link to={paths.section(section.id)}>← Latest</Link>
            )}
            {data.older ? (
              <Link to={paths.section(section.id, data.older)} rel="next">
                {formatPeriod(data.older, publication.locale)} →
              </Link>
            ) : (
              <span />
            )}
          </nav>
        )}
        {isLatest && data.periods && data.periods.length > 0 && (
          <nav className="archive-months" aria-labelledby="archive-heading">
            <h2 id="archive-heading" className="block-heading">
              Archive by month
            </h2>
            <ul>
              {data.periods.map((each) => (
                <li key={each}>
                  <Link to={paths.section(section.id, each)}>{formatPeriod(each, publication.locale)}</Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </div>
      <SideWidgets section={section} />
    </div>
  );
}
