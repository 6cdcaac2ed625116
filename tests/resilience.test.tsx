// Hostile text, failed resources and unsafe addresses, in jsdom through the real router.
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, fetchJson } from '../src/api/fetchJson';
import { articleSchema } from '../src/api/schemas';
import { HOSTILE_IDS, hostileApi, PAYLOADS } from './fixtures/hostile';
import { renderApp, SEED_ID } from './render-app';

// Whether hostile text can run script is a question for a real browser: tests/e2e/hostile.test.ts.
describe('hostile article text', () => {
  const api = hostileApi();

  it.each(Object.entries(PAYLOADS).map(([name, payload], i) => [name, payload, HOSTILE_IDS[i]] as const))(
    '%s is shown as inert text, exactly as written',
    async (_name, payload, id) => {
      const { container } = await renderApp(`/articles/${id}`, { files: api });
      const h1 = await screen.findByRole('heading', { level: 1 });
      expect(h1.textContent).toBe(payload.slice(0, 300));
      expect(screen.getByRole('article').querySelector('.article-body p')!.textContent).toBe(payload);
      expect(container.querySelectorAll('script, img, svg, iframe, b, i')).toHaveLength(0);
      for (const link of container.querySelectorAll('a')) expect(link.getAttribute('href')).toMatch(/^(\/|#main$)/);
      expect(h1).toHaveAttribute('dir', 'auto');
    },
  );

  it('shows markup in section names and widget titles as text', async () => {
    await renderApp('/sections/hostile', { files: api });
    expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent('<i>Hostile</i> "section"');
    expect(await screen.findByText('<script>window.__pwned="title"</script>Ranking')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Synthetic <b>Hostile</b> Archive' })).toHaveAttribute('href', '/');
  });
});

describe('fetchJson turns every kind of failure into a typed error', () => {
  const answer = (response: Response | Error) =>
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        if (response instanceof Error) throw response;
        return response;
      }),
    );

  it.each([
    ['a refused connection', new TypeError('Failed to fetch'), 'network'],
    ['404', new Response('nope', { status: 404 }), 'not-found'],
    ['500', new Response('oops', { status: 500 }), 'http'],
    ['a body that is not JSON', new Response('<!doctype html><p>index', { status: 200 }), 'invalid-data'],
    ['JSON that fails the schema', new Response('{"id": 42}', { status: 200 }), 'invalid-data'],
  ] as const)('%s', async (_name, response, kind) => {
    answer(response);
    const error = await fetchJson('/api/articles/x.json', articleSchema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).kind).toBe(kind);
  });
});

describe('failures on the page', () => {
  it('keeps the header and a way home when the site itself cannot load', async () => {
    await renderApp(`/articles/${SEED_ID}`, {
      override: (file) => (file === 'site.json' ? new Response('oops', { status: 503 }) : undefined),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Could not load the archive' })).toBeInTheDocument();
    expect(screen.getByText(/The server had a problem \(error 503\)/)).toBeInTheDocument();
    expect(within(screen.getByRole('banner')).getByRole('link', { name: 'News archive' })).toHaveAttribute('href', '/');
    expect(screen.getByRole('link', { name: 'Go to the front page' })).toBeInTheDocument();
  });

  it('says "could not load" with a Retry button when the article fails, and Retry brings it', async () => {
    let fail = true;
    const { user } = await renderApp(`/articles/${SEED_ID}`, {
      override: (file) => (file.startsWith('articles/') && fail ? new Response('{"not": "an article"}') : undefined),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Could not load this page' })).toBeInTheDocument();
    expect(screen.getByText(/could not read/)).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Sections' })).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('heading', { level: 1, name: /Japan, U.S. to release joint paper/ })).toBeInTheDocument();
  });

  it.each(['..%2F..%2Fsite', '%2e%2e', 'a%00b', 'UPPER-case', 'x'.repeat(500), 'a%2Fb'])(
    'shows not found for the unsafe article id %s without fetching it',
    async (id) => {
      const { requested } = await renderApp(`/articles/${id}`);
      expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument();
      expect(requested.filter((file) => file.startsWith('articles/'))).toEqual([]);
    },
  );

  it('shows not found for an unsafe section id without fetching it', async () => {
    const { requested } = await renderApp('/sections/..%2Fsite');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument();
    expect(requested.filter((file) => file.startsWith('sections/'))).toEqual([]);
  });
});

describe('the retry policy, switched on as in the app', () => {
  it('asks twice more, after 1 s and 2 s, for a server error, and not again for a missing file', async () => {
    const { createQueryClient } = await import('../src/app');
    const { articleQueries } = await import('../src/api/queries');
    const asked: number[] = [];
    let answer = 500;
    vi.stubGlobal('fetch', async () => {
      asked.push(performance.now());
      return answer === 200
        ? new Response(JSON.stringify({ id: 'x', section: 's', headline: 'Synthetic', body: [] }), { status: 200 })
        : new Response('{}', { status: answer });
    });
    const queryClient = createQueryClient();
    const failing = queryClient.fetchQuery(articleQueries.detail('x')).catch((error: unknown) => error);
    const error = await failing;
    expect(error).toBeInstanceOf(ApiError);
    expect(asked).toHaveLength(3);
    expect(asked[1] - asked[0]).toBeGreaterThanOrEqual(900);
    expect(asked[2] - asked[1]).toBeGreaterThanOrEqual(1900);

    asked.length = 0;
    answer = 404;
    expect(await queryClient.fetchQuery(articleQueries.detail('y')).catch((e: unknown) => (e as ApiError).kind)).toBe('not-found');
    expect(asked).toHaveLength(1);
    vi.unstubAllGlobals();
  }, 10_000);
});
