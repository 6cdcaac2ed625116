// Datelines are shown in the publication's own time zone, whatever the reader's is.

// Making a formatter costs far more than using one, and a page shows many dates in one locale and zone.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let made = formatters.get(key);
  if (!made) formatters.set(key, (made = new Intl.DateTimeFormat(locale, options)));
  return made;
}

/** Whether a zone keeps one offset all year (no daylight saving time), judged from January and July. */
const oneOffset = new Map<string, boolean>();
function hasOneOffset(timeZone: string): boolean {
  let known = oneOffset.get(timeZone);
  if (known === undefined) {
    const offset = (month: number) =>
      formatter('en-US', { timeZone, timeZoneName: 'longOffset' })
        .formatToParts(Date.UTC(2024, month, 15))
        .find((part) => part.type === 'timeZoneName')?.value;
    oneOffset.set(timeZone, (known = offset(0) === offset(6)));
  }
  return known;
}

/**
 * The zone's name at that instant: the publication's own label ("JST") where the zone keeps one offset
 * all year; where it has daylight saving time, the name Intl gives for that date ("EST" or "EDT"), as a
 * fixed label would be wrong half the year.
 */
function zoneName(date: Date, timeZone: string, timeZoneLabel: string, locale: string): string {
  if (hasOneOffset(timeZone)) return timeZoneLabel;
  return (
    formatter(locale, { timeZone, timeZoneName: 'short' })
      .formatToParts(date)
      .find((part) => part.type === 'timeZoneName')?.value ?? timeZoneLabel
  );
}

/**
 * A dateline in the publication's zone and language. English keeps the house style, time first:
 * "2:00 JST, January 9, 2023". Other languages take their own order and digits from Intl, with the
 * zone's name in place of Intl's: "2023年1月9日 2:00 JST".
 */
export function formatDateline(
  iso: string,
  timeZone: string,
  timeZoneLabel: string,
  locale = 'en-US',
  form: DatelineForm = 'full',
): string {
  return remembered(`dateline|${iso}|${timeZone}|${timeZoneLabel}|${locale}|${form}`, () =>
    makeDateline(iso, timeZone, timeZoneLabel, locale, form),
  );
}

/**
 * Makes the formats the publication's datelines use ahead of a render that needs them: the first date
 * format a page makes costs far more than the rest (32–58 ms in Chromium here: Intl loads its data then).
 */
export function prepareDatelines(publication: { timeZone: string; timeZoneLabel: string; locale: string }): void {
  makeDateline(new Date(0).toISOString(), publication.timeZone, publication.timeZoneLabel, publication.locale, 'full');
}

// Text made with Intl, by what it was made from. A page lists many of the same articles as the last (the
// ranking, the popular lists), and Intl is slow.
const MAX_REMEMBERED_TEXTS = 10_000;
const texts = new Map<string, string>();
/** While a page is prerendered: the texts it used, which its data block carries to the browser. */
let textsUsed: Map<string, string> | null = null;

function remembered(key: string, make: () => string): string {
  let text = texts.get(key);
  if (text === undefined) {
    if (texts.size >= MAX_REMEMBERED_TEXTS) texts.clear();
    texts.set(key, (text = make()));
  }
  textsUsed?.set(key, text);
  return text;
}

/**
 * Renders a page and gives the dates it formatted with it, in a stable order. The browser takes them
 * (rememberDateTexts) before it takes the page over, so that starting makes no date format at all.
 */
export function withDateTextsUsed<T>(render: () => T): { result: T; dateTexts: [string, string][] } {
  if (textsUsed) throw new Error('pages are rendered one at a time');
  textsUsed = new Map();
  try {
    const result = render();
    return { result, dateTexts: [...textsUsed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) };
  } finally {
    textsUsed = null;
  }
}

/** Takes the dates a prerendered page was rendered with (withDateTextsUsed). */
export function rememberDateTexts(dateTexts: readonly (readonly [string, string])[]): void {
  for (const [key, text] of dateTexts) if (!texts.has(key) && texts.size < MAX_REMEMBERED_TEXTS) texts.set(key, text);
}

