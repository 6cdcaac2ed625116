import { useId, useRef, useState } from 'react';
import { clearHistory, RECENTLY_READ_SHOWN, useHistory } from '../lib/history';
import { ArticleLink } from './ArticleLink';

/**
 * The front page's "Recently read": the last articles the reader opened on this device, with a control
 * to forget them. Shown once the app has started (the prerendered page knows no reader), at the end of
 * the front page's column, where appearing moves nothing above it.
 */
export function RecentlyRead() {
  const history = useHistory();
  const headingId = useId();
  // After clearing, the section stays to say so, and focus has somewhere to be.
  const [cleared, setCleared] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  if (history.length === 0 && !cleared) return null;
  return (
    <section className="recently-read" aria-labelledby={headingId}>
      <h2 id={headingId} className="block-heading" ref={headingRef} tabIndex={-1}>
        Recently read
      </h2>
      {history.length > 0 ? (
        <>
          <ul className="headline-list">
            {history.slice(0, RECENTLY_READ_SHOWN).map((entry) => (
              <li key={entry.id}>
                <ArticleLink article={entry} dir="auto" markRead={false}>
                  {entry.headline}
                </ArticleLink>
              </li>
            ))}
          </ul>
          <button
            type="button"
            onClick={() => {
              setCleared(true);
              clearHistory();
              // The button goes with the list: focus stays in the section.
              headingRef.current?.focus();
            }}
          >
            Clear reading history
          </button>
        </>
      ) : null}
      <p role="status" className="muted">
        {cleared && history.length === 0 ? 'Your reading history is cleared. It was kept on this device only.' : ''}
      </p>
    </section>
  );
}
