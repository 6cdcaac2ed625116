// A small synthetic archive and the steps of a newsroom's day on it (add, edit, touch, remove, rename a
// section, update the ranking and the popular lists), written as an operator would: for the tests of the
// incremental build and of publishing. Plainly synthetic text, not news.
import { mkdir, readdir, readFile, unlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { JSDOM, VirtualConsole } from 'jsdom';
import { expect } from 'vitest';
import { isLiveQueryKey } from '../src/api/resources';
import { BUILD_INFO_DIR } from '../src/lib/site-layout';
import { PAGE_DATA_ELEMENT_ID } from '../src/lib/page-data';

// Only the markup matters here: jsdom's complaints about the page's modern CSS are not passed on.
const QUIET = { virtualConsole: new VirtualConsole() };

export interface ArticleData {
  id: string;
  section: string;
  headline: string;
  publishedAt?: string;
  body: string[];
}
export interface ArchiveState {
  articles: Map<string, ArticleData>;
  ranking: string[];
  popular: Record<string, string[]>;
  sectionNames: string[];
}

export const SECTIONS = ['alpha', 'beta'];

export const dateOf = (hours: number) => new Date(Date.UTC(2024, 0, 1) + hours * 3_600_000).toISOString().replace('Z', '+00:00');

export function article(n: number, section: string, hours: number | null, headlineOnly = false): ArticleData {
  return {
    id: `synthetic-${n}`,
    section,
    headline: `Synthetic article ${n}`,
    ...(hours === null ? {} : { publishedAt: dateOf(hours) }),
    body: headlineOnly ? [] : [`Synthetic paragraph of article ${n}. Not news.`],
  };
}

// Each write is dated a minute after the one before, long ago: so the build trusts the size and time of
// files it has seen (as it does for files not touched in the last moments) and the cached path is tested.
let clock = Date.UTC(2020, 0, 1) / 1000;
export async function writeJson(file: string, value: unknown) {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(value));
  clock += 60;
  await utimes(file, clock, clock);
}

const sectionsOf = (state: ArchiveState) => SECTIONS.map((id, n) => ({ id, name: state.sectionNames[n] }));

export async function writeArchive(dir: string, state: ArchiveState) {
  await writeJson(path.join(dir, 'publication.json'), {
    name: 'Synthetic Incremental Archive',
    locale: 'en-US',
    timeZone: 'Asia/Tokyo',
    timeZoneLabel: 'JST',
  });
  await writeJson(path.join(dir, 'sections.json'), sectionsOf(state));
  await writeJson(path.join(dir, 'ranking.json'), { title: 'Synthetic Ranking', articles: state.ranking });
  await writeJson(path.join(dir, 'popular.json'), state.popular);
  for (const each of state.articles.values()) await writeJson(path.join(dir, 'articles', `${each.id}.json`), each);
}

export function initialState(): ArchiveState {
  const articles = new Map<string, ArticleData>();
  for (let n = 1; n <= 12; n++) {
    const each = article(n, SECTIONS[n % 2], n === 12 ? null : n * 24 * 9, n === 12);
    articles.set(each.id, each);
  }
  return {
    articles,
    ranking: ['synthetic-1', 'synthetic-2', 'synthetic-3'],
    popular: { alpha: ['synthetic-2'], beta: ['synthetic-1'] },
    sectionNames: SECTIONS.map((id) => `Synthetic ${id}`),
  };
}

export type Step =
  | { kind: 'add'; section: number; hours: number | null; headlineOnly: boolean }
  | { kind: 'edit'; pick: number }
  | { kind: 'backdate'; pick: number; hours: number }
  | { kind: 'touch'; pick: number }
  | { kind: 'rename-section'; section: number }
  | { kind: 'remove'; pick: number }
  | { kind: 'ranking'; picks: number[] }
  | { kind: 'popular'; section: number; picks: number[] };

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('add' as const),
    section: fc.nat(1),
    // Into the next year too: its first article makes the year's first search bundle.
    hours: fc.option(fc.nat(24 * 400), { freq: 5 }),
    headlineOnly: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('edit' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('backdate' as const), pick: fc.nat(), hours: fc.nat(24 * 30) }),
  fc.record({ kind: fc.constant('touch' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('rename-section' as const), section: fc.nat(1) }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('ranking' as const), picks: fc.array(fc.nat(), { maxLength: 6 }) }),
  fc.record({ kind: fc.constant('popular' as const), section: fc.nat(1), picks: fc.array(fc.nat(), { maxLength: 6 }) }),
);

