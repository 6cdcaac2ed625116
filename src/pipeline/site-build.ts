// The production build as a function of its inputs, recomputed only where they changed. Each output
// file has a key made from what it was made of (archive records, the app build, the template); the
// manifest of the previous build says which keys the files on disk have, so a build rewrites only the
// files whose key changed and removes the files nothing makes any more. Live lists (ranking, popular)
// are not part of a page's key: a ranking update rewrites its JSON and no page. A page is rendered
// again when an article its live lists link to is edited or removed, so no page links to a removed one.
// What a build writes goes into the output's stage and is published all at once at the end (publish.ts):
// the manifest always describes the site as published.
//
// Memory: the build holds the index of the archive (summaries), never every body at once. Pages are
// rendered by a pool of workers (tinypool), one per core, reading the API as staged, else as published.
import { createHash, type Hash } from 'node:crypto';
import { statSync, type Stats } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Tinypool from 'tinypool';
import * as v from 'valibot';
import { VIEW_SIZES, type Article, type ArticleSummary } from '../api/schemas.ts';
import {
  API_DIR,
  apiFiles,
  ASSETS_DIR,
  BUILD_INFO_DIR,
  LATEST_PERIOD,
  NOT_FOUND_FILE,
  pageAddresses,
  pageFile,
} from '../lib/site-layout.ts';
import {
  ArchiveError,
  articleFileName,
  articleSourceFile,
  buildArticleLists,
  buildLiveLists,
  checkReferences,
  displayPath,
  leadIdOf,
  listArticleFiles,
  parseArticleFile,
  parseTopLevel,
  readSourceFile,
  ProblemList,
  siteOf,
  sortNewestFirst,
  summarize,
  TOP_LEVEL_FILES,
  type ArchiveIndex,
  type ArchiveSource,
} from './archive.ts';
import { buildAppApart, CLIENT_MANIFEST } from './app-build.ts';
import { iconsOf, serviceWorkerOf, webManifestOf } from './app-shell.ts';
import { feedsOf, robotsOf, sitemapOf, type FeedInputs } from './feeds.ts';
import { appendFiles, hashOf, hashOfBytes, Progress, writeFileAtomic } from './output.ts';
import {
  isRunning,
  listFiles,
  logBuild,
  openOutput,
  readChangeLog,
  stageChangeLog,
  stageFile,
  type Changes,
  type Output,
} from './publish.ts';
import { updateSearchIndexes, type SearchReport, type SearchState } from './search-index.ts';
import { escapeHtml } from './page-template.ts';
import type { RenderResult, RenderTask, RenderWorkerData } from './render-worker.ts';

const MANIFEST_VERSION = 10;
const RACY_WINDOW_MS = 2000;
export const MANIFEST_FILE = `${BUILD_INFO_DIR}/manifest.json`;
/** The manifest's largest part, kept apart so that a build that changes no article need not write it. */
const ARTICLE_INDEX_FILE = `${BUILD_INFO_DIR}/articles.json`;

interface FileEntry {
  /** Made from what the file was made of. For a page, the key of the API file it shows. */
  key: string;
  /** For a page: the live lists it showed, by their id in the manifest's liveSets. */
  live?: string;
}

interface ArticleRecord {
  size: number;
  mtimeMs: number;
  /** Of the article as the API serves it: the key of its API file. */
  hash: string;
  summary: ArticleSummary;
  /** Its page. An article's two files are kept with it, so that the manifest stays small to read. */
  page?: FileEntry;
}

interface ArticleIndex {
  /** Which build wrote it: the manifest names the index it goes with. */
  id: string;
  /** When that build began reading the archive (ms since 1970): a file changed since may have the same size and time. */
  readStartedAt: number;
  /** By file name in the archive's articles/ folder. */
  articles: Record<string, ArticleRecord>;
}

interface Manifest {
  version: number;
  base: string;
  /** The archive folder it was built from. */
  dataDir: string;
  articleIndex: string;
  /** What every page was made from besides its API file: the app as built, and the site. */
  pageKeyPrefix: string;
  /** The front page's and the sections' lists, by path in the API folder. */
  articleLists: string[];
  /** The feeds, the sitemap and robots.txt, by path in the output: made from the articles and the site. */
  siteFiles: string[];
  /** Every file but the articles' own, by path in the output. */
  files: Record<string, FileEntry>;
  search: SearchState;
  /** The articles each distinct set of live lists linked to, with a key of their summaries then. */
  liveSets: Record<string, { ids: string[]; key: string }>;
  /**
   * The app's hashed assets: this version's, and those of the version before it, which stay until the app
   * changes again, so that a page loaded just before a deploy can still start its script.
   */
  assets: { current: string[]; previous: string[] };
}

type PreviousBuild = Manifest & ArticleIndex;

