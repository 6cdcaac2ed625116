// Sharing a page: its canonical address, kept up to date in the head as the reader moves between pages
// (browsers' own share menus read it), and the Share button on articles.
import { useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import { useTakenOver } from '../hydration';
import { siteRoot } from '../lib/paths';
import { absoluteAddress } from '../lib/site-layout';

/**
 * The page's canonical address: under the site's public address when the build was told it, else under
 * the address the page was opened at. Without query or fragment.
 */
export function useCanonicalAddress(siteUrl: string | undefined): string {
  const { pathname } = useLocation();
  const root = siteUrl ?? (typeof window === 'undefined' ? `http://localhost${siteRoot}` : new URL(siteRoot, window.location.href).href);
  return absoluteAddress(root, pathname);
}

/** Keeps the head's canonical link (prerendered pages have one when the site's address is known) on the page shown. */
export function CanonicalLink({ siteUrl }: { siteUrl: string | undefined }) {
  const address = useCanonicalAddress(siteUrl);
  useEffect(() => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="canonical"]');
    if (link && siteUrl) link.href = address;
  }, [address, siteUrl]);
  return null;
}

/**
 * Shares the article's canonical address: with the system's share sheet where there is one, else by
 * copying it, announced politely. Needs JavaScript: until the page is taken over it keeps its place but is
 * not shown, so a reader without JavaScript never meets a button that does nothing.
 */
export function ShareButton({ title, siteUrl }: { title: string; siteUrl: string | undefined }) {
  const address = useCanonicalAddress(siteUrl);
  const takenOver = useTakenOver();
  const [message, setMessage] = useState('');
  const share = async () => {
    setMessage('');
    if (typeof navigator.share === 'function') {
      try {
        await navigator.share({ title, url: address });
        return;
      } catch (error) {
        // The reader closed the share sheet: nothing to say. Anything else falls back to copying.
        if ((error as Error).name === 'AbortError') return;
      }
    }
    try {
      await navigator.clipboard.writeText(address);
      setMessage('Link copied');
    } catch {
      setMessage(`Could not copy the link. Its address is ${address}`);
    }
  };
  return (
    <div className={takenOver ? 'article-action' : 'article-action awaiting-app'}>
      <button type="button" onClick={() => void share()} disabled={!takenOver}>
        Share
      </button>
      <span className="article-action-status" role="status">
        {message}
      </span>
    </div>
  );
}
