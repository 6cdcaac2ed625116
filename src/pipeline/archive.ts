// The data pipeline: reads the archive in data/, checks every file and every reference between files,
// and turns it into the static JSON API the client reads. The CLI, the dev server and the build all
// call this one module.
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import {
  articleSchema,
  codePointName,
  LIMITS,
  popularFileSchema,
  timedPopularFileSchema,
  publicationFileSchema,
  rankingFileSchema,
  sectionsFileSchema,
  VIEW_SIZES,
  type Article,
  type ArticleSummary,
  type Front,
  type PopularFile,
  type PopularList,
  type Publication,
  type Ranking,
  type RankingFile,
  type Section,
  type SectionPage,
  type Site,
} from '../api/schemas.ts';
import { monthOf, yearOf } from '../lib/dates.ts';
import { ADDRESS_YEARS, apiFiles, LATEST_PERIOD, newestPeriodFirst, UNDATED_PERIOD } from '../lib/site-layout.ts';
import { standfirstOf } from './page-head.ts';

export interface ArchiveProblem {
  file: string;
  field: string;
  message: string;
}

export class ArchiveError extends Error {
  readonly problems: ArchiveProblem[];
  constructor(problems: ArchiveProblem[]) {
    super(
      `The archive has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  ${p.file}: ${p.field ? `${p.field}: ` : ''}${p.message}`).join('\n'),
    );
    this.name = 'ArchiveError';
    this.problems = problems;
  }
}

export interface Archive {
  publication: Publication;
  sections: Section[];
  articles: Article[];
  popular: PopularFile;
  /** When the popular lists were computed, if popular.json says. */
  popularComputedAt?: string;
  ranking: RankingFile;
}

/** Everything but the article bodies: what the build holds in memory, however large the archive. */
export interface ArchiveIndex extends Omit<Archive, 'articles'> {
  summaries: ArticleSummary[];
}

/** Path of each API file (relative to the API root) mapped to its JSON value. */
export type ApiFiles = Map<string, unknown>;

export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') ? relative : file;
}

/** "body[2]", "image.src": a place in a file's JSON as an operator would write it. */
function fieldName(keys: unknown[]): string {
  return keys
    .map((key) => (typeof key === 'number' ? `[${key}]` : shown(String(key))))
    .join('.')
    .replace(/\.\[/g, '[');
}

// What XML 1.0 cannot carry, and so no Atom feed: the C0 controls but tab, line feed and carriage return;
// U+FFFE and U+FFFF; and half of a surrogate pair without its other half, which is not Unicode text at all
// (and stops the search indexer). Read by UTF-16 code unit, as JavaScript holds text.
const FORBIDDEN_CHARACTER =
  // eslint-disable-next-line no-control-regex -- the control characters are what it looks for
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as it can be printed and read: each character that XML forbids written as a JSON escape ("\u000B"). */
function shown(text: string): string {
  return text.replace(FORBIDDEN_CHARACTER, (character) => `\\u${codePointName(character.charCodeAt(0)).slice(2)}`);
}

/**
 * The characters of text that feeds and XML cannot carry, each kind once, at its first place:
 * "U+000B (character 10), a control character that feeds and XML cannot carry". Empty if there are none.
 */
export function forbiddenCharactersIn(text: string): string[] {
  const first = new Map<number, number>();
  for (const match of text.matchAll(FORBIDDEN_CHARACTER)) {
    const unit = match[0].charCodeAt(0);
    if (!first.has(unit)) first.set(unit, match.index);
  }
  return [...first].map(([unit, index]) => {
    // Counted as a person counts them: an emoji before it is one character, not two.
    const place = `${codePointName(unit)} (character ${[...text.slice(0, index)].length + 1})`;
    if (unit >= 0xd800 && unit <= 0xdfff)
      return `${place}, half of a character without its other half (a lone surrogate), which is not Unicode text`;
    if (unit >= 0xfffe) return `${place}, a noncharacter that feeds and XML cannot carry`;
    return `${place}, a control character that feeds and XML cannot carry`;
  });
}

/**
 * Every text of a parsed JSON file, its strings and its fields' names, that holds a character feeds cannot
 * carry: its field, and what is wrong. Walks without recursion, as a file may nest arrays deeply.
 */
function textProblems(json: unknown): { field: string; message: string }[] {
  type Place = { parent: Place; key: string | number } | null;
  const keysOf = (place: Place) => {
    const keys: (string | number)[] = [];
    for (let at = place; at; at = at.parent) keys.unshift(at.key);
    return keys;
  };
  const problems: { field: string; message: string }[] = [];
  const report = (place: Place, text: string, prefix: string) => {
    for (const found of forbiddenCharactersIn(text)) problems.push({ field: fieldName(keysOf(place)), message: `${prefix}${found}` });
  };
  const stack: { value: unknown; place: Place }[] = [{ value: json, place: null }];
  while (stack.length > 0) {
    const { value, place } = stack.pop()!;
    if (typeof value === 'string') report(place, value, 'contains ');
    else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) stack.push({ value: value[index], place: { parent: place, key: index } });
    } else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, item] = entries[index];
        const at = { parent: place, key };
        report(at, key, 'its name contains ');
        stack.push({ value: item, place: at });
      }
    }
  }
  return problems;
}

