import { useIsOnline } from '../lib/online';

/** A polite notice while the browser is offline. The live region is always there, so that it is announced. */
export function OfflineNotice() {
  const online = useIsOnline();
  return (
    <div role="status" aria-live="polite" className={online ? undefined : 'offline-notice'}>
      {!online && <p>You are offline. Pages you have already opened can still be read; others will load when you are back online.</p>}
    </div>
  );
}
