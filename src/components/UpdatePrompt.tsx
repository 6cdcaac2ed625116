import { useEffect, useState } from 'react';
import { siteRoot } from '../lib/paths';

// Registering the worker waits for the page to be taken over, and its code with it: the first read needs neither.
const serviceWorker = () => import('../lib/service-worker');

/**
 * Registers the service worker (in production builds), and when a new version of the site is waiting,
 * says so politely at the foot of the screen with a Reload button: the page in front of the reader is
 * never replaced under them.
 */
export function UpdatePrompt() {
  const [waiting, setWaiting] = useState<ServiceWorker | null>(null);
  useEffect(() => {
    // Offline before the worker has kept this code, the site works as it does without a worker.
    if (import.meta.env.PROD)
      serviceWorker().then(
        (worker) => worker.registerServiceWorker(siteRoot, setWaiting),
        () => undefined,
      );
  }, []);
  return (
    // The live region is always there, so that what appears in it is announced.
    <div role="status">
      {waiting && (
        <div className="update-prompt">
          <p>
            A new version is available. {/* The module is in memory: it registered the worker that is waiting. */}
            <button type="button" onClick={() => void serviceWorker().then((worker) => worker.switchToWaitingVersion(waiting))}>
              Reload
            </button>
          </p>
        </div>
      )}
    </div>
  );
}
