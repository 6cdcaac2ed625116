// The dateline is in the publication's time zone whatever the reader's own is: this file runs the
// reader in Los Angeles, where the seed article was published at 9:00 on January 8.
process.env.TZ = 'America/Los_Angeles';

import { screen, within } from '@testing-library/react';
import { expect, it } from 'vitest';
import { formatDateline } from '../src/lib/dates';
import { renderApp, SEED_ID } from './render-app';

it('runs in a time zone other than Japan’s', () => {
  expect(new Date('2023-01-09T02:00:00+09:00').getHours()).toBe(9);
  expect(new Date('2023-01-09T02:00:00+09:00').getDate()).toBe(8);
});

it('shows "2:00 JST, January 9, 2023" to a reader in Los Angeles', async () => {
  await renderApp(`/articles/${SEED_ID}`);
  await screen.findByRole('heading', { level: 1 });
  expect(within(screen.getByRole('article')).getByText('2:00 JST, January 9, 2023')).toBeInTheDocument();
});

it('formats afternoon times on the 24-hour clock and crosses midnight in the publication’s zone', () => {
  expect(formatDateline('2024-11-29T08:30:00Z', 'Asia/Tokyo', 'JST')).toBe('17:30 JST, November 29, 2024');
  expect(formatDateline('2024-12-31T15:05:00Z', 'Asia/Tokyo', 'JST')).toBe('0:05 JST, January 1, 2025');
});
