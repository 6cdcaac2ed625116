// What the app and its service worker (src/sw.ts) agree on, and the app's side: registering the worker
// and hearing that a new version is waiting. Nothing runs at import: the worker imports the constants.
import { SERVICE_WORKER_FILE } from './site-layout';

/** The message that tells a waiting worker to take over. */
export const SKIP_WAITING = 'skip-waiting';

/**
 * Registers the service worker at the site's root and calls back with a new version's worker once it
 * is installed and waiting (not on the first install, which has nothing to replace).
 */
export function registerServiceWorker(siteRoot: string, onWaiting: (worker: ServiceWorker) => void): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker
    .register(`${siteRoot}${SERVICE_WORKER_FILE}`, { scope: siteRoot })
    .then((registration) => {
      if (registration.waiting && navigator.serviceWorker.controller) onWaiting(registration.waiting);
      registration.addEventListener('updatefound', () => {
        const installing = registration.installing;
        installing?.addEventListener('statechange', () => {
          if (installing.state === 'installed' && navigator.serviceWorker.controller) onWaiting(installing);
        });
      });
    })
    // Where workers are turned off (some private modes, policies), the site works as it does without one.
    .catch(() => undefined);
}

/** Lets the waiting version take over, and reloads the page into it once it has. */
export function switchToWaitingVersion(worker: ServiceWorker): void {
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
  worker.postMessage({ type: SKIP_WAITING });
}
