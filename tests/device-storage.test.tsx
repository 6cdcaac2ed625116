// Two sites on one origin (/news/ and /sport/) keep what they store on the reader's device apart: saved
// articles, reading history and display preferences. The site at "/" reads what it stored before base
// paths were counted, so its readers keep it. IndexedDB is fake-indexeddb's, in memory.
import 'fake-indexeddb/auto';
import { renderHook, waitFor } from '@testing-library/react';
import { createStore, set } from 'idb-keyval';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** The app's modules of stored data, loaded afresh as the app built for this base path has them. */
async function siteAt(base: string) {
  vi.stubEnv('BASE_URL', base);
  vi.resetModules();
  const [history, display, saved] = await Promise.all([
    import('../src/lib/history'),
    import('../src/lib/display'),
    import('../src/lib/saved'),
  ]);
  vi.unstubAllEnvs();
  return { base, history, display, saved };
}
type Site = Awaited<ReturnType<typeof siteAt>>;

/** The saved articles' headlines as the site's Saved page lists them. */
async function savedHeadlines(site: Site): Promise<string[]> {
  const { result, unmount } = renderHook(() => site.saved.useSaved());
  await waitFor(() => expect(result.current.status).toBe('ready'));
  const state = result.current;
  unmount();
  return state.status === 'ready' ? state.articles.map((article) => article.headline) : [];
}

const themeAttributes = () => ({
  theme: document.documentElement.getAttribute('data-theme'),
  textSize: document.documentElement.getAttribute('data-text-size'),
});
/** Runs the display script that the site's pages carry in their head, on a page with no preferences applied yet. */
function runPageScript(site: Site) {
  document.documentElement.removeAttribute('data-theme');
  document.documentElement.removeAttribute('data-text-size');
  new Function(site.display.displayScript(site.base))();
  return themeAttributes();
}

afterEach(() => {
  localStorage.clear();
  document.documentElement.removeAttribute('data-theme');
  document.documentElement.removeAttribute('data-text-size');
});

const entry = (id: string, headline: string) => ({ id, section: 'politics', headline });

describe('two sites on one origin, at /news/ and /sport/', () => {
  it('do not see each other’s reading history', async () => {
    const [news, sport] = [await siteAt('/news/'), await siteAt('/sport/')];
    news.history.recordReading(entry('news-article', 'Read on the news site'));
    sport.history.recordReading(entry('sport-article', 'Read on the sport site'));
    expect(news.history.readHistory().map((each) => each.headline)).toEqual(['Read on the news site']);
    expect(sport.history.readHistory().map((each) => each.headline)).toEqual(['Read on the sport site']);
  });

  it('do not see each other’s display preferences, in the app or in the script that applies them before the first paint', async () => {
    const [news, sport] = [await siteAt('/news/'), await siteAt('/sport/')];
    news.display.saveDisplay({ theme: 'dark', textSize: 'largest' }, news.base);
    expect(runPageScript(news)).toEqual({ theme: 'dark', textSize: 'largest' });
    expect(runPageScript(sport)).toEqual({ theme: null, textSize: null });
    expect(sport.display.readDisplay(sport.base)).toEqual({ theme: 'system', textSize: 'default' });
    expect(news.display.readDisplay(news.base)).toEqual({ theme: 'dark', textSize: 'largest' });
  });

  it('do not see each other’s saved articles', async () => {
    const [news, sport] = [await siteAt('/news/'), await siteAt('/sport/')];
    await news.saved.saveArticle(entry('news-article', 'Saved on the news site'));
    expect(await savedHeadlines(news)).toEqual(['Saved on the news site']);
    expect(await savedHeadlines(sport)).toEqual([]);
    await sport.saved.saveArticle(entry('sport-article', 'Saved on the sport site'));
    expect(await savedHeadlines(sport)).toEqual(['Saved on the sport site']);
    expect(await savedHeadlines(news)).toEqual(['Saved on the news site']);
  });
});

describe('the site at the root of its origin', () => {
  it('keeps what its readers stored before: the same names as before', async () => {
    localStorage.setItem('news-reader.history', JSON.stringify([entry('earlier', 'Read before')]));
    localStorage.setItem('news-reader.display', JSON.stringify({ theme: 'light', textSize: 'large' }));
    await set('earlier', { ...entry('earlier', 'Saved before'), savedAt: 1 }, createStore('news-reader', 'saved-articles'));
    const root = await siteAt('/');
    expect(root.history.readHistory().map((each) => each.headline)).toEqual(['Read before']);
    expect(root.display.readDisplay(root.base)).toEqual({ theme: 'light', textSize: 'large' });
    expect(runPageScript(root)).toEqual({ theme: 'light', textSize: 'large' });
    expect(await savedHeadlines(root)).toContain('Saved before');
  });
});
