import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/**
 * After a client-side navigation, moves focus to the new page's main heading, as a full page load would
 * for screen-reader and keyboard users: the screen reader reads the heading it lands on. There is no
 * live announcement as well, which would have the new page read twice. The first page load is left alone.
 */
export function FocusOnNavigation() {
  const location = useLocation();
  const previousKey = useRef(location.key);

  useEffect(() => {
    if (previousKey.current === location.key) return;
    previousKey.current = location.key;
    const heading = document.querySelector<HTMLElement>('main h1') ?? document.querySelector<HTMLElement>('main');
    if (heading) {
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      // Scroll position is the router's business (top for a new page, restored on Back).
      heading.focus({ preventScroll: true });
    }
  }, [location.key]);

  return null;
}
