import { useSuspenseQuery, type QueryClient } from '@tanstack/react-query';
import { Link, useParams, type LoaderFunctionArgs } from 'react-router';
import { rankingQueries, sectionQueries, siteQueries, popularQueries } from '../api/queries';
import { isSafeId, type ArticleSummary, type Publication } from '../api/schemas';
import { ArticleLink } from '../components/ArticleLink';
import { DocumentTitle } from '../components/DocumentTitle';
import { SideWidgets } from '../components/SideWidgets';
import { formatDate } from '../lib/dates';
import { paths } from '../lib/paths';
import { notFound, orNotFound } from './not-found';

function pageNumber(raw: string | undefined): number | null {
  if (raw === undefined) return 1;
  // Page 1 lives at /sections/:id only, so that each page has exactly one address.
  return /^[1-9][0-9]{0,5}$/.test(raw) && raw !== '1' ? Number(raw) : null;
}

export const sectionLoader =
  (queryClient: QueryClient) =>
  async ({ params }: LoaderFunctionArgs) => {
    const sectionId = params.sectionId ?? '';
    const page = pageNumber(params.page);
    if (!isSafeId(sectionId) || page === null) throw notFound();
    void queryClient.prefetchQuery(rankingQueries.detail());
    await orNotFound(queryClient.ensureQueryData(sectionQueries.page(sectionId, page)));
    // Only now is the section known to exist.
    void queryClient.prefetchQuery(popularQueries.inSection(sectionId));
    return null;
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
  const page = pageNumber(params.page) ?? 1;
  const { data } = useSuspenseQuery(sectionQueries.page(params.sectionId!, page));
  const { data: site } = useSuspenseQuery(siteQueries.detail());
  const { section, pageCount, total } = data;
  return (
    <div className="page-columns">
      <DocumentTitle title={`${section.name}${page > 1 ? ` (page ${page})` : ''} | ${site.publication.name}`} />
      <div className="section-page">
        <h1 className="page-title" tabIndex={-1}>
          {section.name}
        </h1>
        <p className="muted">
          {total === 0 ? 'No articles in this section yet.' : `${total} article${total === 1 ? '' : 's'}, newest first.`}
        </p>
        {data.articles.length > 0 && (
          <ul className="section-list">
            {data.articles.map((article) => (
              <SectionArticle key={article.id} article={article} publication={site.publication} />
            ))}
          </ul>
        )}
        {pageCount > 1 && (
          <nav className="pager" aria-label="Pages">
            {page > 1 ? <Link to={paths.section(section.id, page - 1)} rel="prev">← Newer</Link> : <span />}
            <span>
              Page {page} of {pageCount}
            </span>
            {page < pageCount ? <Link to={paths.section(section.id, page + 1)} rel="next">Older →</Link> : <span />}
          </nav>
        )}
      </div>
      <SideWidgets section={section} />
    </div>
  );
}
