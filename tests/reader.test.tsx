// The reader's journeys, through the real router with the real sample archive (points 1–7 of issue #2).
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearHistory, readHistory, recordReading } from '../src/lib/history';
import { buildApiFromDir } from '../src/pipeline/archive';
import { writeSyntheticArchive } from '../src/pipeline/synthetic';
import { seed } from './fixtures/seed';
import { renderApp, SEED_ID } from './render-app';

const HEADLINE_ONLY_ID = 'core-inflation-in-tokyo-accelerates-in-november';

function widget(name: RegExp) {
  return screen.findByRole('region', { name });
}

async function linksIn(region: HTMLElement) {
  return within(region)
    .getAllByRole('link')
    .map((link) => ({ text: link.textContent, href: link.getAttribute('href') }));
}

describe('1. the front page', () => {
  it('shows the lead article, links to every section, and the access ranking', async () => {
    await renderApp('/');
    const lead = await screen.findByRole('heading', { level: 2, name: seed.headline });
    expect(within(lead).getByRole('link')).toHaveAttribute('href', `/articles/${SEED_ID}`);
    expect(screen.getByText(seed.paragraphs[0])).toBeInTheDocument();

    const nav = screen.getByRole('navigation', { name: 'Sections' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['Politics', 'Business', 'Society', 'Science & Nature', 'Culture']);
    expect(within(nav).getByRole('link', { name: 'Politics' })).toHaveAttribute('href', '/sections/politics');

    const ranking = await widget(/JN Access Ranking/i);
    expect(
      within(ranking)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(seed.ranking);
    await waitFor(() => expect(document.title).toBe('The Japan News'));
  });
});

describe('2. an article', () => {
  it('shows the section label as a link, one h1, the JST dateline and the 8 paragraphs word for word', async () => {
    await renderApp(`/articles/${SEED_ID}`);
    const h1 = await screen.findByRole('heading', { level: 1 });
    expect(h1).toHaveTextContent(seed.headline);
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);

    const article = screen.getByRole('article');
    expect(within(article).getByRole('link', { name: 'Politics' })).toHaveAttribute('href', '/sections/politics');
    const time = within(article).getByText(seed.dateline);
    expect(time.tagName).toBe('TIME');
    expect(time).toHaveAttribute('dateTime', '2023-01-09T02:00:00+09:00');

    const paragraphs = article.querySelectorAll('.article-body p');
    expect([...paragraphs].map((p) => p.textContent)).toEqual(seed.paragraphs);
  });
});

describe('3. the widgets beside an article', () => {
  it('lists the section’s popular articles in the seed’s order, as links', async () => {
    await renderApp(`/articles/${SEED_ID}`);
    const popular = await widget(/Politics — popular articles/);
    const links = await linksIn(popular);
    expect(links.map((l) => l.text)).toEqual(seed.popular);
    expect(links.every((l) => l.href?.startsWith('/articles/'))).toBe(true);
    expect(within(popular).getByRole('list').tagName).toBe('UL');
  });

  it('numbers the access ranking 1–5 as an ordered list of links', async () => {
    await renderApp(`/articles/${SEED_ID}`);
    const ranking = await widget(/JN Access Ranking/i);
    const list = within(ranking).getByRole('list');
    expect(list.tagName).toBe('OL');
    expect((await linksIn(ranking)).map((l) => l.text)).toEqual(seed.ranking);
  });

  it('never lists the article on screen in its own popular list', async () => {
    const popularId = 'japan-pm-ishiba-says-corporate-group-donations-not-inappropriate';
    await renderApp(`/articles/${popularId}`);
    const popular = await widget(/Politics — popular articles/);
    const texts = (await linksIn(popular)).map((l) => l.text);
    expect(texts).toEqual(seed.popular.slice(1));
    expect(texts).not.toContain(seed.popular[0]);
  });

  it('keeps the article on screen when the ranking fails, and offers a retry', async () => {
    let failRanking = true;
    const { user } = await renderApp(`/articles/${SEED_ID}`, {
      override: (file) => (file === 'ranking.json' && failRanking ? new Response('oops', { status: 500 }) : undefined),
    });
    expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent(seed.headline);
    expect(await screen.findByText('Could not load the access ranking.')).toBeInTheDocument();
    expect(await widget(/Politics — popular articles/)).toBeInTheDocument();

    failRanking = false;
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    const ranking = await widget(/JN Access Ranking/i);
    expect(within(ranking).getAllByRole('listitem')).toHaveLength(5);
  });
});

describe('4. links between articles', () => {
  it('follows a popular link and a ranking link, walks Back and Forward, and names each page in the title', async () => {
    const { router, user } = await renderApp(`/articles/${SEED_ID}`);
    await screen.findByRole('heading', { level: 1, name: seed.headline });
    await waitFor(() => expect(document.title).toBe(`${seed.headline} | The Japan News`));

    await user.click(within(await widget(/Politics — popular articles/)).getByRole('link', { name: seed.popular[2] }));
    expect(await screen.findByRole('heading', { level: 1, name: seed.popular[2] })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/articles/japan-to-support-its-companies-expanding-into-africa-creating');
    await waitFor(() => expect(document.title).toBe(`${seed.popular[2]} | The Japan News`));

    await user.click(within(await widget(/JN Access Ranking/i)).getByRole('link', { name: seed.ranking[1] }));
    expect(await screen.findByRole('heading', { level: 1, name: seed.ranking[1] })).toBeInTheDocument();

    await router.navigate(-1);
    expect(await screen.findByRole('heading', { level: 1, name: seed.popular[2] })).toBeInTheDocument();
    await router.navigate(-1);
    expect(await screen.findByRole('heading', { level: 1, name: seed.headline })).toBeInTheDocument();
    await router.navigate(1);
    expect(await screen.findByRole('heading', { level: 1, name: seed.popular[2] })).toBeInTheDocument();
  });

  it('opens an article in the app on a plain click, leaves a click with a modifier key to the browser, and does not add the page on screen again', async () => {
    const { router } = await renderApp(`/articles/${SEED_ID}`);
    await screen.findByRole('heading', { level: 1, name: seed.headline });
    const first = within(await widget(/JN Access Ranking/i)).getAllByRole('link')[0];
    const address = first.getAttribute('href')!;
    expect(address).toMatch(/^\/articles\//);

    for (const modifier of ['ctrlKey', 'metaKey', 'shiftKey', 'altKey'])
      expect(fireEvent.click(first, { [modifier]: true }), `a click with ${modifier} is the browser's`).toBe(true);
    expect(fireEvent.click(first, { button: 1 }), 'a middle click is the browser’s').toBe(true);
    expect(router.state.location.pathname).toBe(`/articles/${SEED_ID}`);

    expect(fireEvent.click(first), 'a plain click is the app’s').toBe(false);
    await screen.findByRole('heading', { level: 1, name: first.textContent!.replace(/ \(read\)$/, '') });
    expect(router.state.location.pathname).toBe(address);
    expect(router.state.historyAction).toBe('PUSH');

    // The ranking on that article's page lists it, as the page on screen.
    const itself = within(await widget(/JN Access Ranking/i)).getAllByRole('link')[0];
    expect(itself).toHaveAttribute('aria-current', 'page');
    fireEvent.click(itself);
    await waitFor(() => expect(router.state.historyAction).toBe('REPLACE'));
    expect(router.state.location.pathname).toBe(address);
  });

  it('keeps the page on screen, marked busy, while the next one loads, then shows the next', async () => {
    let answer: (response: Response) => void = () => {};
    const target = 'articles/japan-to-support-its-companies-expanding-into-africa-creating.json';
    const { user } = await renderApp(`/articles/${SEED_ID}`, {
      override: (file) => (file === target ? new Promise<Response>((resolve) => (answer = resolve)) : undefined),
    });
    await screen.findByRole('heading', { level: 1, name: seed.headline });
    const ranking = await widget(/JN Access Ranking/i);
    // Read in the test before: its link says so too.
    const link = within(await widget(/Politics — popular articles/)).getByRole('link', {
      name: (name) => name.startsWith(seed.popular[2]),
    });
    await user.click(link);

    expect(screen.getByRole('main')).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByRole('heading', { level: 1, name: seed.headline })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: /JN Access Ranking/i })).toBe(ranking);

    const files = await buildApiFromDir(path.resolve('data'));
    answer(new Response(JSON.stringify(files.get(target)), { headers: { 'Content-Type': 'application/json' } }));
    expect(await screen.findByRole('heading', { level: 1, name: seed.popular[2] })).toBeInTheDocument();
    expect(screen.getByRole('main')).toHaveAttribute('aria-busy', 'false');
  });

  // Opening an address afresh (reload, new tab) is a real page load: the browser suite does it
  // (tests/e2e/journeys.test.ts), on the built site.
});