/** "full": with the year and the month's name in full; "short": neither the year nor the month's full name ("Jan 8"). */
type DatelineForm = 'full' | 'short';

function makeDateline(iso: string, timeZone: string, timeZoneLabel: string, locale: string, form: DatelineForm): string {
  const date = new Date(iso);
  const zone = zoneName(date, timeZone, timeZoneLabel, locale);
  const options: Intl.DateTimeFormatOptions = {
    timeZone,
    hourCycle: 'h23',
    hour: 'numeric',
    minute: '2-digit',
    ...(form === 'full' ? { year: 'numeric' } : {}),
    month: form === 'full' ? 'long' : 'short',
    day: 'numeric',
  };
  if (new Intl.Locale(locale).language === 'en') {
    const parts = formatter(locale, options).formatToParts(date);
    const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
    const day = `${Number(part('hour'))}:${part('minute')} ${zone}, ${part('month')} ${Number(part('day'))}`;
    return form === 'full' ? `${day}, ${part('year')}` : day;
  }
  return formatter(locale, { ...options, timeZoneName: 'short' })
    .formatToParts(date)
    .map((part) => (part.type === 'timeZoneName' ? zone : part.value))
    .join('');
}

/**
 * The reader's own time zone, as the browser says (only in the browser: a page is prerendered without it).
 * Asking makes a new formatter, for each dateline rendered (3.9 ms of one article's click, in a profile in
 * Chromium here): the answer is kept for a minute, so that a reader who travels with the tab open sees
 * their new zone soon enough.
 */
export function readerTimeZone(): string {
  const now = Date.now();
  const age = now - readerZone.readAt;
  // Read again as well when the clock has been set back.
  if (!(age >= 0 && age <= READER_ZONE_KEPT_MS))
    Object.assign(readerZone, { zone: new Intl.DateTimeFormat().resolvedOptions().timeZone, readAt: now });
  return readerZone.zone;
}
const READER_ZONE_KEPT_MS = 60_000;
const readerZone = { zone: '', readAt: -Infinity };

/**
 * The dateline in another zone (the reader's), with the zone named as Intl names it there ("PST",
 * "GMT+1"), short: without the year, which the publication's dateline beside it has, and with the
 * month's short name ("9:00 PST, Jan 8"), so that it fits its one line on a phone. Null when that zone's clock reads the same as the
 * publication's at that instant.
 */
export function formatDatelineIn(iso: string, timeZone: string, publicationTimeZone: string, locale = 'en-US'): string | null {
  if (offsetAt(iso, timeZone) === offsetAt(iso, publicationTimeZone)) return null;
  const name = formatter(locale, { timeZone, timeZoneName: 'short' })
    .formatToParts(new Date(iso))
    .find((part) => part.type === 'timeZoneName')?.value;
  return formatDateline(iso, timeZone, name ?? timeZone, locale, 'short');
}

/**
 * The dateline in the reader's own zone (formatDatelineIn), or null where their clock reads the same as
 * the publication's at that instant. That much is decided without Intl, from the browser's own offset
 * and the publication's as the prerendered page carries it: a reader at home starts the page without
 * making a date format.
 */
export function formatDatelineForReader(iso: string, publicationTimeZone: string, locale = 'en-US'): string | null {
  if (-new Date(iso).getTimezoneOffset() === offsetAt(iso, publicationTimeZone)) return null;
  return formatDatelineIn(iso, readerTimeZone(), publicationTimeZone, locale);
}

/**
 * The zone's offset from UTC at that instant, in minutes ("GMT+09:00" is 540); NaN where Intl does not
 * say it in the expected form, which no clock compares equal to.
 */