const typeName = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** What an operator is told of a schema's issue: the field and plain words (Valibot's own are terse). */
function problemOf(issue: v.BaseIssue<unknown>): { field: string; message: string } {
  const keys = (issue.path ?? []).map((item) => item.key);
  // A key the file should not have: Valibot puts it at the end of the path.
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    return { field: fieldName(keys.slice(0, -1)), message: `unknown field "${shown(String(keys.at(-1)))}"` };
  }
  if (issue.kind === 'schema') {
    const message =
      issue.input === undefined ? 'is required' : `expected ${issue.expected?.toLowerCase()}, received ${typeName(issue.input)}`;
    return { field: fieldName(keys), message };
  }
  return { field: fieldName(keys), message: issue.message };
}

/**
 * The raw text of an archive's files, by path inside the archive folder ("articles/<id>.json").
 * null marks an entry that is there but is not a readable file (a folder, say).
 */
export type ArchiveSource = Map<string, string | null>;

export const TOP_LEVEL_FILES = ['publication.json', 'sections.json', 'popular.json', 'ranking.json'];

/** Reads every file of the archive folder as text; judging them is parseArchive's job. */
export async function readArchiveSource(dataDir: string): Promise<ArchiveSource> {
  const source: ArchiveSource = new Map();
  for (const name of TOP_LEVEL_FILES) await readSourceFile(dataDir, name, source);
  for (const name of await listArticleFiles(dataDir)) await readSourceFile(dataDir, `articles/${name}`, source);
  return source;
}

