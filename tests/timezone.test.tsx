// The dateline is in the publication's time zone whatever the reader's own is: this file runs the
// reader in Los Angeles, where the seed article was published at 9:00 on January 8.
process.env.TZ = 'America/Los_Angeles';

import { screen, within } from '@testing-library/react';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { apiFilesFetch, buildApi, parseArchive } from '../src/pipeline/archive';
import { formatDateline, formatDatelineForReader, formatDatelineIn, monthOf, offsetAt, readerTimeZone } from '../src/lib/dates';
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

it('gives the reader’s own time without the year, which the dateline beside it has, and nothing where the clocks agree', () => {
  expect(formatDatelineIn('2023-01-09T02:00:00+09:00', 'America/Los_Angeles', 'Asia/Tokyo')).toBe('9:00 PST, Jan 8');
  expect(formatDatelineIn('2023-01-09T02:00:00+09:00', 'Asia/Seoul', 'Asia/Tokyo')).toBeNull();
  expect(formatDatelineIn('2023-01-09T02:00:00+09:00', 'Asia/Shanghai', 'Asia/Tokyo', 'ja-JP')).toMatch(/^1月9日 1:00 /);
});

it('gives the reader in Los Angeles their own time, and nothing where the publication’s clock reads the same as theirs', () => {
  expect(formatDatelineForReader('2023-01-09T02:00:00+09:00', 'Asia/Tokyo')).toBe('9:00 PST, Jan 8');
  expect(formatDatelineForReader('2023-01-09T02:00:00+09:00', 'America/Vancouver')).toBeNull();
  // The same zone, whose clock differs from Vancouver's in summer: the reader's offset is of that instant.
  expect(formatDatelineForReader('2023-07-09T02:00:00Z', 'America/Phoenix')).toBeNull();
  expect(formatDatelineForReader('2023-01-09T02:00:00Z', 'America/Phoenix')).toBe('18:00 PST, Jan 8');
});

it('knows a zone’s offset from UTC at an instant, in minutes, with its daylight saving time and its odd offsets', () => {
  expect(offsetAt('2023-01-09T02:00:00Z', 'Asia/Tokyo')).toBe(540);
  expect(offsetAt('2023-01-09T02:00:00Z', 'UTC')).toBe(0);
  expect(offsetAt('2023-01-09T02:00:00Z', 'America/New_York')).toBe(-300);
  expect(offsetAt('2023-07-09T02:00:00Z', 'America/New_York')).toBe(-240);
  expect(offsetAt('2023-01-09T02:00:00Z', 'Asia/Kathmandu')).toBe(345);
  expect(offsetAt('2023-01-09T02:00:00Z', 'America/St_Johns')).toBe(-210);
});

it('notices within a minute that the reader has moved to another zone with the page open', () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    vi.setSystemTime(Date.UTC(2024, 0, 1));
    expect(readerTimeZone()).toBe('America/Los_Angeles');
    process.env.TZ = 'Europe/Paris';
    vi.setSystemTime(Date.UTC(2024, 0, 1, 0, 0, 30));
    expect(readerTimeZone()).toBe('America/Los_Angeles');
    vi.setSystemTime(Date.UTC(2024, 0, 1, 0, 1, 1));
    expect(readerTimeZone()).toBe('Europe/Paris');
  } finally {
    process.env.TZ = 'America/Los_Angeles';
    vi.useRealTimers();
  }
});

describe('datelines in the publication’s language and zone', () => {
  it.each([
    ['ja-JP', 'Asia/Tokyo', 'JST', '2023-01-09T02:00:00+09:00', '2023年1月9日 2:00 JST'],
    ['en-US', 'America/New_York', 'ET', '2024-01-09T14:00:00Z', '9:00 EST, January 9, 2024'],
    ['en-US', 'America/New_York', 'ET', '2024-07-09T14:00:00Z', '10:00 EDT, July 9, 2024'],
  ])('%s in %s: %s → %s', (locale, zone, label, iso, expected) => {
    expect(formatDateline(iso, zone, label, locale)).toBe(expected);
  });

  it('writes Arabic in its own order and digits, with no NaN', () => {
    const text = formatDateline('2023-01-09T02:00:00+02:00', 'Africa/Cairo', 'EET', 'ar-EG');
    expect(text).not.toMatch(/NaN|[0-9]/);
    expect(text).toContain('يناير');
    expect(text).toContain('٢٠٢٣');
  });
});

describe('a publication’s locale', () => {
  const archive = (locale: string) =>
    new Map([
      ['publication.json', JSON.stringify({ name: 'Synthetic Locale Archive', locale, timeZone: 'Africa/Cairo', timeZoneLabel: 'EET' })],
      ['sections.json', JSON.stringify([{ id: 'news', name: 'أخبار' }])],
      ['popular.json', '{}'],
      ['ranking.json', JSON.stringify({ title: 'Synthetic', articles: [] })],
      [
        'articles/a.json',
        JSON.stringify({
          id: 'a',
          section: 'news',
          headline: 'عنوان اصطناعي',
          publishedAt: '2023-01-09T02:00:00+02:00',
          body: ['نص اصطناعي.'],
        }),
      ],
    ]);

  it('must be a language tag Intl knows: "en_US" is rejected with the field named', () => {
    expect(() => parseArchive(archive('en_US'), 'synthetic')).toThrow(/publication\.json: locale: must be a BCP 47 language tag/);
  });

  it('sets the page’s language and direction: ar-EG is right to left', async () => {
    const { renderPage } = await import('../src/entry-server');
    vi.stubGlobal('fetch', apiFilesFetch(buildApi(parseArchive(archive('ar-EG'), 'synthetic'))));
    const page = await renderPage('/articles/a');
    expect([page.lang, page.dir]).toEqual(['ar-EG', 'rtl']);
    vi.unstubAllGlobals();
  });
});

describe('the month a section lists an article under', () => {
  // Asked of Intl directly, instant by instant: what monthOf's shortcut by day must agree with.
  const monthThere = (time: number, timeZone: string) => {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(time);
    return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
  };
  // Zones with daylight saving time, with offsets of half and three quarters of an hour, and one that
  // changes at midnight.
  const zones = ['Asia/Tokyo', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Santiago', 'UTC'];

  it('is the month in the publication’s zone, not the reader’s: 2023-01-31T20:00Z is February in Tokyo', () => {
    expect(monthOf('2023-01-31T20:00:00Z', 'Asia/Tokyo')).toBe('2023-02');
    expect(monthOf('2023-01-31T20:00:00Z', 'America/New_York')).toBe('2023-01');
  });

  it('agrees with Intl at every instant, near the turn of a month above all', () => {
    const nearTurn = fc
      .record({
        year: fc.integer({ min: 1990, max: 2040 }),
        month: fc.integer({ min: 0, max: 11 }),
        minutes: fc.integer({ min: -2880, max: 2880 }),
      })
      .map(({ year, month, minutes }) => Date.UTC(year, month, 1) + minutes * 60_000);
    const anywhere = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) });
    fc.assert(
      fc.property(fc.oneof(nearTurn, anywhere), fc.constantFrom(...zones), (time, zone) => {
        expect(monthOf(new Date(time).toISOString(), zone)).toBe(monthThere(time, zone));
      }),
      { numRuns: 3000 },
    );
  });
});
