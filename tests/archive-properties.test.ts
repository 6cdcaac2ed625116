// @vitest-environment node
// Property tests of the pipeline: every archive the generator makes valid passes and comes out of the
// API unchanged; every single mutation that breaks the contract is rejected, naming file and field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Archive } from '../src/pipeline/archive';
import { ArchiveError, buildApi, parseArchive, type ArchiveSource } from '../src/pipeline/archive';

const RUNS = 150;

const idArb = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?$/);
// What XML 1.0, and so a feed, cannot carry: C0 controls but tab, line feed and carriage return; U+FFFE,
// U+FFFF; and a surrogate without its pair.
// eslint-disable-next-line no-control-regex -- the control characters are what it looks for
const FEEDS_CANNOT_CARRY = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/gu;
// Any Unicode text that feeds can carry (emoji, CJK, bidi controls, other controls), as long as it is not
// only whitespace.
const textArb = (max: number) =>
  fc
    .oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: max }), fc.string({ unit: 'binary', minLength: 1, maxLength: max }))
    .map((s) => s.replace(FEEDS_CANNOT_CARRY, '\uFFFD'))
    .filter((s) => s.trim().length > 0);
// Any instant from 1900 to 2100, written with a whole-hour or half-hour offset, or as UTC.
const timestampArb = fc
  .tuple(fc.integer({ min: -2_208_988_800_000, max: 4_102_444_800_000 }), fc.integer({ min: -24, max: 28 }))
  .map(([ms, halfHours]) => {
    if (halfHours === 0) return new Date(ms).toISOString();
    const offsetMinutes = halfHours * 30;
    const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
    const sign = offsetMinutes < 0 ? '-' : '+';
    const abs = Math.abs(offsetMinutes);
    return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  });

const archiveArb: fc.Arbitrary<Archive> = fc
  .record({
    sectionIds: fc.uniqueArray(idArb, { minLength: 1, maxLength: 4 }),
    articleIds: fc.uniqueArray(idArb, { minLength: 1, maxLength: 12 }),
  })
  .chain(({ sectionIds, articleIds }) =>
    fc.record({
      publication: fc.record({
        name: textArb(40),
        locale: fc.constantFrom('en-US', 'ja-JP', 'en-GB'),
        timeZone: fc.constantFrom('Asia/Tokyo', 'UTC', 'America/Los_Angeles', 'Asia/Kolkata'),
        timeZoneLabel: fc.constantFrom('JST', 'UTC', 'PT', 'IST'),
      }),
      sections: fc.tuple(...sectionIds.map((id) => textArb(30).map((name) => ({ id, name })))),
      articles: fc.tuple(
        ...articleIds.map((id) =>
          fc.record(
            {
              id: fc.constant(id),
              section: fc.constantFrom(...sectionIds),
              headline: textArb(120),
              publishedAt: timestampArb,
              byline: textArb(30),
              body: fc.array(textArb(200), { maxLength: 4 }),
            },
            { requiredKeys: ['id', 'section', 'headline', 'body'] },
          ),
        ),
      ),
      rankingTitle: textArb(30),
      rankingPicks: fc.subarray(articleIds),
      popularPicks: fc.subarray(articleIds),
    }),
  )
  .map(({ publication, sections, articles, rankingTitle, rankingPicks, popularPicks }) => {
    const popular: Record<string, string[]> = {};
    for (const id of popularPicks) {
      const section = articles.find((a) => a.id === id)!.section;
      (popular[section] ??= []).push(id);
    }
    return { publication, sections, articles, popular, ranking: { title: rankingTitle, articles: rankingPicks } };
  });

function toSource(archive: Archive): ArchiveSource {
  const source: ArchiveSource = new Map([
    ['publication.json', JSON.stringify(archive.publication)],
    ['sections.json', JSON.stringify(archive.sections)],
    ['popular.json', JSON.stringify(archive.popular)],
    ['ranking.json', JSON.stringify(archive.ranking)],
  ]);
  for (const article of archive.articles) source.set(`articles/${article.id}.json`, JSON.stringify(article));
  return source;
}

function problemsOf(source: ArchiveSource) {
  try {
    parseArchive(source, 'data');
  } catch (error) {
    if (error instanceof ArchiveError) return error.problems;
    throw error;
  }
  return null;
}

