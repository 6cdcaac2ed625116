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

export async function writeSyntheticArchive(dir: string, articleCount: number): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(dir, 'articles'), { recursive: true });
  const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';
  await writeFile(
    path.join(dir, 'publication.json'),
    json({ name: 'Synthetic Test Archive', locale: 'en-US', timeZone: 'Asia/Tokyo', timeZoneLabel: 'JST' }),
  );
  await writeFile(path.join(dir, 'sections.json'), json(SECTIONS));

  const start = Date.parse('2020-01-01T00:00:00+09:00');
  const bySection = new Map<string, string[]>(SECTIONS.map((s) => [s.id, []]));
  for (let i = 1; i <= articleCount; i++) {
    const id = syntheticId(i);
    const section = SECTIONS[i % SECTIONS.length].id;
    bySection.get(section)!.push(id);
    // One hour apart, so that a higher number is always newer.
    const publishedAt = new Date(start + i * 3_600_000).toISOString().replace('Z', '+00:00');
    const article = {
      id,
      section,
      headline: `Synthetic article ${i} of ${articleCount}`,
      publishedAt,
      body: Array.from(
        { length: 6 },
        (_, p) => `Synthetic paragraph ${p + 1} of article ${i}. This text is generated for testing and is not news.`,
      ),
    };
    await writeFile(path.join(dir, 'articles', `${id}.json`), json(article));
  }
  // The lists are "computed" an hour after the newest article.
  const computedAt = new Date(start + (articleCount + 1) * 3_600_000).toISOString().replace('Z', '+00:00');
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