/** Applies a step to the archive folder, changing only the files the step touches. */
export async function apply(dir: string, state: ArchiveState, step: Step, next: () => number) {
  const ids = [...state.articles.keys()];
  const pick = (n: number) => ids[n % ids.length];
  const unique = (list: string[]) => [...new Set(list)];
  switch (step.kind) {
    case 'add': {
      const each = article(next(), SECTIONS[step.section], step.hours, step.headlineOnly);
      state.articles.set(each.id, each);
      return writeJson(path.join(dir, 'articles', `${each.id}.json`), each);
    }
    case 'edit': {
      const each = state.articles.get(pick(step.pick))!;
      each.headline = `${each.headline} (synthetic edit)`;
      return writeJson(path.join(dir, 'articles', `${each.id}.json`), each);
    }
    case 'backdate': {
      // Dated earlier (an undated entry gets a date): it moves back among its year's articles.
      const each = state.articles.get(pick(step.pick))!;
      const hours = each.publishedAt ? (Date.parse(each.publishedAt) - Date.UTC(2024, 0, 1)) / 3_600_000 : 24 * 30;
      each.publishedAt = dateOf(hours - 1 - step.hours);
      return writeJson(path.join(dir, 'articles', `${each.id}.json`), each);
    }
    case 'touch': {
      // Written again as it was: a new time, the same content.
      const each = state.articles.get(pick(step.pick))!;
      return writeJson(path.join(dir, 'articles', `${each.id}.json`), each);
    }
    case 'rename-section':
      state.sectionNames[step.section] = `${state.sectionNames[step.section]} (synthetic rename)`;
      return writeJson(path.join(dir, 'sections.json'), sectionsOf(state));
    case 'remove': {
      if (ids.length <= 2) return;
      const id = pick(step.pick);
      state.articles.delete(id);
      state.ranking = state.ranking.filter((other) => other !== id);
      for (const section of SECTIONS) state.popular[section] = (state.popular[section] ?? []).filter((other) => other !== id);
      await writeJson(path.join(dir, 'ranking.json'), { title: 'Synthetic Ranking', articles: state.ranking });
      await writeJson(path.join(dir, 'popular.json'), state.popular);
      return unlink(path.join(dir, 'articles', `${id}.json`));
    }
    case 'ranking':
      state.ranking = unique(step.picks.map(pick));
      return writeJson(path.join(dir, 'ranking.json'), { title: 'Synthetic Ranking', articles: state.ranking });
    case 'popular': {
      const section = SECTIONS[step.section];
      state.popular[section] = unique(step.picks.map(pick).filter((id) => state.articles.get(id)!.section === section));
      return writeJson(path.join(dir, 'popular.json'), state.popular);
    }
  }
}

export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => !file.startsWith(`${BUILD_INFO_DIR}/`))
    .sort();
}

/** A page without its live lists: the rest must not depend on when it was rendered. */
export function withoutLiveLists(html: string): string {
  const { document } = new JSDOM(html, QUIET).window;
  for (const element of document.querySelectorAll('[data-live]')) element.remove();
  const block = document.getElementById(PAGE_DATA_ELEMENT_ID)!;
  const payload = JSON.parse(block.textContent!);
  payload.queries = payload.queries.filter((query: { key: string[] }) => !isLiveQueryKey(query.key));
  block.textContent = JSON.stringify(payload);
  return document.documentElement.outerHTML;
}

/** Every link inside the site points at a page the build wrote. */
export async function brokenLinks(dir: string, files: string[]): Promise<string[]> {
  const pages = new Set(files.filter((file) => file.endsWith('.html')));
  const broken: string[] = [];
  for (const file of pages) {
    const { document } = new JSDOM(await readFile(path.join(dir, file), 'utf8'), QUIET).window;
    for (const link of document.querySelectorAll('a[href^="/"]')) {
      const href = link.getAttribute('href')!;
      const target = href === '/' ? 'index.html' : `${href.slice(1)}/index.html`;
      if (!pages.has(target)) broken.push(`${file} -> ${href}`);
    }
  }
  return broken;
}

/**
 * The files of an output (outside .build/) are those of a reference build, with the same bytes; pages
 * apart from their live lists, which by design show the ranking as of each page's last render.
 */
export async function expectSameSite(out: string, reference: string): Promise<string[]> {
  const files = await listFiles(reference);
  expect(await listFiles(out)).toEqual(files);
  for (const file of files) {
    const [a, b] = await Promise.all([readFile(path.join(out, file), 'utf8'), readFile(path.join(reference, file), 'utf8')]);
    if (file.endsWith('.html')) expect(withoutLiveLists(a), file).toBe(withoutLiveLists(b));
    else expect(a, file).toBe(b);
  }
  return files;
}
