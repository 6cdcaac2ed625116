// The offline page's "Try again" link goes back to the page the reader asked for, and only ever to a page
// of this site: an address in its query that leads anywhere else is refused for the front page.
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { addressInSite } from '../src/routes/offline-page';
import { renderApp } from './render-app';

/** The offline page for `from` (given as the service worker gives it, encoded in the query), and its "Try again" link. */
async function tryAgainFor(from: string) {
  await renderApp(`/offline?${new URLSearchParams({ from })}`);
  await screen.findByRole('heading', { level: 1, name: 'You are offline' });
  return screen.getByRole('link', { name: 'Try again' });
}

describe('the offline page’s “Try again” link', () => {
  it('leads back to the page of this site that was asked for', async () => {
    expect(await tryAgainFor('/sections/culture')).toHaveAttribute('href', '/sections/culture');
  });

  it.each([
    ['another host, written as a path', '//evil.example/phish'],
    ['another site', 'https://evil.example/phish'],
    ['a script address', 'javascript:alert(1)'],
    ['a tab, which the address parser drops (//evil.example)', '/\t/evil.example/phish'],
    ['a line break', '/sections/\nculture'],
  ])('leads to the front page, not to an address with %s', async (_name, from) => {
    const link = await tryAgainFor(from);
    expect(link).toHaveAttribute('href', '/');
  });

  it('leads to the front page for the address of the issue, /%5Cevil.example/phish (a backslash, which browsers read as a slash)', async () => {
    await renderApp('/offline?from=/%5Cevil.example/phish');
    await screen.findByRole('heading', { level: 1, name: 'You are offline' });
    expect(screen.getByRole('link', { name: 'Try again' })).toHaveAttribute('href', '/');
  });
});

describe('an address in the site', () => {
  const origin = 'https://example.com';
  it.each([
    ['/news/articles/x', '/news/articles/x'],
    ['/news/search?q=tokyo#results', '/news/search?q=tokyo#results'],
    ['/news/', '/news/'],
  ])('%s, under the base path /news/, is kept', (from, kept) => {
    expect(addressInSite(from, origin, '/news/')).toBe(kept);
  });

  it.each([
    ['a page outside the base path', '/sport/articles/x'],
    ['a way out of the base path', '/news/../sport/articles/x'],
    ['the same path on another origin', 'http://example.com/news/articles/x'],
    ['a backslash', '/news/\\articles/x'],
    ['a control character', '/news/articles/x\u0000'],
    ['nothing', ''],
  ])('%s is refused', (_name, from) => {
    expect(addressInSite(from, origin, '/news/')).toBeNull();
  });
});
