import { Link } from 'react-router';
import type { ApiArticle, Publication, Section } from '../api/schemas';
import { paths } from '../lib/paths';
import { Dateline, LocalDateline } from './Dateline';
import { readingMinutes } from '../lib/reading-time';
import { SaveButton } from './SaveButton';
import { ShareButton, useCanonicalAddress } from './Sharing';
import { useTakenOver } from '../hydration';

export function ArticleView({
  article,
  section,
  publication,
  siteUrl,
}: {
  article: ApiArticle;
  section: Section;
  publication: Publication;
  /** The site's public address, if the build knew it: the shared link is under it. */
  siteUrl?: string;
}) {
  const minutes = readingMinutes(article.body);
  const address = useCanonicalAddress(siteUrl);
  const takenOver = useTakenOver();
  return (
    <article className="article">
      <p className="section-label">
        <Link to={paths.section(section.id)}>{section.name}</Link>
      </p>
      <h1 className="headline" tabIndex={-1} dir="auto">
        {article.headline}
      </h1>
      <div className="article-meta">
        <Dateline publishedAt={article.publishedAt} publication={publication} />
        <div className="article-actions">
          <ShareButton title={article.headline} siteUrl={siteUrl} />
          <SaveButton article={article} />
        </div>
        {minutes > 0 && (
          <p className="reading-info">
            {minutes} min read
            {article.publishedAt && <LocalDateline publishedAt={article.publishedAt} publication={publication} />}
          </p>
        )}
      </div>
      {article.byline && (
        <p className="byline" dir="auto">
          {article.byline}
        </p>
      )}
      {article.image && (
        <figure className="lead-image">
          <img src={article.image.src} alt={article.image.alt} />
          {article.image.caption && <figcaption dir="auto">{article.image.caption}</figcaption>}
        </figure>
      )}
      {article.body.length > 0 ? (
        <div className="article-body">
          {article.body.map((paragraph, index) => (
            <p key={index} dir="auto">
              {paragraph}
            </p>
          ))}
        </div>
      ) : (
        <p className="notice">Only the headline of this article is in this archive. Its text was not archived.</p>
      )}
      {/* On paper, where the address bar is not: known as prerendered only when the site's address is. */}
      {(siteUrl || takenOver) && <p className="print-address">{address}</p>}
    </article>
  );
}
