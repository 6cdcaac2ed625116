// A component whose code is loaded apart from the page's script, when it is first needed or asked for
// ahead (preload). Unlike React.lazy, it can be loaded before rendering: the prerendering loads it first,
// so that the page is rendered whole, and the browser, taking the page over before the code has come,
// keeps the prerendered markup inside the nearest Suspense boundary until it has (no shift, no mismatch).
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
    // Suspends until the code has come (a failure reaches the nearest error boundary).
    if (!loaded) use(preload());
    return createElement(loaded!, props);
  };
  return Object.assign(Component, { preload });
}
