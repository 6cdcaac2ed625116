// The data pipeline: reads the archive in data/, checks every file and every reference between files,
// and turns it into the static JSON API the client reads. The CLI, the dev server and the build all
// call this one module.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod/mini';
import {
  articleSchema,
  LIMITS,
  popularFileSchema,
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

// Operators read these messages: the pipeline loads zod's English messages (the browser does not need them).
z.config(z.locales.en());

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
  ranking: RankingFile;
}

/** Path of each API file (relative to the API root) mapped to its JSON value. */
export type ApiFiles = Map<string, unknown>;

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') ? relative : file;
}

function fieldName(issuePath: PropertyKey[]): string {
  return issuePath.map((key) => (typeof key === 'number' ? `[${key}]` : String(key))).join('.').replace(/\.\[/g, '[');
}

function issueMessage(issue: z.core.$ZodIssue): string {
  // zod says "expected string, received undefined" for a missing field; an operator wants plain words.
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return 'is required';
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message;
}

/**
 * The raw text of an archive's files, by path inside the archive folder ("articles/<id>.json").
 * null marks an entry that is there but is not a readable file (a folder, say).
 */
export type ArchiveSource = Map<string, string | null>;

const TOP_LEVEL_FILES = ['publication.json', 'sections.json', 'popular.json', 'ranking.json'];

/** Reads every file of the archive folder as text; judging them is parseArchive's job. */
export async function readArchiveSource(dataDir: string): Promise<ArchiveSource> {
  const source: ArchiveSource = new Map();
  const read = async (relative: string) => {
    try {
      source.set(relative, await readFile(path.join(dataDir, relative), 'utf8'));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') source.set(relative, null);
    }
  };
  for (const name of TOP_LEVEL_FILES) await read(name);
  const entries = await readdir(path.join(dataDir, 'articles')).catch(() => [] as string[]);
  for (const name of entries.sort()) {
    if (!name.startsWith('.')) await read(`articles/${name}`);
  }
  return source;
}

/**
 * Checks every file against its schema and every reference between files. Returns the archive, or
 * throws ArchiveError listing every problem, each with its file (shown inside `folder`) and field.
 */
export function parseArchive(source: ArchiveSource, folder = 'data'): Archive {
  const problems: ArchiveProblem[] = [];
  const report = (relative: string, field: string, message: string) =>
    problems.push({ file: path.join(folder, relative), field, message });

  function load<T>(relative: string, schema: z.ZodMiniType<T>, maxBytes = LIMITS.fileBytes): T | undefined {
    const raw = source.get(relative);
    if (raw === undefined) return void report(relative, '', 'file is missing');
    if (raw === null) return void report(relative, '', 'is not a readable file');
    const bytes = Buffer.byteLength(raw);
    if (bytes > maxBytes) return void report(relative, '', `is ${bytes} bytes; the most a file may have is ${maxBytes}`);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      return void report(relative, '', `is not valid JSON (${(error as Error).message})`);
    }
    const result = z.safeParse(schema, json);
    if (!result.success) {
      for (const issue of result.error.issues) report(relative, fieldName(issue.path), issueMessage(issue));
      return undefined;
    }
    return result.data;
  }

  const publication = load('publication.json', publicationFileSchema);
  const sections = load('sections.json', sectionsFileSchema);
  const popular = load('popular.json', popularFileSchema);
  const ranking = load('ranking.json', rankingFileSchema);

  const articleFiles = [...source.keys()].filter((relative) => relative.startsWith('articles/'));
  if (articleFiles.length === 0) report('articles', '', 'has no article files; each article is articles/<id>.json');

  const articlesById = new Map<string, Article>();
  const fileOfId = new Map<string, string>();
  for (const relative of articleFiles) {
    const name = relative.slice('articles/'.length);
    if (!name.endsWith('.json')) {
      report(relative, '', 'is not a .json file; each article is articles/<id>.json');
      continue;
    }
    const article = load(relative, articleSchema);
    if (!article) continue;
    const other = fileOfId.get(article.id);
    if (other) {
      report(relative, 'id', `duplicate article id "${article.id}", also used by ${path.join(folder, other)}`);
      continue;
    }
    fileOfId.set(article.id, relative);
    if (name !== `${article.id}.json`) {
      report(relative, 'id', `is "${article.id}" but the file is named "${name}"; they must match`);
      continue;
    }
    articlesById.set(article.id, article);
  }

  // Checks across files.
  const sectionIds = new Set<string>();
  sections?.forEach((section, index) => {
    if (sectionIds.has(section.id)) report('sections.json', `[${index}].id`, `duplicate section id "${section.id}"`);
    sectionIds.add(section.id);
  });

  if (sections) {
    for (const article of articlesById.values()) {
      if (!sectionIds.has(article.section)) {
        report(`articles/${article.id}.json`, 'section', `unknown section "${article.section}"; sections are listed in sections.json`);
      }
    }
  }

  function checkIdList(relative: string, field: string, ids: string[], sectionId?: string) {
    const seen = new Set<string>();
    ids.forEach((id, index) => {
      const where = `${field}[${index}]`;
      if (seen.has(id)) report(relative, where, `"${id}" is listed twice`);
      seen.add(id);
      const article = articlesById.get(id);
      if (!article) report(relative, where, `no article has the id "${id}"`);
      else if (sectionId && article.section !== sectionId) {
        report(relative, where, `"${id}" is in section "${article.section}", not "${sectionId}"`);
      }
    });
  }

  if (popular) {
    for (const [sectionId, ids] of Object.entries(popular)) {
      if (sections && !sectionIds.has(sectionId)) report('popular.json', sectionId, `unknown section "${sectionId}"`);
      checkIdList('popular.json', sectionId, ids, sectionId);
    }
  }
  if (ranking) checkIdList('ranking.json', 'articles', ranking.articles);

  if (problems.length > 0 || !publication || !sections || !popular || !ranking) {
    throw new ArchiveError(problems);
  }
  return { publication, sections, articles: [...articlesById.values()], popular, ranking };
}

