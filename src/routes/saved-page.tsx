// The articles the reader saved on this device (src/lib/saved.ts), newest saved first, each with a way
// to remove it. The service worker keeps this page with the app, so it opens offline, and so do the
// articles it lists. The prerendered page knows no reader: the list appears once the app has started.
import { useSuspenseQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { siteQueries } from '../api/queries';
import { ArticleLink } from '../components/ArticleLink';
import { Dateline } from '../components/Dateline';
import { DocumentTitle } from '../components/DocumentTitle';
import { useTakenOver } from '../hydration';
import { NOTHING_KEPT, removeSaved, useSaved } from '../lib/saved';

export function SavedPage() {
  const { data: site } = useSuspenseQuery(siteQueries.detail());
  const saved = useSaved();
  const takenOver = useTakenOver();
  const [message, setMessage] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const sectionName = (id: string) => site.sections.find((section) => section.id === id)?.name ?? id;

  const remove = async (id: string, headline: string) => {
    try {
      await removeSaved(id);
      setMessage(`Removed “${headline}”.`);
    } catch {
      setMessage(`Could not remove “${headline}”: this browser's storage did not answer.`);
    }
    // The button goes with its article: focus stays on the page.
    headingRef.current?.focus();
  };

  let content;
  if (!takenOver || saved.status === 'reading')
    content = takenOver ? <p className="muted">Looking for saved articles on this device…</p> : null;
  else if (saved.status === 'unavailable') content = <p className="notice">{NOTHING_KEPT}</p>;
  else if (saved.articles.length === 0)
    content = <p className="muted">Nothing is saved yet. Choose Save on an article to keep it here, to read without a connection.</p>;
  else
    content = (
      <ul className="saved-list">
        {saved.articles.map((article) => (
          <li key={article.id}>
            <ArticleLink article={article} dir="auto" className="saved-headline" markRead={false}>
              {article.headline}
            </ArticleLink>
            <div className="saved-meta">
              <span>{sectionName(article.section)}</span>
              <Dateline publishedAt={article.publishedAt} publication={site.publication} />
              <button type="button" aria-label={`Remove “${article.headline}”`} onClick={() => void remove(article.id, article.headline)}>
                Remove
              </button>
            </div>
          </li>
        ))}
      </ul>
    );

  return (
    <div className="saved-page">
      <DocumentTitle title={`Saved articles | ${site.publication.name}`} />
      <h1 className="page-title" tabIndex={-1} ref={headingRef}>
        Saved articles
      </h1>
      <p>Articles you save are kept on this device only, and open here without a connection.</p>
      <noscript>
        <p className="notice">Saving articles needs JavaScript, which is off in this browser.</p>
      </noscript>
      {content}
      <p role="status" className="muted">
        {message}
      </p>
    </div>
  );
}
