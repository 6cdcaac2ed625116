// The search index: Pagefind, fed straight from the archive, in bundles of at most BUNDLE_SIZE articles:
// each year's articles (and the undated entries) in order of publication, the whole multiples of
// RECENT_BUNDLE_SIZE cut into bundles of BUNDLE_SIZE, the rest in a small recent bundle of their own whose
// word index is one file. So publishing the day's news re-indexes that small bundle and rewrites five of
// its files; every RECENT_BUNDLE_SIZE articles, the year's newest full-sized one; no bundle holds
// Pagefind's indexer for long nor fills its memory; and two are made at once. The browser searches the
// newest year's bundles first and merges older ones in as a search needs them (src/search/engine.ts).
import { fork } from 'node:child_process';
import { hash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { CustomRecord } from 'pagefind';
import type { Article, ArticleSummary, Publication, SearchIndexes } from '../api/schemas.ts';
import { isContentNamed, newestPeriodFirst, pageAddresses, SEARCH_DIR, searchYearOf, UNDATED_PERIOD } from '../lib/site-layout.ts';
import { periodOf } from './archive.ts';
import { hashOf, Progress } from './output.ts';
import { listFiles } from './publish.ts';
import type { IndexerReply, IndexerRequest } from './search-indexer.ts';

/**
 * A year's articles past its last whole multiple of this many (in order of publication) are its recent
 * bundle, "<year>-recent": what publishing an article re-indexes. So a year's newest full-sized bundle is
 * made again once every this many articles published (109 files when one went from 192 to 224 articles), and
 * each publish in between rewrites the recent bundle's entry, metadata, filter, word index and the
 * article's own fragment. Its word index is one file (RECENT_INDEX_CHUNK_SIZE), which a first query loads
 * whole: about 1.5 KB an article of 380 words of synthetic text. At 32, a first query at 10,000 articles
 * took up to 160 KB (a recent bundle of 31), above the 150 KB aimed at; at 256 the bundle's index was 81
 * parts, nearly every one of them rewritten by each publish.
 */
export const RECENT_BUNDLE_SIZE = 16;
/**
 * The most articles in a bundle ("<year>-1", "<year>-2", … in order of publication; a multiple of
 * RECENT_BUNDLE_SIZE). Pagefind's indexer holds about 0.26 MB an article of about 380 words until it has
 * written a bundle (and keeps that memory until it stops), and two run at once: with bundles of this size
 * and a fresh indexer for each, a 10,000-article build peaks at about 450 MB, against 2.5 GB for two
 * bundles of half a year (4,380 articles). Indexing takes as long either way; a search loads a small part
 * of each bundle of the years it searches, so bundles much smaller would make a search of a whole year
 * load more files.
 */
export const BUNDLE_SIZE = 512;
const RECENT_PART = 'recent';
/** How many bundles are made at once, each by a Pagefind indexer (a process) of its own. */
const INDEXERS = 2;
/**
 * The size Pagefind aims at for each part of a bundle's word index (its PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE,
 * read by the indexer as it starts): a query loads the part holding each of its words from each bundle it
 * searches. Against Pagefind's own (about 22 KB a part, gzipped, at 10,000 articles), parts of about 4 KB
 * took a first query from 150 to 120 KB (median of 5 words) for a few more files and a slightly larger
 * metadata file per bundle; 1,500 made no smaller first query and a larger metadata file.
 */
const INDEX_CHUNK_SIZE = 3000;
/** Far above what RECENT_BUNDLE_SIZE articles make (256 articles of 380 words still made one part), so that a recent bundle's word index is one file. */
const RECENT_INDEX_CHUNK_SIZE = 1_000_000;

/** What the next build needs to know of the indexes: a key of what every bundle was made with, and one per bundle. */
export interface SearchState {
  /** Pagefind's version, the size of its index parts, this module's code, the language and the site. */
  prefix: string;
  /** By bundle ("2024-recent", "2024-3", "undated"). */
  bundles: Record<string, BundleState>;
}

/**
 * A bundle as the output holds it, so that a build lists for the deploy exactly the files that changed.
 * Most of its files are named by their content (one fragment an article): those are listed by name alone,
 * in one string, which the next build reads much faster than as many keys of an object.
 */
interface BundleState {
  /** A key of its articles, in the order they were indexed. */
  key: string;
  /** The files named by their content, by path inside the bundle, one a line. */
  named: string;
  /** The other files (pagefind.js, its entry file …), each with a key of its bytes. */
  hashed: Record<string, string>;
}

/** A bundle's files, each with a key of its bytes ("" for a file named by its content). */
const filesOf = (bundle: BundleState | undefined): Map<string, string> =>
  new Map([...(bundle?.named ? bundle.named.split('\n').map((name) => [name, ''] as const) : []), ...Object.entries(bundle?.hashed ?? {})]);

/** The bundles made again: which, of how many articles, in how long. */
export interface SearchReport {
  bundles: string[];
  articles: number;
  seconds: number;
}

/**
 * Brings the indexes up to date with the archive: makes again, into outDir/pagefind/ (the build's
 * stage), the bundles whose articles changed, and drops those with no articles left. Returns the new
 * state, the list for api/search.json, and the files written and removed against the previous state
 * (paths inside the output). Only the written files are left in outDir.
 */
export async function updateSearchIndexes(options: {
  /** Where the bundles made are written: the build's stage. */
  outDir: string;
  full: boolean;
  previous: SearchState | undefined;
  /** Neither an article nor the site changed since the previous build: then nothing is worked out again. */
  articlesAsBefore: boolean;
  publication: Publication;
  siteKey: string;
  records: { hash: string; summary: ArticleSummary }[];
  read: (id: string) => Promise<Article>;
  progress?: NodeJS.WriteStream;
}): Promise<{ state: SearchState; indexes: SearchIndexes; written: string[]; removed: string[]; report: SearchReport }> {
  const language = searchLanguageOf(options.publication.locale);
  const prefix = hashOf(
    await readFile(path.resolve('node_modules/pagefind/package.json'), 'utf8'),
    String([INDEX_CHUNK_SIZE, RECENT_INDEX_CHUNK_SIZE]),
    // This module decides what a record holds, and the indexer's how a bundle is written: a change to
    // either makes every bundle again, where an incremental build would otherwise keep the bundles of
    // unchanged years as the old code made them.
    await readFile(new URL(import.meta.url), 'utf8'),
    await readFile(INDEXER_MODULE, 'utf8'),
    language,
    options.siteKey,
  );
  const { previous } = options;
  const report: SearchReport = { bundles: [], articles: 0, seconds: 0 };
  const written: string[] = [];
  const removed: string[] = [];
  let bundles: SearchState['bundles'];
  if (!options.full && options.articlesAsBefore && previous?.prefix === prefix) bundles = previous.bundles;
  else {
    const byYear = new Map<string, BundleEntry[]>();
    for (const { hash: articleHash, summary } of options.records) {
      const year = searchYearOf(periodOf(summary, options.publication.timeZone));
      let entries = byYear.get(year);
      if (!entries) byYear.set(year, (entries = []));
      entries.push({ id: summary.id, hash: articleHash, date: sortableDate(summary) });
    }
    bundles = {};
    const stale: [string, string[]][] = [];
    const keys = new Map<string, string>();
    for (const [name, entries] of bundlesOf(byYear)) {
      const key = hashOf(prefix, ...entries.flatMap((entry) => [entry.id, entry.hash]));
      const known = previous?.bundles[name];
      keys.set(name, key);
      if (!options.full && known?.key === key) bundles[name] = known;
      else stale.push([name, entries.map((entry) => entry.id)]);
    }
    const started = performance.now();
    report.bundles = stale.map(([name]) => name);
    report.articles = stale.reduce((sum, [, ids]) => sum + ids.length, 0);
    if (stale.length > 0) {
      const progress = new Progress('Indexing for search', report.articles, options.progress);
      // Bundles are made INDEXERS at a time, each in a process of its own (search-indexer.ts): the lanes
      // take the bundles in turn. A bundle's bytes depend on its own records alone, so which lane makes it
      // changes nothing.
      const queue = [...stale];
      /** The next bundle, with its indexer started: a process takes a moment to start (Node and TypeScript). */
      const take = () => {
        const next = queue.shift();
        return next && { name: next[0], ids: next[1], indexer: startIndexer(environmentOf(next[0]), (count) => progress.tick(count)) };
      };
      const results = new Map<string, Map<string, string>>();
      try {
        // A lane that fails stops the others taking more, and each finishes the bundle it is making; then
        // the first failure is the build's.
        let failed = false;
        const lanesDone = await Promise.allSettled(
          Array.from({ length: Math.min(INDEXERS, stale.length) }, async () => {
            let next = take();
            try {
              while (next && !failed) {
                const { name, ids, indexer } = next;
                // The lane's next indexer starts while this one works.
                next = take();
                results.set(name, await writeBundle({ outDir: options.outDir, name, language, ids, read: options.read, indexer }));
              }
            } catch (error) {
              failed = true;
              throw error;
            } finally {
              next?.indexer.stop();
              await next?.indexer.done.catch(() => undefined);
            }
          }),
        );
        for (const lane of lanesDone) if (lane.status === 'rejected') throw lane.reason;
      } finally {
        progress.end();
      }
      // In the order of the bundles, whichever finished first. A file is listed as written when its bytes
      // differ from what the previous build published; the others are not published again.
      for (const [name] of stale) {
        const files = results.get(name)!;
        const before = filesOf(options.full ? undefined : previous?.bundles[name]);
        for (const [file, key] of files) {
          const relative = `${SEARCH_DIR}/${name}/${file}`;
          if (before.get(file) === key) await rm(path.join(options.outDir, relative));
          else written.push(relative);
        }
        for (const file of before.keys()) if (!files.has(file)) removed.push(`${SEARCH_DIR}/${name}/${file}`);
        const named = [...files].flatMap(([file, key]) => (key === '' ? [file] : []));
        const hashed = Object.fromEntries([...files].filter(([, key]) => key !== ''));
        bundles[name] = { key: keys.get(name)!, named: named.join('\n'), hashed };
      }
    }
    report.seconds = (performance.now() - started) / 1000;
    for (const [name, bundle] of Object.entries(previous?.bundles ?? {})) {
      if (!(name in bundles)) for (const file of filesOf(bundle).keys()) removed.push(`${SEARCH_DIR}/${name}/${file}`);
    }
  }
  const order = Object.keys(bundles).sort(newestBundleFirst);
  return { state: { prefix, bundles }, indexes: { language, bundles: order }, written, removed, report };
}

interface BundleEntry {
  id: string;
  /** The article's key: a bundle is made again when one of its articles changed. */
  hash: string;
  /** When it was published, in UTC ("" if undated). */
  date: string;
}

/**
 * The bundles and their articles: each year's (and the undated entries') in order of publication, the
 * whole multiples of RECENT_BUNDLE_SIZE in bundles of up to BUNDLE_SIZE, the rest in its recent bundle; so
 * that a newly published article (the newest) joins the small recent bundle and leaves the rest of the
 * year as it was. A function of the archive alone, so that incremental and full builds agree.
 */
export function bundlesOf(byYear: Map<string, BundleEntry[]>): Map<string, BundleEntry[]> {
  const bundles = new Map<string, BundleEntry[]>();
  for (const [year, entries] of byYear) {
    const ordered = [...entries].sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const whole = ordered.length - (ordered.length % RECENT_BUNDLE_SIZE);
    for (let start = 0; start < whole; start += BUNDLE_SIZE)
      bundles.set(`${year}-${start / BUNDLE_SIZE + 1}`, ordered.slice(start, Math.min(start + BUNDLE_SIZE, whole)));
    // The undated entries' last few keep the name all of them had before bundles had a size.
    if (whole < ordered.length) bundles.set(year === UNDATED_PERIOD ? UNDATED_PERIOD : `${year}-${RECENT_PART}`, ordered.slice(whole));
  }
  return bundles;
}

/** A year's recent bundle ("2024-recent") or the undated entries' last few ("undated"), as bundlesOf names them. */
function isRecentBundle(name: string): boolean {
  const part = name.slice(searchYearOf(name).length + 1);
  return part === '' || part === RECENT_PART;
}

/** Newest first, as the browser searches them: by year (undated last), and in a year its recent bundle, then the others from the newest. */
export function newestBundleFirst(a: string, b: string): number {
  const place = (name: string) => {
    const year = searchYearOf(name);
    const part = name.slice(year.length + 1);
    return { year, part: part === '' || part === RECENT_PART ? Infinity : Number(part) };
  };
  const [first, second] = [place(a), place(b)];
  return newestPeriodFirst(first.year, second.year) || second.part - first.part;
}

/**
 * The text Pagefind indexes and cuts excerpts from: the headline, the summary and the paragraphs, each as
 * a sentence. Pagefind joins them with a space, so a headline (which has no full stop) read on into the
 * first paragraph in an excerpt ("… security cooperation Japan and the United States …"); a part that
 * does not end a sentence gets the language's full stop, as Pagefind itself ends a heading of an HTML page.
 */
export function searchTextOf(article: Pick<Article, 'headline' | 'summary' | 'body'>, language: string): string {
  const fullStop = language === 'ja' || language === 'zh' ? '。' : '.';
  return [article.headline, ...(article.summary ? [article.summary] : []), ...article.body]
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => (ENDS_A_SENTENCE.test(part) ? part : `${part}${fullStop}`))
    .join('\n');
}
/** Ends with a full stop, a question or exclamation mark (in any script), perhaps inside closing quotes or brackets. */
const ENDS_A_SENTENCE = /[\p{Sentence_Terminal}…][\p{Pe}\p{Pf}"']*$/u;

/** The language Pagefind splits text by (Japanese and Chinese have no spaces between words): the locale's. */
const searchLanguageOf = (locale: string) => new Intl.Locale(locale).language;

/** The sort key: the instant in UTC, so that dates written with different offsets sort as times. */
const sortableDate = (article: { publishedAt?: string }) => (article.publishedAt ? new Date(article.publishedAt).toISOString() : '');

/** The module that makes a bundle in a process of its own, and what runs it as TypeScript there. */
const INDEXER_MODULE = new URL('./search-indexer.ts', import.meta.url);
const TYPESCRIPT_LOADER = import.meta.resolve('tsx');

/**
 * Writes one bundle into outDir/pagefind/<name>/, by an indexer process of its own. Returns its files,
 * each with a key of its bytes ("" for a file named by its content).
 */
async function writeBundle(options: {
  outDir: string;
  /** "2024-recent", "2024-3", "undated" or "undated-1". */
  name: string;
  language: string;
  /** The ids of the bundle's articles, in the order they are indexed, and how to read one. */
  ids: string[];
  read: (id: string) => Promise<Article>;
  /** The indexer that makes it, started with the bundle's environment (environmentOf). */
  indexer: Indexer;
}): Promise<Map<string, string>> {
  const { indexer } = options;
  const relativeDir = `${SEARCH_DIR}/${options.name}`;
  const dir = path.join(options.outDir, relativeDir);
  try {
    indexer.send({ kind: 'start', language: options.language, outputPath: dir });
    // Read many at a time, and sent in the archive's order: the index depends on the order records
    // arrive in, and two builds of the same archive must write the same bytes.
    for (let start = 0; start < options.ids.length; start += 64) {
      const articles = await Promise.all(options.ids.slice(start, start + 64).map(options.read));
      indexer.send({ kind: 'records', records: articles.map((article) => recordOf(article, options.language)) });
    }
    indexer.send({ kind: 'write' });
  } catch (error) {
    indexer.stop();
    await indexer.done.catch(() => undefined);
    throw error;
  }
  await indexer.done;
  const files = new Map<string, string>();
  for (const name of await listFiles(dir))
    files.set(name, isContentNamed(`${relativeDir}/${name}`) ? '' : hash('sha256', await readFile(path.join(dir, name)), 'base64url'));
  return files;
}

/** An article as Pagefind indexes it. */
function recordOf(article: Article, language: string): CustomRecord {
  return {
    // Results link through the app by id; the address is Pagefind's own key for the record.
    url: pageAddresses.article(article.id),
    content: searchTextOf(article, language),
    language,
    meta: {
      id: article.id,
      title: article.headline,
      section: article.section,
      ...(article.publishedAt ? { publishedAt: article.publishedAt } : {}),
      ...(article.body.length === 0 ? { headlineOnly: 'true' } : {}),
    },
    // The browser marks each bundle with its name as it merges it (and so its year): only the section is asked here.
    filters: { section: [article.section] },
    sort: { date: sortableDate(article) },
  };
}

/** An indexer reads the size of its index's parts from the environment it starts with. */
const environmentOf = (bundle: string) => ({
  PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE: String(isRecentBundle(bundle) ? RECENT_INDEX_CHUNK_SIZE : INDEX_CHUNK_SIZE),
});

type Indexer = ReturnType<typeof startIndexer>;

/**
 * Starts search-indexer.ts in a process of its own, with the build's environment and `env` over it.
 * `done` settles when it has stopped: fulfilled once it has written the bundle.
 */
function startIndexer(env: Record<string, string>, onIndexed: (count: number) => void) {
  const child = fork(INDEXER_MODULE, {
    env: { ...process.env, ...env },
    execArgv: ['--import', TYPESCRIPT_LOADER],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const done = new Promise<void>((resolve, reject) => {
    let outcome: IndexerReply | undefined;
    child.on('message', (message: IndexerReply) => {
      if (message.kind === 'indexed') onIndexed(message.count);
      else outcome = message;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (outcome?.kind === 'written' && code === 0) resolve();
      else if (outcome?.kind === 'failed') reject(new Error(outcome.message));
      else reject(new Error(`The search indexer stopped before it wrote the bundle (${signal ?? `exit code ${code}`}).`));
    });
  });
  // An indexer started ahead may stop before its bundle's turn: its failure is handled when it is awaited.
  done.catch(() => undefined);
  return {
    // A message to an indexer that has stopped is dropped: `done` says why it stopped.
    send: (request: IndexerRequest) => void (child.connected && child.send(request)),
    stop: () => void child.kill(),
    done,
  };
}