export interface BuildOptions {
  dataDir: string;
  outDir: string;
  /** The base path, normalised ("/" or "/news/"). */
  base: string;
  /**
   * The site's public address, normalised (normalizeSiteUrl), whose path is the base path. Without it the
   * pages have no canonical address and there are no feeds or sitemap, which need absolute addresses.
   */
  siteUrl?: string;
  /** Render and write everything, ignoring the previous build's manifest. */
  full?: boolean;
  /** Where progress goes (stderr by default). */
  progress?: NodeJS.WriteStream;
}

export interface BuildReport {
  full: boolean;
  /** The build's number in the output's list of changes. */
  build: number;
  /** What the deploy has to do: the changes of every build not yet acknowledged. */
  changes: Changes;
  /** What opening the output found of an earlier build that was stopped. */
  recovered: Output['recovered'];
  /** With how long rendering took (the pool's start and end included). */
  pages: { rendered: number; unchanged: number; removed: number; seconds: number };
  /** Paths inside outDir, sorted. */
  written: string[];
  removed: string[];
  seconds: number;
  articles: number;
  /** Article files read and checked; the others were known from the previous build by size and time. */
  articlesRead: number;
  search: SearchReport;
}

/** The previous build's manifest and article index, if of this version and of the same archive and base path. */
async function readManifest(outDir: string, base: string, dataDir: string): Promise<PreviousBuild | null> {
  const read = async <T>(relative: string) => {
    const text = await readFile(path.join(outDir, relative), 'utf8').catch(() => null);
    try {
      return text === null ? null : (JSON.parse(text) as T);
    } catch {
      return null;
    }
  };
  const manifest = await read<Manifest>(MANIFEST_FILE);
  if (manifest?.version !== MANIFEST_VERSION || manifest.base !== base || manifest.dataDir !== dataDir) return null;
  const index = await read<ArticleIndex>(ARTICLE_INDEX_FILE);
  return index?.id === manifest.articleIndex ? { ...manifest, ...index } : null;
}

/**
 * Reads and checks the archive, reading again only the article files whose size or time changed. Says
 * whether the articles are those of the previous build (the same files with the same content).
 */
async function indexArchive(
  dataDir: string,
  previous: PreviousBuild | null,
  /** Called with each article read and its API text, so that a full build need not read it twice. */
  onRead: (article: Article, apiText: string) => Promise<void>,
  progressStream?: NodeJS.WriteStream,
) {
  const problems = new ProblemList(displayPath(dataDir));
  const source: ArchiveSource = new Map();
  for (const name of TOP_LEVEL_FILES) await readSourceFile(dataDir, name, source);
  const top = parseTopLevel(problems, source);

  const names = await listArticleFiles(dataDir);
  const records: Record<string, ArticleRecord> = {};
  const progress = new Progress('Reading the archive', names.length, progressStream);
  const folder = path.join(dataDir, 'articles');
  const toRead: { name: string; info: Stats | undefined }[] = [];
  for (const name of names) {
    // Synchronous: a stat is quick, and a hundred thousand of them through the thread pool are not.
    const info = statSync(`${folder}${path.sep}${name}`, { throwIfNoEntry: false });
    const known = previous?.articles[name];
    // Trusted only if it had not been touched for a while when the previous build read it: file times
    // can be coarse, and an edit in the same instant as that read could keep both size and time.
    const settled = known && previous && known.mtimeMs < previous.readStartedAt - RACY_WINDOW_MS;
    if (info?.isFile() && settled && known.size === info.size && known.mtimeMs === info.mtimeMs) {
      records[name] = known;
      progress.tick();
    } else toRead.push({ name, info });
  }
  await inBatches(toRead, 64, async ({ name, info }) => {
    const relative = `articles/${name}`;
    const raw = info?.isFile() ? await readFile(path.join(folder, name), 'utf8').catch(() => null) : null;
    const article = parseArticleFile(problems, relative, raw);
    if (article && info) {
      const apiText = JSON.stringify(article);
      records[name] = { size: info.size, mtimeMs: info.mtimeMs, hash: hashOf(apiText), summary: summarize(article) };
      await onRead(article, apiText);
    }
    progress.tick();
  });
  progress.end();
  const summaries = names.flatMap((name) => (records[name] ? [records[name].summary] : []));
  const index = checkReferences(problems, top, summaries, names.length);
  const sameArticles =
    previous !== null &&
    names.length === Object.keys(previous.articles).length &&
    toRead.every(({ name }) => previous.articles[name]?.hash === records[name].hash);
  // In the archive's order, which those read last would otherwise not be in.
  const ordered = toRead.length === 0 ? records : Object.fromEntries(names.map((name) => [name, records[name]]));
  return { index, records: ordered, read: toRead.length, sameArticles };
}

/** An article as the API serves it: the archive file, checked again as it is read. */
async function readArticle(dataDir: string, id: string): Promise<Article> {
  const relative = articleSourceFile(id);
  const problems = new ProblemList(displayPath(dataDir));
  const article = parseArticleFile(problems, relative, await readFile(path.join(dataDir, relative), 'utf8').catch(() => null));
  if (!article)
    throw new ArchiveError(
      problems.problems.length ? problems.problems : [{ file: relative, field: '', message: 'changed during the build' }],
    );
  return article;
}

