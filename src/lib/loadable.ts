// A component whose code is loaded apart from the page's script, when it is first rendered or asked for
// ahead (preload). Unlike React.lazy, a failed load is asked for again at the next render (offline
// before the service worker kept the code). Render it only once the page is taken over (useTakenOver):
// the prerendering does not load it.
import { createElement, use, type ComponentType } from 'react';

export interface Loadable<P extends object> {
  (props: P): React.ReactNode;
  /** Starts loading the code, once; the promise settles when it has come. */
  preload(): Promise<void>;
}

export function loadable<P extends object>(load: () => Promise<ComponentType<P>>): Loadable<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<void> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (component) => void (loaded = component),
      (error: unknown) => {
        // Offline before the service worker has kept the code: the next render asks again.
        loading = undefined;
        throw error;
      },
    ));
  const Component = (props: P) => {
    // Suspends until the code has come (a failure reaches the nearest error boundary). Called on every
    // render, not only until the code has come: React requires a render that suspended on use() to call
    // it again when it is replayed (the promise is then settled, and use() returns at once).
    use(preload());
    return createElement(loaded!, props);
  };
  return Object.assign(Component, { preload });
}
