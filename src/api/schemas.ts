// One set of schemas for the archive files (read by the pipeline) and the static API (read by the
// client). Types are derived from these schemas and never written by hand.
// Valibot: schemas are plain objects and each check a small function, so the browser downloads and
// runs only the checks used (about 2 KB; zod/mini was 7.8 KB and 14 ms of a phone's start-up).
import * as v from 'valibot';

// Ids become URL path segments and file names, so they are kept to a plainly safe alphabet.
export const ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$/;
export const idSchema = v.pipe(v.string(), v.regex(ID_PATTERN, 'must be 1–100 characters of lowercase letters, digits and inner hyphens'));

export function isSafeId(value: string): boolean {
  return ID_PATTERN.test(value);
}

// Limits an operator can rely on (documented in data/README.md).
export const LIMITS = {
  /** Any one file of the archive, an article included. */
  fileBytes: 2_000_000,
  headlineChars: 300,
  paragraphChars: 200_000,
  paragraphs: 500,
} as const;

// How many items each view shows; the API files are cut to size so a page fetches only what it shows.
export const VIEW_SIZES = {
  popularShown: 5,
  rankingShown: 5,
  sectionPage: 20,
  frontLatest: 10,
} as const;

const text = (what: string, max: number) =>
  v.pipe(
    v.string(),
    v.check((s) => s.trim().length > 0, `${what} must not be empty`),
    v.check((s) => s.length <= max, `${what} must be at most ${max} characters`),
  );

// A date and time with seconds and its offset, as RFC 3339 has it: 2023-01-09T02:00:00+09:00, or …Z.
const TIMESTAMP_PATTERN =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$/;

/** Whether the text is such a date and time, on a day the calendar has (no February 30). */
function isTimestamp(value: string): boolean {
  const match = TIMESTAMP_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1, 4).map(Number);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

export const timestamp = v.pipe(
  v.string(),
  v.check(isTimestamp, 'must be an ISO 8601 date and time with its offset, like 2023-01-09T02:00:00+09:00'),
);