describe('5. a headline-only article', () => {
  it('shows its headline and section, says plainly that only the headline is archived, and has the widgets', async () => {
    await renderApp(`/articles/${HEADLINE_ONLY_ID}`);
    expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent(seed.ranking[0]);
    const article = screen.getByRole('article');
    expect(within(article).getByRole('link', { name: 'Business' })).toHaveAttribute('href', '/sections/business');
    expect(within(article).getByText(/Only the headline of this article is in this archive/)).toBeInTheDocument();
    expect(within(article).getByText('Publication date not archived')).toBeInTheDocument();
    expect(article.querySelector('.article-body')).toBeNull();
    expect(await widget(/Business — popular articles/)).toHaveTextContent('No popular articles are listed for this section.');
    expect(await widget(/JN Access Ranking/i)).toBeInTheDocument();
  });
});

describe('6. a section page', () => {
  it('lists the section’s newest articles, dated ones before undated, and its archive by month', async () => {
    await renderApp('/sections/politics');
    expect(await screen.findByRole('heading', { level: 1, name: 'Politics' })).toBeInTheDocument();
    const items = screen.getAllByRole('heading', { level: 2 }).filter((h) => h.closest('.section-list'));
    expect(items[0]).toHaveTextContent(seed.headline);
    expect(items).toHaveLength(6);
    expect(screen.getAllByText('Headline only')).toHaveLength(5);
    const archive = screen.getByRole('navigation', { name: 'Archive by month' });
    expect(await linksIn(archive)).toEqual([
      { text: 'January 2023', href: '/sections/politics/2023-01' },
      { text: 'Date not archived', href: '/sections/politics/undated' },
    ]);
  });
});

