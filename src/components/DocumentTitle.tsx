import { createContext, useContext, useEffect } from 'react';

/** Set only while prerendering, to collect the page's title for the HTML head. */
export const TitleSinkContext = createContext<((title: string) => void) | null>(null);

/** The document title for the page on screen. */
export function DocumentTitle({ title }: { title: string }) {
  useContext(TitleSinkContext)?.(title);
  useEffect(() => {
    document.title = title;
  }, [title]);
  return null;
}