const timeZone = v.pipe(
  v.string(),
  v.check((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone name, like Asia/Tokyo'),
);

// ---- Archive files (data/) ----

export const publicationFileSchema = v.strictObject({
  name: text('name', 200),
  locale: v.pipe(
    v.string(),
    v.check((tag) => {
      try {
        // A well-formed BCP 47 tag that this runtime can format dates in ("en_US" is not one).
        return Intl.getCanonicalLocales(tag).length === 1 && Intl.DateTimeFormat.supportedLocalesOf([tag]).length === 1;
      } catch {
        return false;
      }
    }, 'must be a BCP 47 language tag that Intl supports, like en-US or ja-JP'),
  ),
  timeZone,
  timeZoneLabel: text('timeZoneLabel', 10),
});

export const sectionSchema = v.strictObject({
  id: idSchema,
  name: text('name', 100),
});
export const sectionsFileSchema = v.pipe(v.array(sectionSchema), v.minLength(1, 'must list at least one section'));

/** A UTF-16 code unit as Unicode names it: "U+000B". */
export const codePointName = (unit: number) => `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`;

// An address inside the site, as a browser resolves an image's address on one of its pages.
const SOME_PAGE = 'https://site.invalid/articles/page';

/**
 * What is wrong with an image's address, if anything: it must be a path on the site itself ("/images/x.jpg",
 * or one relative to the page), so that the reader and its share previews never load anything from
 * another origin. Read as a browser reads it, which drops tabs and line breaks, and leading controls and
 * spaces, and takes "\" for "/".
 */
function imageAddressProblem(src: string): string | undefined {
  if (src.includes('\\')) return 'must not contain a backslash ("\\"), which browsers read as "/"';
  const control = [...src].find((character) => character <= '\u001f' || (character >= '\u007f' && character <= '\u009f'));
  if (control) return `must not contain ${codePointName(control.charCodeAt(0))}, a control character`;
  if (/\s/.test(src)) return 'must not contain spaces or other blank characters; write a space as %20';
  const notAPath = 'must be a path on this site, like /images/photo.jpg, not a full URL';
  // A scheme ("https:", "javascript:") or "//" names another origin, whichever it is.
  if (src === '' || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(src) || src.startsWith('//')) return notAPath;
  try {
    return new URL(src, SOME_PAGE).origin === new URL(SOME_PAGE).origin ? undefined : notAPath;
  } catch {
    return notAPath;
  }
}

// An article's fields are written once, as the API has them (open to fields a tab does not know yet);
// the archive's schema is the same fields, strict, with the checks only the archive needs (lengths, a
// safe image address), so that the browser does not download those.
const apiImageSchema = v.object({ src: v.string(), alt: v.string(), caption: v.optional(v.string()) });
const articleFields = {
  id: idSchema,
  section: idSchema,
  headline: v.string(),
  // Optional: a headline-only entry may come without a known date, and we never invent one.
  publishedAt: v.optional(timestamp),
  byline: v.optional(v.string()),
  summary: v.optional(v.string()),
  image: v.optional(apiImageSchema),
  body: v.array(v.string()),
};
/** An article as the client reads it from the API. */
export const apiArticleSchema = v.object(articleFields);

const imageSchema = v.strictObject({
  ...apiImageSchema.entries,
  src: v.pipe(
    v.string(),
    v.rawCheck(({ dataset, addIssue }) => {
      const problem = dataset.typed ? imageAddressProblem(dataset.value) : undefined;
      if (problem) addIssue({ message: problem });
    }),
  ),
});

/** An article file of the archive. */
export const articleSchema = v.strictObject({
  ...articleFields,
  ...({
    headline: text('headline', LIMITS.headlineChars),
    image: v.optional(imageSchema),
    body: v.pipe(
      v.array(text('paragraph', LIMITS.paragraphChars)),
      v.maxLength(LIMITS.paragraphs, `must have at most ${LIMITS.paragraphs} paragraphs`),
    ),
  } satisfies { [Field in keyof typeof articleFields]?: v.GenericSchema }),
});

/** { "<section>": [ids] }; or, with the time the lists were computed, { "computedAt": …, "sections": { … } }. */
export const popularFileSchema = v.record(idSchema, v.array(idSchema));
export const timedPopularFileSchema = v.strictObject({
  computedAt: v.optional(timestamp),
  sections: popularFileSchema,
});

export const rankingFileSchema = v.strictObject({
  title: text('title', 100),
  computedAt: v.optional(timestamp),
  articles: v.array(idSchema),
});

// ---- Static API (/api/) ----
// Not strict: a tab opened before a deploy must keep working when the API gains a field it does not know.
// What the client uses is still checked.

const publicationSchema = v.object({
  name: v.string(),
  locale: v.string(),
  timeZone: v.string(),
  timeZoneLabel: v.string(),
});
const apiSectionSchema = v.object({ id: idSchema, name: v.string() });
export const siteSchema = v.object({
  publication: publicationSchema,
  sections: v.array(apiSectionSchema),
  /** The site's public address ("https://news.example.com/"), when the build was told it (SITE_URL). */
  url: v.optional(v.string()),
});

export const articleSummarySchema = v.object({
  id: idSchema,
  section: idSchema,
  headline: v.string(),
  publishedAt: v.optional(timestamp),
  headlineOnly: v.boolean(),
});

/** The front page's lead: what the front page shows of it, not the whole article. */
export const frontLeadSchema = v.object({
  id: idSchema,
  section: idSchema,
  headline: v.string(),
  publishedAt: v.optional(timestamp),
  /** The article's summary, or else its first paragraph. */
  standfirst: v.string(),
});

export const frontSchema = v.object({
  lead: v.nullable(frontLeadSchema),
  latest: v.array(articleSummarySchema),
});

export const popularListSchema = v.object({
  section: idSchema,
  computedAt: v.optional(timestamp),
  articles: v.array(articleSummarySchema),
});

export const rankingSchema = v.object({
  title: v.string(),
  computedAt: v.optional(timestamp),
  articles: v.array(articleSummarySchema),
});

export const sectionPageSchema = v.object({
  section: apiSectionSchema,
  /** "latest", a month ("2023-01") or "undated". */
  period: v.string(),
  articles: v.array(articleSummarySchema),
  /** On the latest page: every month with articles, newest first, then "undated" if any. */
  periods: v.optional(v.array(v.string())),
  /** On a month's page: its neighbours that have articles. */
  newer: v.optional(v.string()),
  older: v.optional(v.string()),
});

/** The search indexes: Pagefind bundles in pagefind/<bundle>/, newest year first, and the language they split text by. */
export const searchIndexesSchema = v.object({
  language: v.string(),
  /**
   * The Pagefind bundles, newest first: a part of a year or of the undated entries ("2024-recent",
   * "2024-3", "undated-1": the year or "undated", then words the client does not need to know).
   */
  bundles: v.array(
    v.pipe(v.string(), v.regex(/^([0-9]{4}|undated)(-[a-z0-9]+)*$/, 'must be a year or "undated", perhaps with the name of a part of it')),
  ),
});

export type Publication = v.InferOutput<typeof publicationFileSchema>;
export type Section = v.InferOutput<typeof sectionSchema>;
export type Article = v.InferOutput<typeof articleSchema>;
/** An article as the client reads it from the API. */
export type ApiArticle = v.InferOutput<typeof apiArticleSchema>;
export type PopularFile = v.InferOutput<typeof popularFileSchema>;
export type RankingFile = v.InferOutput<typeof rankingFileSchema>;
export type Site = v.InferOutput<typeof siteSchema>;
export type ArticleSummary = v.InferOutput<typeof articleSummarySchema>;
export type Front = v.InferOutput<typeof frontSchema>;
export type PopularList = v.InferOutput<typeof popularListSchema>;
export type SearchIndexes = v.InferOutput<typeof searchIndexesSchema>;
export type Ranking = v.InferOutput<typeof rankingSchema>;
export type SectionPage = v.InferOutput<typeof sectionPageSchema>;