/** Reads one file of the archive into source: its text, null if unreadable, nothing if missing. */
export async function readSourceFile(dataDir: string, relative: string, source: ArchiveSource): Promise<void> {
  try {
    source.set(relative, await readFile(path.join(dataDir, relative), 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') source.set(relative, null);
  }
}

/** The names of the entries in the archive's articles/ folder, sorted, hidden files left out. */
export async function listArticleFiles(dataDir: string): Promise<string[]> {
  const entries = await readdir(path.join(dataDir, 'articles')).catch(() => [] as string[]);
  return entries.filter((name) => !name.startsWith('.')).sort();
}

/** Collects problems, each with its file shown inside the archive's folder. */
export class ProblemList {
  readonly problems: ArchiveProblem[] = [];
  constructor(private readonly folder: string) {}
  report(relative: string, field: string, message: string) {
    this.problems.push({ file: path.join(this.folder, relative), field, message });
  }

  /**
   * Parses one file's text against its schema (or the schema chosen for its JSON, for a file that comes in
   * more than one shape); reports and returns undefined if it does not pass.
   */
  load<T>(
    relative: string,
    raw: string | null | undefined,
    schema: v.GenericSchema<unknown, T> | ((json: unknown) => v.GenericSchema<unknown, T>),
    maxBytes: number = LIMITS.fileBytes,
  ): T | undefined {
    if (raw === undefined) return void this.report(relative, '', 'file is missing');
    if (raw === null) return void this.report(relative, '', 'is not a readable file');
    const bytes = Buffer.byteLength(raw);
    if (bytes > maxBytes) return void this.report(relative, '', `is ${bytes} bytes; the most a file may have is ${maxBytes}`);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      return void this.report(relative, '', `is not valid JSON (${(error as Error).message})`);
    }
    // Any text, in any field the schema knows or not: what feeds cannot carry is said once, by this.
    const unfit = textProblems(json);
    for (const { field, message } of unfit) this.report(relative, field, message);
    const saidOf = new Set(unfit.map((problem) => problem.field));
    const result = v.safeParse(typeof schema === 'function' ? schema(json) : schema, json);
    if (!result.success) {
      for (const issue of result.issues) {
        if (saidOf.has(fieldName((issue.path ?? []).map((item) => item.key)))) continue;
        const { field, message } = problemOf(issue);
        this.report(relative, field, message);
      }
    }
    return result.success && unfit.length === 0 ? result.output : undefined;
  }
}

type TimedPopularFile = v.InferOutput<typeof timedPopularFileSchema>;

/** popular.json comes in two shapes: { "<section>": [ids] }, or { computedAt, sections: { … } } which says when. */
function popularSchemaFor(json: unknown): v.GenericSchema<unknown, PopularFile | TimedPopularFile> {
  const sections = typeof json === 'object' && json !== null ? (json as Record<string, unknown>).sections : undefined;
  return typeof sections === 'object' && sections !== null && !Array.isArray(sections) ? timedPopularFileSchema : popularFileSchema;
}

/** Where an article's file is inside the archive folder. */
/** An article's file name in the archive's articles/ folder. */
export const articleFileName = (id: string) => `${id}.json`;
export const articleSourceFile = (id: string) => `articles/${articleFileName(id)}`;

/** Checks one article file's text; its name must be "<id>.json". Reports problems and returns undefined if any. */
export function parseArticleFile(problems: ProblemList, relative: string, raw: string | null | undefined): Article | undefined {
  const name = relative.slice('articles/'.length);
  if (!name.endsWith('.json')) return void problems.report(relative, '', 'is not a .json file; each article is articles/<id>.json');
  const article = problems.load(relative, raw, articleSchema);
  if (!article) return undefined;
  if (name !== `${article.id}.json`) {
    return void problems.report(relative, 'id', `is "${article.id}" but the file is named "${name}"; they must match`);
  }
  return article;
}

/** The archive's top-level files, checked one by one (not yet against the articles). */
export interface TopLevel {
  publication?: Publication;
  sections?: Section[];
  popular?: PopularFile;
  popularComputedAt?: string;
  ranking?: RankingFile;
}

export function parseTopLevel(problems: ProblemList, source: ArchiveSource): TopLevel {
  const popular = problems.load('popular.json', source.get('popular.json'), popularSchemaFor);
  const timed = popular && 'sections' in popular && !Array.isArray(popular.sections) ? (popular as TimedPopularFile) : undefined;
  return {
    publication: problems.load('publication.json', source.get('publication.json'), publicationFileSchema),
    sections: problems.load('sections.json', source.get('sections.json'), sectionsFileSchema),
    popular: timed ? timed.sections : (popular as PopularFile | undefined),
    popularComputedAt: timed?.computedAt,
    ranking: problems.load('ranking.json', source.get('ranking.json'), rankingFileSchema),
  };
}

/**
 * Checks the references between files: every article's section, every id in the popular lists and the
 * ranking. Takes summaries, so that the build can check an archive without holding its bodies.
 * Returns the index, or throws ArchiveError listing every problem found so far.
 */
export function checkReferences(problems: ProblemList, top: TopLevel, summaries: ArticleSummary[], articleFileCount: number): ArchiveIndex {
  const { publication, sections, popular, ranking } = top;
  if (articleFileCount === 0) problems.report('articles', '', 'has no article files; each article is articles/<id>.json');
  const byId = new Map(summaries.map((summary) => [summary.id, summary]));

  const sectionIds = new Set<string>();
  sections?.forEach((section, index) => {
    if (sectionIds.has(section.id)) problems.report('sections.json', `[${index}].id`, `duplicate section id "${section.id}"`);
    sectionIds.add(section.id);
  });
  if (sections) {
    for (const summary of summaries) {
      if (!sectionIds.has(summary.section)) {
        problems.report(
          `articles/${summary.id}.json`,
          'section',
          `unknown section "${summary.section}"; sections are listed in sections.json`,
        );
      }
    }
  }

  function checkIdList(relative: string, field: string, ids: string[], sectionId?: string) {
    const seen = new Set<string>();
    ids.forEach((id, index) => {
      const where = `${field}[${index}]`;
      if (seen.has(id)) problems.report(relative, where, `"${id}" is listed twice`);
      seen.add(id);
      const summary = byId.get(id);
      if (!summary) problems.report(relative, where, `no article has the id "${id}"`);
      else if (sectionId && summary.section !== sectionId) {
        problems.report(relative, where, `"${id}" is in section "${summary.section}", not "${sectionId}"`);
      }
    });
  }
  const popularField = top.popularComputedAt !== undefined ? (id: string) => `sections.${id}` : (id: string) => id;
  if (popular) {
    for (const [sectionId, ids] of Object.entries(popular)) {
      if (sections && !sectionIds.has(sectionId))
        problems.report('popular.json', popularField(sectionId), `unknown section "${sectionId}"`);
      checkIdList('popular.json', popularField(sectionId), ids, sectionId);
    }
  }
  if (ranking) checkIdList('ranking.json', 'articles', ranking.articles);

  // A month's address and a search bundle's name have a four-digit year, counted in the publication's zone.
  if (publication) {
    const { timeZone } = publication;
    const checkYear = (relative: string, field: string, iso: string | undefined) => {
      if (iso === undefined) return;
      // A zone's clock is less than a day from UTC's: only a date in the first or last of the years, in
      // UTC, can be outside them in the zone (and asking the zone is slow, for a hundred thousand dates).
      const utcYear = new Date(iso).getUTCFullYear();
      if (utcYear > ADDRESS_YEARS.first && utcYear < ADDRESS_YEARS.last) return;
      const year = yearOf(iso, timeZone);
      if (year < ADDRESS_YEARS.first || year > ADDRESS_YEARS.last) {
        problems.report(
          relative,
          field,
          `"${iso}" is in the year ${year} in ${timeZone}, the publication’s time zone; ` +
            `the site’s addresses can show only the years ${ADDRESS_YEARS.first}–${ADDRESS_YEARS.last}`,
        );
      }
    };
    if (top.popularComputedAt !== undefined) checkYear('popular.json', 'computedAt', top.popularComputedAt);
    checkYear('ranking.json', 'computedAt', ranking?.computedAt);
    for (const summary of summaries) checkYear(articleSourceFile(summary.id), 'publishedAt', summary.publishedAt);
  }

  if (problems.problems.length > 0 || !publication || !sections || !popular || !ranking) {
    throw new ArchiveError(problems.problems);
  }
  return { publication, sections, popular, popularComputedAt: top.popularComputedAt, ranking, summaries };
}

/**
 * Checks every file against its schema and every reference between files. Returns the archive, or
 * throws ArchiveError listing every problem, each with its file (shown inside `folder`) and field.
 */
export function parseArchive(source: ArchiveSource, folder = 'data'): Archive {
  const problems = new ProblemList(folder);
  const top = parseTopLevel(problems, source);
  const articleFiles = [...source.keys()].filter((relative) => relative.startsWith('articles/'));
  const articles = new Map<string, Article>();
  const fileOfId = new Map<string, string>();
  for (const relative of articleFiles) {
    const article = parseArticleFile(problems, relative, source.get(relative));
    if (!article) continue;
    const other = fileOfId.get(article.id);
    if (other) {
      problems.report(relative, 'id', `duplicate article id "${article.id}", also used by ${path.join(folder, other)}`);
      continue;
    }
    fileOfId.set(article.id, relative);
    articles.set(article.id, article);
  }
  const index = checkReferences(problems, top, [...articles.values()].map(summarize), articleFiles.length);
  const { summaries: _summaries, ...rest } = index;
  return { ...rest, articles: [...articles.values()] };
}

/** Reads and checks the archive folder. Throws ArchiveError listing every problem found. */
export async function readArchive(dataDir: string): Promise<Archive> {
  return parseArchive(await readArchiveSource(dataDir), displayPath(dataDir));
}

function publishedTime(article: { publishedAt?: string }): number {
  return article.publishedAt ? Date.parse(article.publishedAt) : Number.NEGATIVE_INFINITY;
}

/** Newest first; undated (headline-only) entries last, in headline order. */
function byNewest(a: ArticleSummary, b: ArticleSummary): number {
  return (
    publishedTime(b) - publishedTime(a) ||
    (a.headline < b.headline ? -1 : a.headline > b.headline ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** A copy in byNewest's order, each date read once rather than at every comparison. */
export function sortNewestFirst(summaries: ArticleSummary[]): ArticleSummary[] {
  const times = summaries.map((summary) => ({ summary, time: publishedTime(summary) }));
  times.sort((a, b) => b.time - a.time || byNewest(a.summary, b.summary));
  return times.map(({ summary }) => summary);
}

export function summarize(article: Article): ArticleSummary {
  return {
    id: article.id,
    section: article.section,
    headline: article.headline,
    ...(article.publishedAt ? { publishedAt: article.publishedAt } : {}),
    headlineOnly: article.body.length === 0,
  };
}

/** The front page's lead: the newest article that has text. Its body is read separately. */
export function leadIdOf(index: ArchiveIndex): string | undefined {
  let lead: ArticleSummary | undefined;
  for (const summary of index.summaries) {
    if (!summary.headlineOnly && (!lead || byNewest(summary, lead) < 0)) lead = summary;
  }
  return lead?.id;
}

/** Which period page of its section an article is listed on: its month in the publication's zone. */
export function periodOf(summary: ArticleSummary, timeZone: string): string {
  return summary.publishedAt ? monthOf(summary.publishedAt, timeZone) : UNDATED_PERIOD;
}

/** The site's own file: the publication and its sections. */
/** siteUrl: the site's public address, normalised (normalizeSiteUrl), when known. */
export function siteOf(index: ArchiveIndex, siteUrl?: string): Site {
  return { publication: index.publication, sections: index.sections, ...(siteUrl ? { url: siteUrl } : {}) };
}

/**
 * Every API file except the articles' own (apiFiles.article), which are the article files as they are.
 * Each list is cut to what its view shows; a section is listed by its latest articles and then by month,
 * so that adding an article changes only the lists that show it.
 */
export function buildListFiles(index: ArchiveIndex, lead: Article | null): ApiFiles {
  return new Map([[apiFiles.site(), siteOf(index)], ...buildArticleLists(index, lead), ...buildLiveLists(index)]);
}

/** The lists made from the articles alone: the front page's and the sections'. */
export function buildArticleLists(index: ArchiveIndex, lead: Article | null): ApiFiles {
  const files: ApiFiles = new Map();
  const newestFirst = sortNewestFirst(index.summaries);
  files.set(apiFiles.front(), {
    lead: lead && {
      id: lead.id,
      section: lead.section,
      headline: lead.headline,
      ...(lead.publishedAt ? { publishedAt: lead.publishedAt } : {}),
      // The lead has text (leadIdOf), so it has a standfirst.
      standfirst: standfirstOf(lead)!,
    },
    latest: newestFirst.filter((summary) => summary.id !== lead?.id).slice(0, VIEW_SIZES.frontLatest),
  } satisfies Front);

  const bySection = new Map<string, ArticleSummary[]>(index.sections.map((section) => [section.id, []]));
  for (const summary of newestFirst) bySection.get(summary.section)?.push(summary);

  for (const section of index.sections) {
    const inSection = bySection.get(section.id)!;
    const periods = new Map<string, ArticleSummary[]>();
    for (const summary of inSection) {
      const period = periodOf(summary, index.publication.timeZone);
      let list = periods.get(period);
      if (!list) periods.set(period, (list = []));
      list.push(summary);
    }
    // Newest month first, then the undated.
    const order = [...periods.keys()].sort(newestPeriodFirst);
    files.set(apiFiles.section(section.id, LATEST_PERIOD), {
      section,
      period: LATEST_PERIOD,
      articles: inSection.slice(0, VIEW_SIZES.sectionPage),
      periods: order,
    } satisfies SectionPage);
    order.forEach((period, position) => {
      files.set(apiFiles.section(section.id, period), {
        section,
        period,
        articles: periods.get(period)!,
        ...(position > 0 ? { newer: order[position - 1] } : {}),
        ...(position < order.length - 1 ? { older: order[position + 1] } : {}),
      } satisfies SectionPage);
    });
  }
  return files;
}

/** The live lists: each section's popular list and the access ranking, which change without any article changing. */
export function buildLiveLists(index: ArchiveIndex): ApiFiles {
  const files: ApiFiles = new Map();
  const byId = new Map(index.summaries.map((summary) => [summary.id, summary]));
  for (const section of index.sections) {
    // One more than shown, so that a list still has enough after leaving out the article on screen.
    const ids = (index.popular[section.id] ?? []).slice(0, VIEW_SIZES.popularShown + 1);
    files.set(apiFiles.popular(section.id), {
      section: section.id,
      ...(index.popularComputedAt ? { computedAt: index.popularComputedAt } : {}),
      articles: ids.map((id) => byId.get(id)!),
    } satisfies PopularList);
  }
  files.set(apiFiles.ranking(), {
    title: index.ranking.title,
    ...(index.ranking.computedAt ? { computedAt: index.ranking.computedAt } : {}),
    articles: index.ranking.articles.slice(0, VIEW_SIZES.rankingShown).map((id) => byId.get(id)!),
  } satisfies Ranking);
  return files;
}

/** Indexes a valid archive, held whole in memory, into the API's files. */
export function buildApi(archive: Archive): ApiFiles {
  const { articles, ...rest } = archive;
  const index: ArchiveIndex = { ...rest, summaries: articles.map(summarize) };
  const leadId = leadIdOf(index);
  const files = buildListFiles(index, articles.find((article) => article.id === leadId) ?? null);
  for (const article of articles) files.set(apiFiles.article(article.id), article);
  return files;
}

export async function buildApiFromDir(dataDir: string): Promise<ApiFiles> {
  return buildApi(await readArchive(dataDir));
}

/**
 * Replaces outDir with the finished folder staging in one step, so that a reader of outDir never sees
 * a half-written output; if the swap fails, the previous outDir is put back.
 */
export async function replaceDirectory(staging: string, outDir: string): Promise<void> {
  const previous = `${outDir}.old-${process.pid}`;
  await mkdir(path.dirname(outDir), { recursive: true });
  await rm(previous, { recursive: true, force: true });
  const hadPrevious = await rename(outDir, previous).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
  try {
    await rename(staging, outDir);
  } catch (error) {
    if (hadPrevious) await rename(previous, outDir);
    throw error;
  }
  await rm(previous, { recursive: true, force: true });
}

/** Writes the API files under dir (which may already hold other files). */
export async function writeApiFiles(files: ApiFiles, dir: string): Promise<void> {
  const folders = new Set([...files.keys()].map((relative) => path.dirname(path.join(dir, relative))));
  for (const folder of folders) await mkdir(folder, { recursive: true });
  for (const [relative, value] of files) await writeFile(path.join(dir, relative), JSON.stringify(value));
}

/** Writes the API into outDir all at once (see replaceDirectory). */
export async function writeApi(files: ApiFiles, outDir: string): Promise<void> {
  const staging = `${outDir}.new-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    await writeApiFiles(files, staging);
    await replaceDirectory(staging, outDir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** What the app's fetchJson reads of a response. */
export type JsonResponse = Pick<Response, 'status' | 'ok' | 'json'>;

/**
 * A fetch that answers from the API folders on disk as the static host would (the first that has the
 * file): for the build's renderers, which read the API only after it is staged. Files other than articles are shown on many pages, so
 * they are kept once read; reads are synchronous, as a worker does nothing else meanwhile. It answers
 * with only what fetchJson reads: making a full Response and reading its body stream took a third of the
 * time of rendering a page.
 */
export function apiDirFetch(apiDirs: readonly string[], apiPrefix: string) {
  const kept = new Map<string, string | undefined>();
  const readFrom = (relative: string) => {
    for (const apiDir of apiDirs) {
      try {
        return readFileSync(path.join(apiDir, relative), 'utf8');
      } catch {
        // Not in this folder: the next one.
      }
    }
    return undefined;
  };
  const read = (relative: string) => {
    if (kept.has(relative)) return kept.get(relative);
    const text = readFrom(relative);
    if (!relative.startsWith('articles/')) kept.set(relative, text);
    return text;
  };
  return async (input: RequestInfo | URL): Promise<JsonResponse> => {
    const url = new URL(input instanceof Request ? input.url : String(input), 'http://localhost/');
    const relative = url.pathname.startsWith(apiPrefix) ? decodeURIComponent(url.pathname.slice(apiPrefix.length)) : '';
    const text = relative && !relative.split('/').includes('..') ? read(relative) : undefined;
    return text === undefined
      ? { status: 404, ok: false, json: async () => ({ error: 'not found' }) }
      : { status: 200, ok: true, json: async () => JSON.parse(text) };
  };
}

/** A fetch that answers from API files in memory as the static host would: for prerendering and tests. */
export function apiFilesFetch(files: ApiFiles, apiPrefix = '/api/') {
  return async (input: RequestInfo | URL): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input), 'http://localhost/');
    const value = url.pathname.startsWith(apiPrefix) ? files.get(decodeURIComponent(url.pathname.slice(apiPrefix.length))) : undefined;
    return value === undefined
      ? new Response('{"error":"not found"}', { status: 404, headers: { 'Content-Type': 'application/json' } })
      : new Response(JSON.stringify(value), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
}