describe('6. the header on a section page', () => {
  it('marks the section shown as the current page, on its months too, and none on an article', async () => {
    const { user } = await renderApp('/sections/politics');
    await screen.findByRole('heading', { level: 1, name: 'Politics' });
    const nav = screen.getByRole('navigation', { name: 'Sections' });
    const current = () =>
      within(nav)
        .getAllByRole('link')
        .filter((a) => a.getAttribute('aria-current') === 'page')
        .map((a) => a.textContent);
    expect(current()).toEqual(['Politics']);

    await user.click(within(nav).getByRole('link', { name: 'Business' }));
    await screen.findByRole('heading', { level: 1, name: 'Business' });
    expect(current()).toEqual(['Business']);

    await user.click(within(screen.getByRole('navigation', { name: 'Archive by month' })).getAllByRole('link')[0]);
    await screen.findByRole('heading', { level: 1, name: /^Business: / });
    expect(current()).toEqual(['Business']);

    await user.click(
      within(screen.getByRole('main'))
        .getAllByRole('link', { name: /./ })
        .find((a) => a.getAttribute('href')?.startsWith('/articles/'))!,
    );
    await waitFor(() => expect(current()).toEqual([]));
    expect(screen.getByRole('link', { name: 'Saved' })).not.toHaveAttribute('aria-current');
  });
});

