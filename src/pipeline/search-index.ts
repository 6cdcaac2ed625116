// The search index: Pagefind, fed straight from the archive, one index per year of publication (and one
// for undated entries), so that publishing an article re-indexes its year alone. The browser loads the
// newest year's index and merges the others into it (src/routes/search-page.tsx).
import { hash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import * as pagefind from 'pagefind';
import type { Article } from '../api/schemas.ts';
import { pageAddresses, SEARCH_DIR, UNDATED_PERIOD } from '../lib/site-layout.ts';

/** Which year's index an article is in: the year of its month in the publication's zone, or "undated". */
export const searchYearOf = (period: string) => (period === UNDATED_PERIOD ? UNDATED_PERIOD : period.slice(0, 4));

/** The language Pagefind splits text by (Japanese and Chinese have no spaces between words): the locale's. */
export const searchLanguageOf = (locale: string) => new Intl.Locale(locale).language;

/** The sort key: the instant in UTC, so that dates written with different offsets sort as times. */
const sortableDate = (article: { publishedAt?: string }) => (article.publishedAt ? new Date(article.publishedAt).toISOString() : '');

/**
 * Writes one year's index into outDir/pagefind/<year>/, replacing what was there. Returns the files
 * written and those of the previous index that are gone, as paths inside outDir.
 */
export async function writeYearIndex(options: {
  outDir: string;
  year: string;
  language: string;
  /** The ids of the year's articles, and how to read one. */
  ids: string[];
  read: (id: string) => Promise<Article>;
  onIndexed: () => void;
}): Promise<{ written: string[]; removed: string[] }> {
  const relativeDir = `${SEARCH_DIR}/${options.year}`;
  const dir = path.join(options.outDir, relativeDir);
  const before = await listFiles(dir);
  // Pagefind writes the whole bundle; only the files whose bytes changed are reported, for the deploy.
  const keyOf = async (name: string) => hash('sha256', await readFile(path.join(dir, name)), 'base64url');
  const beforeKeys = new Map(await Promise.all(before.map(async (name) => [name, await keyOf(name)] as const)));
  const { index, errors } = await pagefind.createIndex({ forceLanguage: options.language });
  if (!index) throw new Error(`Could not start the search indexer: ${errors.join('; ')}`);
  try {
    const add = async (article: Article) => {
      const added = await index.addCustomRecord({
        // Results link through the app by id; the address is Pagefind's own key for the record.
        url: pageAddresses.article(article.id),
        content: [article.headline, ...(article.summary ? [article.summary] : []), ...article.body].join('\n'),
        language: options.language,
        meta: {
          id: article.id,
          title: article.headline,
          section: article.section,
          ...(article.publishedAt ? { publishedAt: article.publishedAt } : {}),
          ...(article.body.length === 0 ? { headlineOnly: 'true' } : {}),
        },
        filters: { section: [article.section], year: [options.year] },
        sort: { date: sortableDate(article) },
      });
      if (added.errors.length > 0) throw new Error(`Could not index articles/${article.id}.json for search: ${added.errors.join('; ')}`);
      options.onIndexed();
    };
    // Read many at a time, but given to Pagefind one by one in the archive's order: its index depends on
    // the order records arrive in, and two builds of the same archive must write the same bytes.
    for (let start = 0; start < options.ids.length; start += 64) {
      for (const article of await Promise.all(options.ids.slice(start, start + 64).map(options.read))) await add(article);
    }
    await rm(dir, { recursive: true, force: true });
    const result = await index.writeFiles({ outputPath: dir });
    if (result.errors.length > 0) throw new Error(`Could not write the search index: ${result.errors.join('; ')}`);
    // Pagefind's own search interfaces: the app has its own search page.
    for (const name of await readdir(dir))
      if (/^pagefind-(ui|modular-ui|component-ui|highlight)\./.test(name)) await rm(path.join(dir, name));
  } finally {
    await index.deleteIndex();
  }
  const after = await listFiles(dir);
  const written: string[] = [];
  for (const name of after) if (beforeKeys.get(name) !== (await keyOf(name))) written.push(`${relativeDir}/${name}`);
  const removed = before.filter((name) => !after.includes(name)).map((name) => `${relativeDir}/${name}`);
  return { written, removed };
}

/** Removes a year's index that has no articles any more. */
export async function removeYearIndex(outDir: string, year: string): Promise<string[]> {
  const relativeDir = `${SEARCH_DIR}/${year}`;
  const before = await listFiles(path.join(outDir, relativeDir));
  await rm(path.join(outDir, relativeDir), { recursive: true, force: true });
  return before.map((name) => `${relativeDir}/${name}`);
}

/** Stops the indexer, which otherwise keeps the process alive. */
export const closeSearchIndexer = () => pagefind.close();

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}