it('accepts every valid archive, and its articles come out of the API unchanged', () => {
  fc.assert(
    fc.property(archiveArb, (archive) => {
      const parsed = parseArchive(toSource(archive));
      const api = buildApi(parsed);
      for (const article of archive.articles) {
        expect(api.get(`articles/${article.id}.json`)).toEqual(article);
        // What the client receives is the same text after a trip through JSON.
        expect(JSON.parse(JSON.stringify(api.get(`articles/${article.id}.json`)))).toEqual(article);
      }
      // Every article is listed exactly once among its section's pages by month.
      for (const article of archive.articles) {
        const listings = [...api].filter(
          ([file, value]) =>
            file.startsWith(`sections/${article.section}/`) &&
            !file.endsWith('/latest.json') &&
            (value as { articles: { id: string }[] }).articles.some((listed) => listed.id === article.id),
        );
        expect(listings).toHaveLength(1);
      }
    }),
    { numRuns: RUNS },
  );
});

const UNSAFE_IDS = ['../x', 'a/b', '%2e%2e', 'a\u0000b', 'a'.repeat(500), 'UPPER', '-lead', 'trail-', ' ', ''];

type Edit = (archive: Archive, source: ArchiveSource, pick: number) => { file: string; field: string } | null;
const setJson = (source: ArchiveSource, file: string, value: unknown) => source.set(file, JSON.stringify(value));
const articleAt = (archive: Archive, pick: number) => archive.articles[pick % archive.articles.length];
const fileOf = (id: string) => `articles/${id}.json`;