/** Reads and checks the archive folder. Throws ArchiveError listing every problem found. */
export async function readArchive(dataDir: string): Promise<Archive> {
  return parseArchive(await readArchiveSource(dataDir), displayPath(dataDir));
}

function publishedTime(article: { publishedAt?: string }): number {
  return article.publishedAt ? Date.parse(article.publishedAt) : Number.NEGATIVE_INFINITY;
}

/** Newest first; undated (headline-only) entries last, in headline order. */
function byNewest(a: Article, b: Article): number {
  return publishedTime(b) - publishedTime(a) || a.headline.localeCompare(b.headline) || a.id.localeCompare(b.id);
}

function summarize(article: Article): ArticleSummary {
  return {
    id: article.id,
    section: article.section,
    headline: article.headline,
    ...(article.publishedAt ? { publishedAt: article.publishedAt } : {}),
    headlineOnly: article.body.length === 0,
  };
}

/** Indexes a valid archive into the API's files, each sized for one view. */
export function buildApi(archive: Archive): ApiFiles {
  const files: ApiFiles = new Map();
  const byId = new Map(archive.articles.map((article) => [article.id, article]));
  const newestFirst = [...archive.articles].sort(byNewest);

  files.set('site.json', { publication: archive.publication, sections: archive.sections } satisfies Site);

  const lead = newestFirst.find((article) => article.body.length > 0) ?? null;
  files.set('front.json', {
    lead,
    latest: newestFirst
      .filter((article) => article !== lead)
      .slice(0, VIEW_SIZES.frontLatest)
      .map(summarize),
  } satisfies Front);

  for (const article of archive.articles) files.set(`articles/${article.id}.json`, article);

  for (const section of archive.sections) {
    // One more than shown, so that a list still has enough after leaving out the article on screen.
    const ids = (archive.popular[section.id] ?? []).slice(0, VIEW_SIZES.popularShown + 1);
    files.set(`popular/${section.id}.json`, {
      section: section.id,
      articles: ids.map((id) => summarize(byId.get(id)!)),
    } satisfies PopularList);

    const inSection = newestFirst.filter((article) => article.section === section.id);
    const pageCount = Math.max(1, Math.ceil(inSection.length / VIEW_SIZES.sectionPage));
    for (let page = 1; page <= pageCount; page++) {
      const start = (page - 1) * VIEW_SIZES.sectionPage;
      files.set(`sections/${section.id}/${page}.json`, {
        section,
        page,
        pageCount,
        total: inSection.length,
        articles: inSection.slice(start, start + VIEW_SIZES.sectionPage).map(summarize),
      } satisfies SectionPage);
    }
  }

  files.set('ranking.json', {
    title: archive.ranking.title,
    ...(archive.ranking.computedAt ? { computedAt: archive.ranking.computedAt } : {}),
    articles: archive.ranking.articles.slice(0, VIEW_SIZES.rankingShown).map((id) => summarize(byId.get(id)!)),
  } satisfies Ranking);

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
