// The browser's idea of whether it is online, for the offline notice and for retrying on reconnect, and
// of whether the connection has bytes to spare for fetching ahead.
import { useEffect, useRef, useSyncExternalStore } from 'react';

function subscribe(onChange: () => void) {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

interface NetworkInformation {
  saveData?: boolean;
  effectiveType?: string;
}

/** No fetching ahead at all where the reader asked to save data or the connection is 2G: every byte waits its turn. */
export function connectionAllowsPrefetch(): boolean {
  const connection = (navigator as Navigator & { connection?: NetworkInformation }).connection;
  return !connection?.saveData && connection?.effectiveType !== '2g' && connection?.effectiveType !== 'slow-2g';
}

export function useIsOnline(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => navigator.onLine,
    () => true, // when rendered on a server
  );
}

/** Calls back when the browser comes back online, so that whatever failed is fetched again by itself. */
export function useOnReconnect(callback: () => void) {
  const latest = useRef(callback);
  useEffect(() => {
    latest.current = callback;
  });
  useEffect(() => {
    const onOnline = () => latest.current();
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, []);
}