export function offsetAt(iso: string, timeZone: string): number {
  const text = remembered(`offset|${iso}|${timeZone}`, () => {
    const name = formatter('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(new Date(iso))
      .find((part) => part.type === 'timeZoneName')?.value;
    // "GMT" alone where the offset is nothing; seconds in the local mean time of old dates.
    const match = /^GMT(?:([+-])([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?$/.exec(name ?? '');
    if (!match) return 'NaN';
    const minutes = Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0) + Number(match[4] ?? 0) / 60;
    return String(match[1] === '-' ? -minutes : minutes);
  });
  return Number(text);
}

/** "January 9, 2023", for lists where the time would be noise. */
export function formatDate(iso: string, timeZone: string, locale = 'en-US'): string {
  return remembered(`date|${iso}|${timeZone}|${locale}`, () =>
    formatter(locale, { timeZone, year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(iso)),
  );
}

// Scripts written right to left; a locale's script comes from its likely subtags ("ar-EG" is Arab).
const RIGHT_TO_LEFT_SCRIPTS = new Set(['Adlm', 'Arab', 'Hebr', 'Mand', 'Nkoo', 'Rohg', 'Samr', 'Syrc', 'Thaa']);

/** The page's text direction for a publication's locale ("rtl" for ar-EG, "ltr" for ja-JP). */
export function textDirection(locale: string): 'ltr' | 'rtl' {
  let direction = directions.get(locale);
  if (!direction) {
    const script = new Intl.Locale(locale).maximize().script;
    directions.set(locale, (direction = script && RIGHT_TO_LEFT_SCRIPTS.has(script) ? 'rtl' : 'ltr'));
  }
  return direction;
}
const directions = new Map<string, 'ltr' | 'rtl'>();

/** A section's archive page by name: "2023-01" is "January 2023"; "undated" is "Date not archived". */
export function formatPeriod(period: string, locale = 'en-US'): string {
  const match = /^([0-9]{4})-([0-9]{2})$/.exec(period);
  if (!match) return 'Date not archived';
  // Mid-month in UTC: the same month in every time zone.
  return remembered(`period|${period}|${locale}`, () =>
    formatter(locale, { timeZone: 'UTC', year: 'numeric', month: 'long' }).format(Date.UTC(Number(match[1]), Number(match[2]) - 1, 15)),
  );
}

/** The month ("2023-01") an instant falls in, in the publication's time zone. */
export function monthOf(iso: string, timeZone: string): string {
  const time = Date.parse(iso);
  if (!Number.isFinite(time)) return monthAt(time, timeZone);
  // An archive has many articles a day, and asking Intl is slow: a UTC day whose first and last instants
  // fall in the same month there lies wholly in that month (local time only moves on, or back by an hour).
  const day = Math.floor(time / DAY_MS);
  const key = `${timeZone}|${day}`;
  let month = monthsOfDays.get(key);
  if (month === undefined) {
    const first = monthAt(day * DAY_MS, timeZone);
    monthsOfDays.set(key, (month = first === monthAt((day + 1) * DAY_MS - 1, timeZone) ? first : null));
  }
  return month ?? monthAt(time, timeZone);
}

/**
 * The year an instant falls in, in the time zone: the year of its month (monthOf) as a number, the year
 * before 1 being 0.
 */
export function yearOf(iso: string, timeZone: string): number {
  const time = Date.parse(iso);
  const utc = new Date(time);
  // A zone's clock is less than a day from UTC's: from February to November, its year is UTC's.
  if (utc.getUTCMonth() > 0 && utc.getUTCMonth() < 11) return utc.getUTCFullYear();
  const parts = formatter('en-US', { timeZone, year: 'numeric', era: 'short' }).formatToParts(time);
  const year = Number(parts.find((part) => part.type === 'year')?.value);
  return parts.find((part) => part.type === 'era')?.value === 'BC' ? 1 - year : year;
}

const DAY_MS = 86_400_000;
/** By zone and UTC day: the month the whole day falls in there, or null where a month begins that day. */
const monthsOfDays = new Map<string, string | null>();

function monthAt(time: number, timeZone: string): string {
  const parts = formatter('en-US', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(time);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}`;
}
