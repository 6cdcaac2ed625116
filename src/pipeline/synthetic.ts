// A plainly synthetic archive of any size, for tests and for measuring the pipeline at scale.
// Every headline and paragraph says that it is synthetic; none imitates real news.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const SECTIONS = [
  { id: 'alpha', name: 'Alpha' },
  { id: 'beta', name: 'Beta' },
  { id: 'gamma', name: 'Gamma' },
  { id: 'delta', name: 'Delta' },
];

export function syntheticId(index: number): string {
  return `synthetic-${String(index).padStart(6, '0')}`;
}

/** An hour of a synthetic archive's time line: its article i is published at hour i, its lists are computed at the hour after the newest. */
export function syntheticHour(hour: number): Date {
  return new Date(Date.parse('2020-01-01T00:00:00+09:00') + hour * 3_600_000);
}

/**
 * Text with a vocabulary like a newspaper's, for measuring search: made-up words (syllables put
 * together), common ones far more often than rare ones, so that an index has the shape of a real one.
 * Seeded, so that every run writes the same archive; every paragraph says that it is synthetic.
 */
function variedText(seed: number) {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const syllables = ['ka', 'lo', 'mer', 'tan', 'si', 'vo', 'ren', 'da', 'pol', 'eth', 'ur', 'bin', 'sa', 'ko', 'lit', 'ma', 'nor', 'fe'];
  const vocabulary = Array.from({ length: 20_000 }, (_, n) => {
    let word = '';
    for (let rest = n, parts = 2 + (n % 3); parts > 0; parts--, rest = Math.floor(rest / syllables.length))
      word += syllables[rest % syllables.length];
    return word;
  });
  const word = () => vocabulary[Math.floor(vocabulary.length * random() ** 3)];
  const words = (count: number) => Array.from({ length: count }, word).join(' ');
  return {
    headline: () => words(4 + Math.floor(random() * 5)),
    paragraph: () => `Synthetic text: ${words(40 + Math.floor(random() * 40))}.`,
  };
}

/**
 * One more article with the varied archive's kind of text (six paragraphs), for measuring what publishing
 * an article costs: a real article's words reach far more of the search index than a line of text would.
 */
export function syntheticArticle(id: string, section: string, publishedAt: string) {
  const text = variedText(id.length);
  return {
    id,
    section,
    headline: `Synthetic article ${id}: ${text.headline()}`,
    publishedAt,
    body: Array.from({ length: 6 }, text.paragraph),
  };
}

/** Adds such an article to the archive in dir, in the first section. */
export async function writeSyntheticArticle(dir: string, id: string, publishedAt: string): Promise<void> {
  await writeFile(path.join(dir, 'articles', `${id}.json`), JSON.stringify(syntheticArticle(id, 'alpha', publishedAt)));
}

export async function writeSyntheticArchive(dir: string, articleCount: number, { varied = false } = {}): Promise<void> {
  const text = varied ? variedText(articleCount) : null;
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(dir, 'articles'), { recursive: true });
  const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';
  await writeFile(
    path.join(dir, 'publication.json'),
    json({ name: 'Synthetic Test Archive', locale: 'en-US', timeZone: 'Asia/Tokyo', timeZoneLabel: 'JST' }),
  );
  await writeFile(path.join(dir, 'sections.json'), json(SECTIONS));

  const bySection = new Map<string, string[]>(SECTIONS.map((s) => [s.id, []]));
  for (let i = 1; i <= articleCount; i++) {
    const id = syntheticId(i);
    const section = SECTIONS[i % SECTIONS.length].id;
    bySection.get(section)!.push(id);
    // One hour apart, so that a higher number is always newer.
    const publishedAt = syntheticHour(i).toISOString().replace('Z', '+00:00');
    const article = {
      id,
      section,
      headline: text ? `Synthetic article ${i}: ${text.headline()}` : `Synthetic article ${i} of ${articleCount}`,
      publishedAt,
      body: Array.from({ length: 6 }, (_, p) =>
        text ? text.paragraph() : `Synthetic paragraph ${p + 1} of article ${i}. This text is generated for testing and is not news.`,
      ),
    };
    await writeFile(path.join(dir, 'articles', `${id}.json`), json(article));
  }
  // The lists are "computed" an hour after the newest article.
  const computedAt = syntheticHour(articleCount + 1)
    .toISOString()
    .replace('Z', '+00:00');
  const sections = Object.fromEntries([...bySection].map(([section, ids]) => [section, ids.slice(-6).reverse()]));
  await writeFile(path.join(dir, 'popular.json'), json({ computedAt, sections }));
  await writeFile(
    path.join(dir, 'ranking.json'),
    json({
      title: 'Synthetic Ranking',
      computedAt,
      articles: Array.from({ length: Math.min(5, articleCount) }, (_, i) => syntheticId(i + 1)),
    }),
  );
}