/** Each breaks the contract in one way, and says which file and field the report must name. */
const MUTATIONS: Record<string, Edit> = {
  'missing required article field': (archive, source, pick) => {
    const article = { ...articleAt(archive, pick) } as Record<string, unknown>;
    const field = ['section', 'headline', 'body'][pick % 3];
    delete article[field];
    setJson(source, fileOf(article.id as string), article);
    return { file: fileOf(article.id as string), field };
  },
  'missing publication field': (archive, source, pick) => {
    const field = ['name', 'locale', 'timeZone', 'timeZoneLabel'][pick % 4];
    const publication = { ...archive.publication } as Record<string, unknown>;
    delete publication[field];
    setJson(source, 'publication.json', publication);
    return { file: 'publication.json', field };
  },
  'wrong type': (archive, source, pick) => {
    const article = articleAt(archive, pick);
    const [field, value] = (
      [
        ['headline', 42],
        ['body', 'a paragraph'],
        ['body', [1, 2]],
        ['publishedAt', 20230109],
        ['section', null],
      ] as const
    )[pick % 5];
    setJson(source, fileOf(article.id), { ...article, [field]: value });
    return { file: fileOf(article.id), field: field === 'body' && Array.isArray(value) ? 'body[0]' : field };
  },
  'empty or whitespace headline': (archive, source, pick) => {
    const article = articleAt(archive, pick);
    setJson(source, fileOf(article.id), { ...article, headline: ['', ' ', '\t\n', '\u00a0\u3000'][pick % 4] });
    return { file: fileOf(article.id), field: 'headline' };
  },
  'a date that is not a date': (archive, source, pick) => {
    const article = articleAt(archive, pick);
    const bad = ['yesterday', '2023-13-45T00:00:00Z', '2023-01-09', '2023-01-09T02:00:00', '9 January 2023'][pick % 5];
    setJson(source, fileOf(article.id), { ...article, publishedAt: bad });
    return { file: fileOf(article.id), field: 'publishedAt' };
  },
  'unknown section': (archive, source, pick) => {
    const article = articleAt(archive, pick);
    const missing = 'no-such-section-' + 'x'.repeat(3);
    setJson(source, fileOf(article.id), { ...article, section: missing });
    return { file: fileOf(article.id), field: 'section' };
  },
  'dangling reference in the ranking': (archive, source) => {
    const articles = [...archive.ranking.articles, 'no-such-article-zz'];
    setJson(source, 'ranking.json', { ...archive.ranking, articles });
    return { file: 'ranking.json', field: `articles[${articles.length - 1}]` };
  },
  'dangling reference in a popular list': (archive, source, pick) => {
    const section = archive.sections[pick % archive.sections.length].id;
    const ids = [...(archive.popular[section] ?? []), 'no-such-article-zz'];
    setJson(source, 'popular.json', { ...archive.popular, [section]: ids });
    return { file: 'popular.json', field: `${section}[${ids.length - 1}]` };
  },
  'duplicate article id': (archive, source, pick) => {
    const article = articleAt(archive, pick);
    const copy = fileOf(`zz-copy-of-${article.id}`.slice(0, 90).replace(/-$/, ''));
    source.set(copy, JSON.stringify(article));
    return { file: copy, field: 'id' };
  },
  'duplicate section id': (archive, source, pick) => {
    const sections = [...archive.sections, { ...archive.sections[pick % archive.sections.length] }];
    setJson(source, 'sections.json', sections);
    return { file: 'sections.json', field: `[${sections.length - 1}].id` };
  },
  'unsafe article id': (archive, source, pick) => {
    const article = articleAt(archive, pick);
    setJson(source, fileOf(article.id), { ...article, id: UNSAFE_IDS[pick % UNSAFE_IDS.length] });
    return { file: fileOf(article.id), field: 'id' };
  },
  'unsafe id in the ranking': (archive, source, pick) => {
    setJson(source, 'ranking.json', { ...archive.ranking, articles: [UNSAFE_IDS[pick % UNSAFE_IDS.length]] });
    return { file: 'ranking.json', field: 'articles[0]' };
  },
  'unsafe section id': (archive, source, pick) => {
    const sections = archive.sections.map((s, i) => (i === 0 ? { ...s, id: UNSAFE_IDS[pick % UNSAFE_IDS.length] } : s));
    setJson(source, 'sections.json', sections);
    return { file: 'sections.json', field: '[0].id' };
  },
  'a character that feeds cannot carry': (archive, source, pick) => {
    const character = ['\u0000', '\u000B', '\u000C', '\u001B', '\u001F', '\uFFFE', '\uFFFF', '\uD800', '\uDFFF'][pick % 9];
    const into = (text: string) => text.slice(0, pick % (text.length + 1)) + character + text.slice(pick % (text.length + 1));
    const article = articleAt(archive, pick);
    switch (pick % 4) {
      case 0:
        setJson(source, fileOf(article.id), { ...article, headline: into(article.headline) });
        return { file: fileOf(article.id), field: 'headline' };
      case 1:
        setJson(source, fileOf(article.id), { ...article, body: [...article.body, into('Synthetic paragraph')] });
        return { file: fileOf(article.id), field: `body[${article.body.length}]` };
      case 2:
        setJson(
          source,
          'sections.json',
          archive.sections.map((s, i) => (i === 0 ? { ...s, name: into(s.name) } : s)),
        );
        return { file: 'sections.json', field: '[0].name' };
      default:
        setJson(source, 'ranking.json', { ...archive.ranking, title: into(archive.ranking.title) });
        return { file: 'ranking.json', field: 'title' };
    }
  },
  'a file that is not JSON': (_archive, source, pick) => {
    const files = [...source.keys()];
    const file = files[pick % files.length];
    const text = source.get(file)!;
    source.set(file, ['', text.slice(0, Math.max(1, text.length - 1)), `${text},`, "{'single': 'quotes'}", '<html></html>'][pick % 5]);
    return { file, field: '' };
  },
  'a missing file': (_archive, source, pick) => {
    const file = ['publication.json', 'sections.json', 'popular.json', 'ranking.json'][pick % 4];
    source.delete(file);
    return { file, field: '' };
  },
};

describe('every single mutation that breaks the contract is rejected, naming the file and the field', () => {
  it.each(Object.keys(MUTATIONS))('%s', (name) => {
    fc.assert(
      fc.property(archiveArb, fc.nat(), (archive, pick) => {
        const source = toSource(archive);
        const expected = MUTATIONS[name](archive, source, pick)!;
        const problems = problemsOf(source);
        expect(problems, `${name} was accepted`).not.toBeNull();
        const named = problems!.filter((p) => p.file === `data/${expected.file}` && p.field === expected.field);
        expect(named, JSON.stringify({ expected, problems }).slice(0, 2000)).not.toEqual([]);
        for (const problem of named) expect(problem.message.length).toBeGreaterThan(5);
      }),
      { numRuns: RUNS / 3 },
    );
  });
});
