import { useEffect, useState } from 'react';
import { siteRoot } from '../lib/paths';
import { registerServiceWorker, switchToWaitingVersion } from '../lib/service-worker';

/**
 * Registers the service worker (in production builds), and when a new version of the site is waiting,
 * says so politely at the foot of the screen with a Reload button: the page in front of the reader is
 * never replaced under them.
 */
export function UpdatePrompt() {
  const [waiting, setWaiting] = useState<ServiceWorker | null>(null);
  useEffect(() => {
    if (import.meta.env.PROD) registerServiceWorker(siteRoot, setWaiting);
  }, []);
  return (
    // The live region is always there, so that what appears in it is announced.
    <div role="status">
      {waiting && (
        <div className="update-prompt">
          <p>
            A new version is available.{' '}
            <button type="button" onClick={() => switchToWaitingVersion(waiting)}>
              Reload
            </button>
          </p>
        </div>
      )}
    </div>
  );
}
