import { Suspense } from 'react';
import type { Article } from '../api/schemas';
import { useTakenOver } from '../hydration';
import { loadable } from '../lib/loadable';
import { ErrorBoundary } from './ErrorBoundary';

type Props = { article: Pick<Article, 'id' | 'section' | 'headline' | 'publishedAt'> };

// Its code and the device's list (IndexedDB) are loaded once the page is taken over, not with the page's script.
const SaveControl = loadable<Props>(() => import('./SaveControl').then((module) => module.SaveControl));

/**
 * Saves the article on this device, to read offline from the Saved page, or takes it off again. Needs
 * JavaScript: until the page is taken over it keeps its place but is not shown; then, until its code
 * and the saved list have come, it is shown but cannot be pressed yet.
 */
export function SaveButton({ article }: Props) {
  const takenOver = useTakenOver();
  if (!takenOver) return <WaitingSaveButton shown={false} />;
  return (
    // Its code could not be fetched (offline before the service worker kept it): nothing to press.
    <ErrorBoundary fallback={() => <WaitingSaveButton shown />}>
      <Suspense fallback={<WaitingSaveButton shown />}>
        <SaveControl article={article} />
      </Suspense>
    </ErrorBoundary>
  );
}

/** The button as SaveControl draws it while it reads the saved list: the same place, nothing to press. */
function WaitingSaveButton({ shown }: { shown: boolean }) {
  return (
    <div className={shown ? 'article-action' : 'article-action awaiting-app'}>
      <button type="button" disabled>
        Save
      </button>
      <span className="article-action-status" role="status" />
    </div>
  );
}