/** Runs work over items with at most `size` at a time, in order of start. */
async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += size) await Promise.all(items.slice(start, start + size).map(work));
}

/** The files the app's build is made from: a change to any of them makes a new app build. */
async function appSourceKey(base: string): Promise<string> {
  const roots = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json', 'package.json', 'tsconfig.json'];
  const hash = createHash('sha256')
    .update(base)
    .update(process.env.NODE_ENV ?? '');
  // Vite puts VITE_* variables into the app.
  for (const name of Object.keys(process.env)
    .filter((each) => each.startsWith('VITE_'))
    .sort())
    hash.update(`${name}=${process.env[name]}\0`);
  for (const root of roots) await hashFiles(hash, root);
  return hash.digest('base64url').slice(0, 24);
}

/** Adds a file, or every file in a folder, to a hash by name (inside `label`) and content. */
async function hashFiles(hash: Hash, root: string, label = root) {
  const info = await stat(root).catch(() => null);
  if (!info) return;
  const names = info.isDirectory() ? (await readdir(root, { recursive: true })).map(String).sort() : [''];
  for (const name of names) {
    const file = path.join(root, name);
    if (!(await stat(file)).isFile()) continue;
    hash
      .update(path.join(label, name))
      .update('\0')
      .update(await readFile(file))
      .update('\0');
  }
}

const clientManifestSchema = v.record(v.string(), v.object({ file: v.string(), isDynamicEntry: v.optional(v.boolean()) }));

/** Each lazily loaded module of the app (by its path in the project) and its script's address in the site. */
async function lazyScriptsOf(client: string, base: string): Promise<Record<string, string>> {
  const file = path.join(client, CLIENT_MANIFEST);
  const parsed = v.safeParse(clientManifestSchema, JSON.parse(await readFile(file, 'utf8')) as unknown);
  if (!parsed.success) throw new Error(`${file} is not a Vite manifest: ${v.summarize(parsed.issues)}`);
  return Object.fromEntries(
    Object.entries(parsed.output).flatMap(([module, chunk]) => (chunk.isDynamicEntry ? [[module, `${base}${chunk.file}`]] : [])),
  );
}

type AppBuild = Awaited<ReturnType<typeof buildApp>>;

/** App builds kept in the cache: the most recently used, so that switching between a few versions is quick. */
const KEPT_APP_BUILDS = 4;

