import { useState } from 'react';
import type { Article } from '../api/schemas';
import { NOTHING_KEPT, removeSaved, saveArticle, SaveError, useSaved } from '../lib/saved';

/** The Save button once its code has come (SaveButton.tsx): saves the article on this device, or takes it off again. */
export function SaveControl({ article }: { article: Pick<Article, 'id' | 'section' | 'headline' | 'publishedAt'> }) {
  const saved = useSaved();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const isSaved = saved.status === 'ready' && saved.articles.some((each) => each.id === article.id);
  const toggle = async () => {
    setBusy(true);
    setMessage('');
    try {
      if (isSaved) {
        await removeSaved(article.id);
        setMessage('Removed from saved articles');
      } else {
        await saveArticle({ id: article.id, section: article.section, headline: article.headline, publishedAt: article.publishedAt });
        setMessage('Saved on this device, to read offline');
      }
    } catch (error) {
      setMessage(
        saved.status === 'unavailable' || (error instanceof SaveError && error.reason === 'storage')
          ? NOTHING_KEPT
          : 'Could not save it: the article could not be fetched. Check your connection and try again.',
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="article-action">
      <button type="button" onClick={() => void toggle()} disabled={busy || saved.status === 'reading'}>
        {isSaved ? 'Remove from saved' : 'Save'}
      </button>
      <span className="article-action-status" role="status">
        {message}
      </span>
    </div>
  );
}
