import { Link } from 'react-router';
import type { Article, Publication, Section } from '../api/schemas';
import { paths } from '../lib/paths';
import { Dateline } from './Dateline';
import { ShareButton } from './Sharing';

export function ArticleView({
  article,
  section,
  publication,
  siteUrl,
}: {
  article: Article;
  section: Section;
  publication: Publication;
  /** The site's public address, if the build knew it: the shared link is under it. */
  siteUrl?: string;
}) {
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
        <ShareButton title={article.headline} siteUrl={siteUrl} />
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
    </article>
  );
}