/** The app's client build and server bundle, built once for each version of the sources. */
async function buildApp(base: string) {
  const key = await appSourceKey(base);
  // Inside the project, so that the server bundle finds its dependencies in node_modules/.
  const cache = path.resolve('node_modules/.cache/news-build');
  const dir = path.join(cache, key);
  const client = path.join(dir, 'client');
  const server = path.join(dir, 'server');
  if (!(await stat(path.join(dir, 'done')).catch(() => null))) {
    const staging = `${dir}.new-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    await buildAppApart(staging, base);
    const built = createHash('sha256');
    // By names inside the folder: the staging folder's own name differs from build to build.
    await hashFiles(built, staging, '');
    await writeFileAtomic(path.join(staging, 'done'), built.digest('base64url').slice(0, 24));
    // A build beside this one (another test suite's) may have finished the same app first, and may be
    // reading it: it is kept, and this one dropped. A folder without "done" is no one's.
    if (await stat(path.join(dir, 'done')).catch(() => null)) await rm(staging, { recursive: true, force: true });
    else {
      await rm(dir, { recursive: true, force: true });
      await mkdir(path.dirname(dir), { recursive: true });
      await rename(staging, dir).catch(async (error: NodeJS.ErrnoException) => {
        // Finished by the other build between the two steps.
        if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
        await rm(staging, { recursive: true, force: true });
      });
    }
  }
  await pruneAppBuilds(cache, key);
  // Pages are keyed by what was built, not by its sources: an edit that builds the same app (a comment, the
  // build script) renders nothing again.
  const builtKey = await readFile(path.join(dir, 'done'), 'utf8');
  return {
    builtKey,
    client,
    worker: path.join(server, 'render-worker.js'),
    template: path.join(client, 'index.html'),
    lazyScripts: await lazyScriptsOf(client, base),
    serviceWorker: path.join(dir, 'service-worker', 'sw.js'),
  };
}

/** Marks this app build as used now and removes all but the most recently used. */
async function pruneAppBuilds(cache: string, current: string) {
  const now = new Date();
  await utimes(path.join(cache, current, 'done'), now, now);
  const builds = await Promise.all(
    (await readdir(cache)).map(async (name) => ({ name, used: (await stat(path.join(cache, name, 'done')).catch(() => null))?.mtimeMs })),
  );
  // Unfinished builds (no "done") may be another build's work in progress: left alone, unless the
  // process that was making one is gone.
  for (const { name } of builds) {
    const maker = /\.new-([0-9]+)$/.exec(name);
    if (maker && !isRunning(Number(maker[1]))) await rm(path.join(cache, name), { recursive: true, force: true });
  }
  const finished = builds.filter((build) => build.used !== undefined).sort((a, b) => b.used! - a.used!);
  // One used in the last hour may be in use by a build running beside this one.
  for (const { name, used } of finished.slice(KEPT_APP_BUILDS)) {
    if (used! < now.getTime() - 3_600_000) await rm(path.join(cache, name), { recursive: true, force: true });
  }
}

/** A small page that sends the reader on: for addresses of earlier builds that no longer exist. */
function redirectPage(lang: string, to: string, label: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
  <head>
    <meta charset="utf-8" />
    <meta http-equiv="refresh" content="0; url=${escapeHtml(to)}" />
    <link rel="canonical" href="${escapeHtml(to)}" />
    <title>${escapeHtml(label)}</title>
  </head>
  <body>
    <p><a href="${escapeHtml(to)}">${escapeHtml(label)}</a></p>
  </body>
</html>
`;
}

/** The sections' pages, from the API's list files ("sections/x/2023-01.json"). */
function sectionPagesOf(articleLists: string[]): { address: string; list: string }[] {
  return articleLists.flatMap((list) => {
    const match = /^sections\/([^/]+)\/([^/]+)\.json$/.exec(list);
    return match ? [{ address: pageAddresses.section(match[1], match[2]), list }] : [];
  });
}

/** Files in the output, outside the build's own folder, that neither this build made nor keeps. */
async function unmadeFiles(dir: string, kept: Manifest['files'], written: string[]): Promise<string[]> {
  const made = new Set(written);
  return (await listFiles(dir)).filter((file) => !file.startsWith(`${BUILD_INFO_DIR}/`) && !made.has(file) && !kept[file]);
}

/**
 * Which pages a build renders, and which it keeps as the previous build made them: a page is kept when
 * the key of what it shows (its API file, the app and the site) is the same and no article its live lists
 * link to has changed or gone since. A function of the two builds' records alone, so that it is tested
 * without rendering (tests/incremental-build.test.ts).
 */
export function planPages(input: {
  previous: Pick<PreviousBuild, 'files' | 'articles' | 'liveSets' | 'pageKeyPrefix'> | null;
  /** What every page is made from besides its API file: the app as built, and the site. */
  pageKeyPrefix: string;
  summaries: ArticleSummary[];
  /** By file name in the archive's articles/ folder. */
  records: Record<string, Pick<ArticleRecord, 'hash' | 'summary'>>;
  /** The key of each list in the API (front.json, sections/x/latest.json, search.json …). */
  listKeys: Map<string, string>;
  /** The front page's and sections' lists, by path in the API folder. */
  articleLists: string[];
}) {
  const { previous, listKeys } = input;
  const samePrefix = previous?.pageKeyPrefix === input.pageKeyPrefix;
  // A page whose live lists link to an article that has since changed or gone is rendered again.
  const summaries = new Map(input.summaries.map((summary) => [summary.id, summary]));
  const summaryKeys = new Map<string, string>();
  const summaryKey = (id: string) => {
    let key = summaryKeys.get(id);
    if (key === undefined) {
      const summary = summaries.get(id);
      summaryKeys.set(id, (key = summary ? hashOf(JSON.stringify(summary)) : 'gone'));
    }
    return key;
  };
  const liveSetKey = (ids: string[]) => hashOf(...ids.map(summaryKey));
  const staleLiveSets = new Set(
    Object.entries(previous?.liveSets ?? {}).flatMap(([id, set]) => (liveSetKey(set.ids) === set.key ? [] : [id])),
  );
  // The live sets that pages of this build show, each by an id made from the articles it lists: an id
  // that does not change as pages come and go, so that pages kept as they are keep their entries.
  const liveSets: Manifest['liveSets'] = {};
  const liveSetOf = (ids: string[]) => {
    const id = hashOf(...ids).slice(0, 12);
    liveSets[id] ??= { ids, key: liveSetKey(ids) };
    return id;
  };

  const toRender: PagePlan[] = [];
  const keptFiles: Manifest['files'] = {};
  const keptArticlePages: Record<string, FileEntry> = {};
  let kept = 0;
  const isKept = (known: FileEntry | undefined, key: string): known is FileEntry =>
    samePrefix && known?.key === key && (known.live === undefined || !staleLiveSets.has(known.live));
  const keep = (known: FileEntry) => {
    kept++;
    if (known.live !== undefined) liveSets[known.live] ??= previous!.liveSets[known.live];
  };
  const planPage = (address: string, status: number, key: string, file = pageFile(address)) => {
    const known = previous?.files[file];
    if (!isKept(known, key)) toRender.push({ address, file, status, key });
    else {
      keep(known);
      keptFiles[file] = known;
    }
  };
  planPage(pageAddresses.home(), 200, listKeys.get(apiFiles.front())!);
  for (const [name, record] of Object.entries(input.records)) {
    const known = previous?.articles[name]?.page;
    if (!isKept(known, record.hash)) {
      const address = pageAddresses.article(record.summary.id);
      toRender.push({ address, file: pageFile(address), status: 200, key: record.hash, articleName: name });
      continue;
    }
    keep(known);
    keptArticlePages[name] = known;
  }
  for (const { address, list } of sectionPagesOf(input.articleLists)) planPage(address, 200, listKeys.get(list)!);
  // The search page is the same for every search (it is filled in the browser), but preloads the newest index.
  planPage(pageAddresses.search(), 200, listKeys.get(apiFiles.search())!);
  planPage(pageAddresses.offline(), 200, 'offline');
  planPage(pageAddresses.saved(), 200, 'saved');
  planPage('/articles/-', 404, 'not-found', NOT_FOUND_FILE);
  return { toRender, keptFiles, keptArticlePages, kept, liveSets, liveSetOf };
}

interface PagePlan {
  address: string;
  file: string;
  status: number;
  key: string;
  /** For an article's page: the article's file name, whose record keeps the page's entry. */
  articleName?: string;
}

export async function buildSite(options: BuildOptions): Promise<BuildReport> {
  const started = performance.now();
  const finalOut = path.resolve(options.outDir);
  // Everything is written into the output's stage and published at the end, all at once (publish.ts).
  const output = await openOutput(finalOut);
  try {
    const report = await buildInto(output, options, started);
    await output.release();
    return report;
  } catch (error) {
    await output.abandon();
    throw error;
  }
}

/**
 * What the stages of one build share: its options and output, the previous build, the archive as read,
 * and what this build makes (its files with their keys, the files it wrote, the keys of its API lists).
 */
interface BuildContext {
  options: BuildOptions;
  output: Output;
  previous: PreviousBuild | null;
  full: boolean;
  /** When this build began reading the archive. */
  readStartedAt: number;
  index: ArchiveIndex;
  /** By file name in the archive's articles/ folder; a page's entry is set as the pages are planned and rendered. */
  records: Record<string, ArticleRecord>;
  /** Whether a record differs from the previous build's article index (which is then written again). */
  recordsChanged: boolean;
  /** Article files read and checked (the others were known from the previous build by size and time). */
  read: number;
  /** The articles are the previous build's: the same files with the same content. */
  sameArticles: boolean;
  /** Every file of this build but the articles' own, with the key of what it was made from. */
  files: Manifest['files'];
  /** The files this build wrote, by path in the output. */
  written: string[];
  /** The key of each API file made (by path in the API folder), which the pages that show it are keyed by. */
  apiKeys: Map<string, string>;
}

/** Stages a file of the build, if its key differs from the previous build's. */
async function stageIfChanged(
  ctx: BuildContext,
  relative: string,
  key: string,
  content: () => string | Uint8Array | Promise<string | Uint8Array>,
): Promise<void> {
  ctx.files[relative] = { key };
  if (!ctx.full && ctx.previous?.files[relative]?.key === key) return;
  await stageFile(ctx.output, relative, await content());
  ctx.written.push(relative);
}

/** Stages a list of the API (by its path in the API folder), keyed by its content. */
async function stageList(ctx: BuildContext, relative: string, value: unknown): Promise<void> {
  const content = JSON.stringify(value);
  const key = hashOf(content);
  ctx.apiKeys.set(relative, key);
  await stageIfChanged(ctx, `${API_DIR}/${relative}`, key, () => content);
}

async function buildInto(output: Output, options: BuildOptions, started: number): Promise<BuildReport> {
  const { dataDir, base } = options;
  if (options.siteUrl && new URL(options.siteUrl).pathname !== base)
    throw new Error(`The site's address ${options.siteUrl} is not under the base path ${base}`);
  // 1. The previous build, and the archive, checked in full.
  const previous = options.full ? null : await readManifest(output.dir, base, path.resolve(dataDir));
  const ctx = await readArchive(output, options, previous);
  // 2. The app, built once per version of its sources.
  const app = await buildApp(base);
  // 3. The API, the feeds and the sitemap.
  const api = await stageApi(ctx);
  // 4. The search index.
  const search = await stageSearch(ctx, api);
  // 5. The app's own files: its assets, the icons and the web app manifest.
  const appFiles = await stageAppFiles(ctx, app);
  // 6. The pages: planned (what changed), then rendered by a pool of workers.
  const pages = await stagePages(ctx, app, api);
  // 7. The service worker, and the addresses of earlier builds that lead on.
  await stageServiceWorker(ctx, app, appFiles, pages.keyPrefix);
  await stageRedirects(ctx);
  // 8. What nothing makes any more, the records of the build, and publishing it.
  const { removed, previousAssets } = await removedFiles(ctx, appFiles.assets, search.removed);
  const { build, changes } = await recordAndCommit(ctx, { api, search, pages, assets: appFiles.assets, previousAssets, removed });
  return {
    full: ctx.full,
    build,
    changes,
    recovered: output.recovered,
    pages: {
      rendered: pages.rendered,
      seconds: pages.seconds,
      unchanged: pages.kept,
      removed: removed.filter((relative) => relative.endsWith('.html')).length,
    },
    written: ctx.written,
    removed,
    seconds: (performance.now() - started) / 1000,
    articles: ctx.index.summaries.length,
    articlesRead: ctx.read,
    search: search.report,
  };
}

/** Reads and checks the archive. A full build stages each article's API file as it reads it. */
async function readArchive(output: Output, options: BuildOptions, previous: PreviousBuild | null): Promise<BuildContext> {
  const full = previous === null;
  const readStartedAt = Date.now();
  const written: string[] = [];
  const { index, records, read, sameArticles } = await indexArchive(
    options.dataDir,
    previous,
    async (article, apiText) => {
      if (!full) return;
      const relative = `${API_DIR}/${apiFiles.article(article.id)}`;
      await stageFile(output, relative, apiText);
      written.push(relative);
    },
    options.progress,
  );
  return {
    options,
    output,
    previous,
    full,
    readStartedAt,
    index,
    records,
    recordsChanged: read > 0 || !sameArticles,
    read,
    sameArticles,
    files: {},
    written,
    apiKeys: new Map(),
  };
}

/**
 * The API's lists (the site, the front page's and sections' lists, the live lists), the feeds, sitemap
 * and robots.txt, and the articles' own files that changed.
 */
async function stageApi(ctx: BuildContext) {
  const { previous, index, records, files, apiKeys, options } = ctx;
  const site = siteOf(index, options.siteUrl);
  await stageList(ctx, apiFiles.site(), site);
  const siteKey = apiKeys.get(apiFiles.site())!;
  // The front page's and sections' lists are made from the articles and the site alone: when neither
  // changed (a ranking update), they are as they were.
  const listsAsBefore = previous !== null && ctx.sameArticles && previous.files[`${API_DIR}/${apiFiles.site()}`]?.key === siteKey;
  let articleLists: string[];
  let siteFiles: string[];
  if (listsAsBefore) {
    articleLists = previous.articleLists;
    for (const relative of articleLists) {
      files[`${API_DIR}/${relative}`] = previous.files[`${API_DIR}/${relative}`];
      apiKeys.set(relative, previous.files[`${API_DIR}/${relative}`].key);
    }
    siteFiles = previous.siteFiles;
    for (const relative of siteFiles) files[relative] = previous.files[relative];
  } else {
    const leadId = leadIdOf(index);
    const lists = buildArticleLists(index, leadId ? await readArticle(options.dataDir, leadId) : null);
    articleLists = [...lists.keys()];
    for (const [relative, value] of lists) await stageList(ctx, relative, value);
    // Feeds, sitemap and robots.txt: those whose content changed are made and written.
    const made = options.base === '/' ? [robotsOf(site.url)] : [];
    if (site.url) {
      const inputs: FeedInputs = {
        site: { ...site, url: site.url },
        newestFirst: sortNewestFirst(index.summaries),
        articleKey: (id) => records[articleFileName(id)].hash,
        read: (id) => readArticle(options.dataDir, id),
        sectionPages: sectionPagesOf(articleLists).map((page) => page.address),
      };
      made.push(...feedsOf(inputs), ...sitemapOf(inputs));
    }
    siteFiles = made.map((each) => each.file);
    for (const { file, key, make } of made) await stageIfChanged(ctx, file, key, make);
  }
  for (const [relative, value] of buildLiveLists(index)) await stageList(ctx, relative, value);

  // The articles' own files: those that changed (a full build staged them as it read them).
  const changed = ctx.sameArticles
    ? []
    : Object.entries(records).filter(([name, record]) => ctx.full || ctx.previous?.articles[name]?.hash !== record.hash);
  const staged = new Set(ctx.written);
  await inBatches(changed, 64, async ([, record]) => {
    const relative = `${API_DIR}/${apiFiles.article(record.summary.id)}`;
    if (staged.has(relative)) return;
    await stageFile(ctx.output, relative, JSON.stringify(await readArticle(options.dataDir, record.summary.id)));
    ctx.written.push(relative);
  });
  return { siteKey, listsAsBefore, articleLists, siteFiles };
}

/** The search index's bundles: only those whose articles changed are made again; and api/search.json. */
async function stageSearch(ctx: BuildContext, api: { siteKey: string; listsAsBefore: boolean }) {
  const update = await updateSearchIndexes({
    outDir: ctx.output.stage,
    full: ctx.full,
    previous: ctx.previous?.search,
    articlesAsBefore: api.listsAsBefore,
    publication: ctx.index.publication,
    siteKey: api.siteKey,
    records: Object.values(ctx.records),
    read: (id) => readArticle(ctx.options.dataDir, id),
    progress: ctx.options.progress,
  });
  appendFiles(ctx.written, update.written);
  await stageList(ctx, apiFiles.search(), update.indexes);
  return update;
}

/** The app's files (hashed assets, boot.js, the icon), and what makes the site installable (icons, web app manifest). */
async function stageAppFiles(ctx: BuildContext, app: AppBuild) {
  const assets: string[] = [];
  for (const name of (await readdir(app.client, { recursive: true })).map(String).sort()) {
    const source = path.join(app.client, name);
    // The template is not a page, nor Vite's manifest a file of the site.
    if (name === 'index.html' || name.startsWith(path.dirname(CLIENT_MANIFEST)) || !(await stat(source)).isFile()) continue;
    const relative = name.split(path.sep).join('/');
    const content = await readFile(source);
    if (relative.startsWith(`${ASSETS_DIR}/`)) assets.push(relative);
    await stageIfChanged(ctx, relative, hashOfBytes(content), () => content);
  }
  const shell = [...iconsOf(await readFile(path.join(app.client, 'favicon.svg'))), webManifestOf(ctx.index.publication, ctx.options.base)];
  for (const { file, key, make } of shell) await stageIfChanged(ctx, file, key, make);
  return { assets, shell: shell.map((each) => each.file) };
}

/** The pages: each keyed by the one API file it shows, and all by the app and the site; live lists aside. */
async function stagePages(ctx: BuildContext, app: AppBuild, api: { siteKey: string; articleLists: string[] }) {
  const { records, files } = ctx;
  const keyPrefix = hashOf(app.builtKey, api.siteKey);
  const plan = planPages({
    previous: ctx.previous,
    pageKeyPrefix: keyPrefix,
    summaries: ctx.index.summaries,
    records,
    listKeys: ctx.apiKeys,
    articleLists: api.articleLists,
  });
  Object.assign(files, plan.keptFiles);
  for (const [name, page] of Object.entries(plan.keptArticlePages)) {
    // A record read again keeps its page's entry; one known by size and time is the previous record.
    if (records[name].page !== page) {
      records[name] = { ...records[name], page };
      ctx.recordsChanged = true;
    }
  }
  const started = performance.now();
  const rendered = await renderPages(
    plan.toRender,
    app.worker,
    {
      templateFile: app.template,
      lazyScripts: app.lazyScripts,
      outDir: ctx.output.stage,
      // The API as this build publishes it: what it staged, else (an incremental build) what is in place.
      apiDirs: [path.join(ctx.output.stage, API_DIR), ...(ctx.full ? [] : [path.join(ctx.output.dir, API_DIR)])],
      base: ctx.options.base,
    },
    ctx.options.progress,
  );
  const seconds = (performance.now() - started) / 1000;
  rendered.forEach((result, position) => {
    const { key, file, articleName } = plan.toRender[position];
    const entry: FileEntry = { key, ...(result.liveArticleIds.length > 0 ? { live: plan.liveSetOf(result.liveArticleIds) } : {}) };
    if (!articleName) files[file] = entry;
    else {
      records[articleName] = { ...records[articleName], page: entry };
      ctx.recordsChanged = true;
    }
    ctx.written.push(result.file);
  });
  return { keyPrefix, liveSets: plan.liveSets, rendered: rendered.length, kept: plan.kept, seconds };
}

/**
 * The service worker, with the app shell it keeps on the device: the app's script, its starter (as a
 * file, for pages of earlier builds it has kept), the icons, the offline page and the Saved page (whose
 * revisions are their pages' keys).
 */
async function stageServiceWorker(
  ctx: BuildContext,
  app: AppBuild,
  appFiles: { assets: string[]; shell: string[] },
  pageKeyPrefix: string,
) {
  const precache = [
    ...appFiles.assets.filter((relative) => relative.endsWith('.js')).map((url) => ({ url, revision: null })),
    ...['boot.js', 'favicon.svg', ...appFiles.shell].map((url) => ({ url, revision: ctx.files[url].key })),
    ...(['offline', 'saved'] as const).map((page) => ({ url: pageAddresses[page]().slice(1), revision: hashOf(pageKeyPrefix, page) })),
  ];
  const serviceWorker = serviceWorkerOf(await readFile(app.serviceWorker, 'utf8'), precache);
  await stageIfChanged(ctx, serviceWorker.file, serviceWorker.key, serviceWorker.make);
}

/** Addresses of the numbered section pages of earlier builds lead to the section. */
async function stageRedirects(ctx: BuildContext) {
  const { index, options } = ctx;
  const counts = new Map<string, number>();
  for (const summary of index.summaries) counts.set(summary.section, (counts.get(summary.section) ?? 0) + 1);
  for (const section of index.sections) {
    const to = `${options.base}${pageAddresses.section(section.id, LATEST_PERIOD).slice(1)}`;
    const content = redirectPage(index.publication.locale, to, section.name);
    const key = hashOf(content);
    for (let page = 2; page <= Math.ceil((counts.get(section.id) ?? 0) / VIEW_SIZES.sectionPage); page++) {
      await stageIfChanged(ctx, pageFile(pageAddresses.legacySectionPage(section.id, page)), key, () => content);
    }
  }
}

/**
 * What nothing makes any more (for a full build, whatever else is in the output), besides the search
 * files the index has let go. The previous version's assets stay until the app changes again, for pages
 * loaded before this deploy.
 */
async function removedFiles(ctx: BuildContext, assets: string[], searchRemoved: string[]) {
  const { previous, files } = ctx;
  const sameApp = previous !== null && previous.assets.current.join(' ') === assets.join(' ');
  const previousAssets = !previous
    ? (await readdir(path.join(ctx.output.dir, ASSETS_DIR)).catch(() => [] as string[])).map((name) => `${ASSETS_DIR}/${name}`)
    : sameApp
      ? previous.assets.previous
      : previous.assets.current;
  for (const relative of previousAssets) files[relative] ??= { key: 'previous-build' };
  const removed = previous
    ? Object.keys(previous.files).filter((relative) => !files[relative])
    : await unmadeFiles(ctx.output.dir, files, ctx.written);
  if (previous && !ctx.sameArticles) {
    for (const name in previous.articles) {
      if (ctx.records[name]) continue;
      const { summary, page } = previous.articles[name];
      removed.push(`${API_DIR}/${apiFiles.article(summary.id)}`);
      if (page) removed.push(pageFile(pageAddresses.article(summary.id)));
    }
  }
  appendFiles(removed, searchRemoved);
  return { removed, previousAssets };
}

/** Stages the manifest, the article index (if a record changed) and the list of changes, then publishes the build. */
async function recordAndCommit(
  ctx: BuildContext,
  made: {
    api: { articleLists: string[]; siteFiles: string[] };
    search: { state: SearchState };
    pages: { keyPrefix: string; liveSets: Manifest['liveSets'] };
    assets: string[];
    previousAssets: string[];
    removed: string[];
  },
) {
  const { previous, output, written } = ctx;
  const { removed, assets } = made;
  const articleIndex = ctx.recordsChanged ? `${ctx.readStartedAt}-${process.pid}` : previous!.articleIndex;
  if (ctx.recordsChanged) {
    const contents: ArticleIndex = { id: articleIndex, readStartedAt: ctx.readStartedAt, articles: ctx.records };
    await stageFile(output, ARTICLE_INDEX_FILE, JSON.stringify(contents));
  }
  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    base: ctx.options.base,
    dataDir: path.resolve(ctx.options.dataDir),
    articleIndex,
    pageKeyPrefix: made.pages.keyPrefix,
    articleLists: made.api.articleLists,
    siteFiles: made.api.siteFiles,
    search: made.search.state,
    files: ctx.files,
    liveSets: made.pages.liveSets,
    assets: { current: assets, previous: made.previousAssets.filter((relative) => !assets.includes(relative)) },
  };
  written.sort();
  removed.sort();
  await stageFile(output, MANIFEST_FILE, JSON.stringify(manifest));
  // The list of changes, derived from the manifests, is committed with the build it lists.
  const log = await readChangeLog(output.dir);
  const build = log.last + 1;
  const changes = await stageChangeLog(output, logBuild(log, { build, full: ctx.full, written, removed }));
  await output.commit(removed);
  return { build, changes };
}

/** Renders pages in a pool of workers (the bundled render-worker.ts), one per core, a batch at a time. */
async function renderPages(
  pages: PagePlan[],
  worker: string,
  data: RenderWorkerData,
  progressStream?: NodeJS.WriteStream,
): Promise<RenderResult[]> {
  if (pages.length === 0) return [];
  const threads = Math.max(1, Math.min(os.availableParallelism(), Math.ceil(pages.length / 50)));
  const pool = new Tinypool({
    filename: pathToFileURL(worker).href,
    workerData: data,
    minThreads: threads,
    maxThreads: threads,
  });
  const progress = new Progress('Rendering pages', pages.length, progressStream);
  const BATCH = 100;
  try {
    const batches: Promise<RenderResult[]>[] = [];
    for (let start = 0; start < pages.length; start += BATCH) {
      const task: RenderTask = { pages: pages.slice(start, start + BATCH).map(({ address, file, status }) => ({ address, file, status })) };
      batches.push(
        (pool.run(task) as Promise<RenderResult[]>).then((results) => {
          progress.tick(results.length);
          return results;
        }),
      );
    }
    return (await Promise.all(batches)).flat();
  } finally {
    progress.end();
    await pool.destroy();
  }
}
