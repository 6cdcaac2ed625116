// One set of schemas for the archive files (read by the pipeline) and the static API (read by the
// client). Types are derived from these schemas and never written by hand.
// zod/mini: the same checks as zod's full API in a fraction of the bytes the browser downloads.
import * as z from 'zod/mini';

// zod would otherwise probe for eval (new Function) to speed up parsing; the reader's
// Content-Security-Policy forbids eval, and the probe alone is reported as a violation.
z.config({ jitless: true });

// Ids become URL path segments and file names, so they are kept to a plainly safe alphabet.
export const ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$/;
export const idSchema = z.string().check(z.regex(ID_PATTERN, 'must be 1–100 characters of lowercase letters, digits and inner hyphens'));

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
  z.string().check(
    z.refine((s) => s.trim().length > 0, `${what} must not be empty`),
    z.refine((s) => s.length <= max, `${what} must be at most ${max} characters`),
  );

export const timestamp = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date and time with its offset, like 2023-01-09T02:00:00+09:00',
});

const timeZone = z.string().check(
  z.refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone name, like Asia/Tokyo'),
);

// ---- Archive files (data/) ----

export const publicationFileSchema = z.strictObject({
  name: text('name', 200),
  locale: z.string().check(
    z.refine((tag) => {
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

export const sectionSchema = z.strictObject({
  id: idSchema,
  name: text('name', 100),
});
export const sectionsFileSchema = z.array(sectionSchema).check(z.minLength(1, 'must list at least one section'));

const imageSchema = z.strictObject({
  // A path on the site itself: the reader never loads anything from another origin.
  src: z
    .string()
    .check(z.regex(/^(?![a-zA-Z][a-zA-Z0-9+.-]*:|\/\/|\\)\S+$/, 'must be a path on this site, like /images/photo.jpg, not a full URL')),
  alt: z.string(),
  caption: z.optional(z.string()),
});

export const articleSchema = z.strictObject({
  id: idSchema,
  section: idSchema,
  headline: text('headline', LIMITS.headlineChars),
  // Optional: a headline-only entry may come without a known date, and we never invent one.
  publishedAt: z.optional(timestamp),
  byline: z.optional(z.string()),
  summary: z.optional(z.string()),
  image: z.optional(imageSchema),
  body: z
    .array(text('paragraph', LIMITS.paragraphChars))
    .check(z.maxLength(LIMITS.paragraphs, `must have at most ${LIMITS.paragraphs} paragraphs`)),
});

/** { "<section>": [ids] }; or, with the time the lists were computed, { "computedAt": …, "sections": { … } }. */
export const popularFileSchema = z.record(idSchema, z.array(idSchema));
export const timedPopularFileSchema = z.strictObject({
  computedAt: z.optional(timestamp),
  sections: popularFileSchema,
});

export const rankingFileSchema = z.strictObject({
  title: text('title', 100),
  computedAt: z.optional(timestamp),
  articles: z.array(idSchema),
});

// ---- Static API (/api/) ----
// Not strict: a tab opened before a deploy must keep working when the API gains a field it does not know.
// What the client uses is still checked.

const publicationSchema = z.object({
  name: z.string(),
  locale: z.string(),
  timeZone: z.string(),
  timeZoneLabel: z.string(),
});
const apiSectionSchema = z.object({ id: idSchema, name: z.string() });
const apiImageSchema = z.object({ src: z.string(), alt: z.string(), caption: z.optional(z.string()) });
export const apiArticleSchema = z.object({
  id: idSchema,
  section: idSchema,
  headline: z.string(),
  publishedAt: z.optional(timestamp),
  byline: z.optional(z.string()),
  summary: z.optional(z.string()),
  image: z.optional(apiImageSchema),
  body: z.array(z.string()),
});

export const siteSchema = z.object({
  publication: publicationSchema,
  sections: z.array(apiSectionSchema),
  /** The site's public address ("https://news.example.com/"), when the build was told it (SITE_URL). */
  url: z.optional(z.string()),
});

export const articleSummarySchema = z.object({
  id: idSchema,
  section: idSchema,
  headline: z.string(),
  publishedAt: z.optional(timestamp),
  headlineOnly: z.boolean(),
});

/** The front page's lead: what the front page shows of it, not the whole article. */
export const frontLeadSchema = z.object({
  id: idSchema,
  section: idSchema,
  headline: z.string(),
  publishedAt: z.optional(timestamp),
  /** The article's summary, or else its first paragraph. */
  standfirst: z.string(),
});

export const frontSchema = z.object({
  lead: z.nullable(frontLeadSchema),
  latest: z.array(articleSummarySchema),
});

export const popularListSchema = z.object({
  section: idSchema,
  computedAt: z.optional(timestamp),
  articles: z.array(articleSummarySchema),
});

export const rankingSchema = z.object({
  title: z.string(),
  computedAt: z.optional(timestamp),
  articles: z.array(articleSummarySchema),
});

export const sectionPageSchema = z.object({
  section: apiSectionSchema,
  /** "latest", a month ("2023-01") or "undated". */
  period: z.string(),
  articles: z.array(articleSummarySchema),
  /** On the latest page: every month with articles, newest first, then "undated" if any. */
  periods: z.optional(z.array(z.string())),
  /** On a month's page: its neighbours that have articles. */
  newer: z.optional(z.string()),
  older: z.optional(z.string()),
});

/** The search indexes: Pagefind bundles in pagefind/<year>/, newest year first, and the language they split text by. */
export const searchIndexesSchema = z.object({
  language: z.string(),
  /** The Pagefind bundles, newest first: a year, a year's recent articles ("2024-recent"), or "undated". */
  bundles: z.array(z.string().check(z.regex(/^([0-9]{4}(-recent)?|undated)$/, 'must be a year, a year and "-recent", or "undated"'))),
});

export type Publication = z.infer<typeof publicationFileSchema>;
export type Section = z.infer<typeof sectionSchema>;
export type Article = z.infer<typeof articleSchema>;
/** An article as the client reads it from the API. */
export type ApiArticle = z.infer<typeof apiArticleSchema>;
export type PopularFile = z.infer<typeof popularFileSchema>;
export type RankingFile = z.infer<typeof rankingFileSchema>;
export type Site = z.infer<typeof siteSchema>;
export type ArticleSummary = z.infer<typeof articleSummarySchema>;
export type Front = z.infer<typeof frontSchema>;
export type PopularList = z.infer<typeof popularListSchema>;
export type SearchIndexes = z.infer<typeof searchIndexesSchema>;
export type Ranking = z.infer<typeof rankingSchema>;
export type SectionPage = z.infer<typeof sectionPageSchema>;
