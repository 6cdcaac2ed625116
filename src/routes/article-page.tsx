import { useSuspenseQuery, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useParams, type LoaderFunctionArgs } from 'react-router';
import { isNotFound } from '../api/fetchJson';
import { articleQueries, popularQueries, rankingQueries, siteQueries } from '../api/queries';
import { isSafeId } from '../api/schemas';
import { ArticleView } from '../components/ArticleView';
import { DocumentTitle } from '../components/DocumentTitle';
import { SideWidgets } from '../components/SideWidgets';
import { forgetReading, recordReading } from '../lib/history';
import { notFound, orNotFound } from './not-found';

// Waits only for the article; the widgets' data starts loading here but is awaited by the widgets.
export const articleLoader =
  (queryClient: QueryClient) =>
  async ({ params }: LoaderFunctionArgs) => {
    const id = params.articleId ?? '';
    if (!isSafeId(id)) throw notFound();
    void queryClient.prefetchQuery(rankingQueries.detail());
    const article = await orNotFound(
      queryClient.ensureQueryData(articleQueries.detail(id)).catch((error: unknown) => {
        // Taken down (or never here): "Recently read" stops offering it.
        if (isNotFound(error)) forgetReading(id);
        throw error;
      }),
    );
    void queryClient.prefetchQuery(popularQueries.inSection(article.section));
    return null;
  };

export function ArticlePage() {
  const articleId = useParams().articleId!;
  const { data: article } = useSuspenseQuery(articleQueries.detail(articleId));
  const { data: site } = useSuspenseQuery(siteQueries.detail());
  // The pipeline guarantees the section exists; a stale cache may not, so fall back to its id.
  const section = site.sections.find((s) => s.id === article.section) ?? { id: article.section, name: article.section };
  // Recorded once the article is on screen: every link on the page that shows whether it was read is
  // drawn again for it, which is not worth holding up the frame that shows the article after a click.
  // A reader who leaves before then (Back at once) has still seen it, so leaving records it too.
  useEffect(() => {
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      recordReading({ id: article.id, section: article.section, headline: article.headline });
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(record);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      record();
    };
  }, [article]);
  return (
    <div className="page-columns">
      <DocumentTitle title={`${article.headline} | ${site.publication.name}`} />
      <ArticleView article={article} section={section} publication={site.publication} siteUrl={site.url} />
      <SideWidgets section={section} currentArticleId={article.id} />
    </div>
  );
}