describe('6. a long section, by month', () => {
  it('shows the newest 20, and each month at an address that does not move, with links to the months around it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'news-months-'));
    try {
      await writeSyntheticArchive(dir, 3000); // one an hour from January 1, 2020: 750 in "alpha", January to May
      const files = await buildApiFromDir(dir);
      const { user, router } = await renderApp('/sections/alpha', { files });
      const headlines = () =>
        screen
          .getAllByRole('heading', { level: 2 })
          .filter((h) => h.closest('.section-list'))
          .map((h) => h.textContent);
      await screen.findByRole('heading', { level: 1, name: 'Alpha' });
      expect(headlines()).toHaveLength(20);
      expect(headlines()[0]).toBe('Synthetic article 3000 of 3000');
      const archive = screen.getByRole('navigation', { name: 'Archive by month' });
      expect(
        within(archive)
          .getAllByRole('link')
          .map((a) => a.textContent),
      ).toEqual(['May 2020', 'April 2020', 'March 2020', 'February 2020', 'January 2020']);

      await user.click(within(archive).getByRole('link', { name: 'April 2020' }));
      expect(await screen.findByRole('heading', { level: 1, name: 'Alpha: April 2020' })).toBeInTheDocument();
      expect(router.state.location.pathname).toBe('/sections/alpha/2020-04');
      // April 2020 in Tokyo: 720 hours, every fourth article in "alpha".
      expect(headlines()).toHaveLength(180);
      const months = screen.getByRole('navigation', { name: 'Months' });
      expect(within(months).getByRole('link', { name: '← May 2020' })).toHaveAttribute('href', '/sections/alpha/2020-05');
      expect(within(months).getByRole('link', { name: 'March 2020 →' })).toHaveAttribute('href', '/sections/alpha/2020-03');
      await waitFor(() => expect(document.title).toBe('Alpha: April 2020 | Synthetic Test Archive'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('sends an address of the old numbered pages to the section', async () => {
    const { router } = await renderApp('/sections/politics/page/3');
    expect(await screen.findByRole('heading', { level: 1, name: 'Politics' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sections/politics');
  });
});

describe('7. addresses that do not exist', () => {
  it.each([
    ['an unknown article id', '/articles/no-such-article'],
    ['an unknown section', '/sections/no-such-section'],
    ['a month with no articles in the section', '/sections/politics/1999-01'],
    ['a month that is not a month', '/sections/politics/2023-13'],
    ['"latest" written out (it lives at /sections/politics)', '/sections/politics/latest'],
    ['any other path', '/this/is/not/a/page'],
  ])('shows the not-found page for %s, with a link home', async (_name, address) => {
    await renderApp(address);
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to the front page' })).toHaveAttribute('href', '/');
    expect(screen.getByRole('banner')).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('Page not found'));
  });

  it('shows the not-found page for an article the server says is gone for good (410, a takedown)', async () => {
    await renderApp(`/articles/${SEED_ID}`, {
      override: (file) => (file === `articles/${SEED_ID}.json` ? new Response('Gone', { status: 410 }) : undefined),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument();
    expect(screen.queryByText(seed.paragraphs[0])).not.toBeInTheDocument();
  });

  it('takes an article that is gone out of "Recently read", keeping the others', async () => {
    clearHistory();
    recordReading({ id: 'synthetic-other', section: 'politics', headline: 'Synthetic other article' });
    recordReading({ id: SEED_ID, section: 'politics', headline: seed.headline });
    await renderApp(`/articles/${SEED_ID}`, {
      override: (file) => (file === `articles/${SEED_ID}.json` ? new Response('Gone', { status: 410 }) : undefined),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument();
    expect(readHistory().map((entry) => entry.id)).toEqual(['synthetic-other']);
    clearHistory();
  });

  it('does not fetch anything for an id that is not a safe path segment', async () => {
    const { requested } = await renderApp('/articles/..%2F..%2Fsite');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument();
    expect(requested.filter((file) => file.startsWith('articles/'))).toEqual([]);
  });
});

describe('saved articles where the browser keeps none (no IndexedDB, as in some private windows)', () => {
  it('the Save button and the Saved page say so plainly', async () => {
    expect(typeof indexedDB).toBe('undefined');
    const { user } = await renderApp(`/articles/${SEED_ID}`);
    await screen.findByRole('heading', { level: 1, name: seed.headline });
    await user.click(await screen.findByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/This browser keeps no saved articles for this site/)).toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'Saved' }));
    await screen.findByRole('heading', { level: 1, name: 'Saved articles' });
    expect(await screen.findByText(/This browser keeps no saved articles for this site: it may be a private window/)).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('Saved articles | The Japan News'));
  });
});
