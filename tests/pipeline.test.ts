// @vitest-environment node
// The data pipeline on the bundled archive, on broken copies of it, and through its CLI.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { cp, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timestamp } from '../src/api/schemas';
import { ArchiveError, buildApiFromDir, readArchive, writeApi } from '../src/pipeline/archive';
import { writeSyntheticArchive } from '../src/pipeline/synthetic';
import { SEED_ID, seed } from './fixtures/seed';

const run = promisify(execFile);
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'news-pipeline-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

let copies = 0;
/** A fresh copy of the bundled archive, to break in one way. */
async function copyOfSample(): Promise<string> {
  const dir = path.join(tmp, `archive-${++copies}`);
  await cp('data', dir, { recursive: true });
  return dir;
}

async function editJson(file: string, edit: (value: any) => unknown) {
  const value = JSON.parse(await readFile(file, 'utf8'));
  await writeFile(file, JSON.stringify(edit(value) ?? value));
}

async function problemsOf(dir: string) {
  try {
    await readArchive(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ArchiveError);
    return (error as ArchiveError).problems.map((p) => ({
      ...p,
      file: path.relative(dir, p.file.startsWith('/') ? p.file : path.resolve(p.file)),
    }));
  }
  throw new Error('expected the archive to be rejected');
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('the bundled archive', () => {
  it('passes, and becomes one small API file per view', async () => {
    const files = await buildApiFromDir('data');
    const names = [...files.keys()].sort();
    expect(names.filter((n) => !n.startsWith('articles/'))).toEqual([
      'front.json',
      'popular/business.json',
      'popular/culture.json',
      'popular/politics.json',
      'popular/science.json',
      'popular/society.json',
      'ranking.json',
      'sections/business/latest.json',
      'sections/business/undated.json',
      'sections/culture/latest.json',
      'sections/culture/undated.json',
      'sections/politics/2023-01.json',
      'sections/politics/latest.json',
      'sections/politics/undated.json',
      'sections/science/latest.json',
      'sections/science/undated.json',
      'sections/society/latest.json',
      'sections/society/undated.json',
      'site.json',
    ]);
    expect(names.filter((n) => n.startsWith('articles/'))).toHaveLength(11);
  });

  it('puts in front.json only what the front page shows of the lead: no body, its first paragraph as the standfirst', async () => {
    const files = await buildApiFromDir('data');
    const { lead } = files.get('front.json') as { lead: Record<string, unknown> };
    expect(lead).toEqual({
      id: SEED_ID,
      section: 'politics',
      headline: seed.headline,
      publishedAt: '2023-01-09T02:00:00+09:00',
      standfirst: seed.paragraphs[0],
    });
  });

  it('takes the lead’s summary, where it has one, as the standfirst', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'news-front-'));
    try {
      await cp('data', dir, { recursive: true });
      const file = path.join(dir, 'articles', `${SEED_ID}.json`);
      await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), summary: 'A synthetic summary for this test.' }));
      const { lead } = (await buildApiFromDir(dir)).get('front.json') as { lead: { standfirst: string; body?: unknown } };
      expect(lead.standfirst).toBe('A synthetic summary for this test.');
      expect(lead.body).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps the seed article’s text exactly, curly quotes included', async () => {
    const files = await buildApiFromDir('data');
    const article = files.get(`articles/${SEED_ID}.json`) as { headline: string; body: string[]; publishedAt: string };
    expect(article.headline).toBe(seed.headline);
    expect(article.body).toEqual(seed.paragraphs);
    expect(article.body.join(' ')).toContain('“free and open Indo-Pacific”');
    expect(article.publishedAt).toBe('2023-01-09T02:00:00+09:00');
  });

  it('keeps the popular list and the ranking in the seed’s order', async () => {
    const files = await buildApiFromDir('data');
    const headlines = (file: string) => (files.get(file) as { articles: { headline: string }[] }).articles.map((a) => a.headline);
    expect(headlines('popular/politics.json')).toEqual(seed.popular);
    expect(headlines('ranking.json')).toEqual(seed.ranking);
    expect(headlines('popular/business.json')).toEqual([]);
  });
});

describe("an article's date: RFC 3339, with seconds and the offset, on a day the calendar has", () => {
  it.each([
    '2023-01-09T02:00:00+09:00',
    '2023-01-08T17:00:00Z',
    '2024-02-29T23:59:59.123-05:00',
    '2000-02-29T00:00:00+00:00',
    '2023-12-31T12:30:00-11:30',
  ])('accepts %s', (date) => {
    expect(v.safeParse(timestamp, date).success).toBe(true);
  });
  it.each([
    ['2023-02-29T00:00:00Z', 'February 29 of a common year'],
    ['1900-02-29T00:00:00Z', 'February 29 of a century that is not a leap year'],
    ['2023-04-31T00:00:00Z', 'April 31'],
    ['2023-13-01T00:00:00Z', 'month 13'],
    ['2023-01-09T24:00:00Z', 'hour 24'],
    ['2023-01-09T02:00+09:00', 'no seconds'],
    ['2023-01-09 02:00:00Z', 'a space for the T'],
    ['2023-01-09T02:00:00+0900', 'an offset without its colon'],
    ['2023-01-09T02:00:00', 'no offset'],
  ])('rejects %s (%s)', (date) => {
    const result = v.safeParse(timestamp, date);
    expect(result.success).toBe(false);
    expect(result.issues?.[0].message).toMatch(/^must be an ISO 8601 date and time with its offset/);
  });
});

describe('a bad archive is rejected, naming the file, the field and the problem', () => {
  const article = (dir: string, id = SEED_ID) => path.join(dir, 'articles', `${id}.json`);

  it.each([
    [
      'a missing required field',
      (dir: string) =>
        editJson(article(dir), (a) => {
          delete a.headline;
        }),
      { file: `articles/${SEED_ID}.json`, field: 'headline', message: 'is required' },
    ],
    [
      'a field of the wrong type',
      (dir: string) =>
        editJson(article(dir), (a) => {
          a.body = 'one long paragraph';
        }),
      { file: `articles/${SEED_ID}.json`, field: 'body', message: expect.stringContaining('expected array') },
    ],
    [
      'a whitespace-only headline',
      (dir: string) =>
        editJson(article(dir), (a) => {
          a.headline = '   ';
        }),
      { file: `articles/${SEED_ID}.json`, field: 'headline', message: 'headline must not be empty' },
    ],
    [
      'a date that is not a date',
      (dir: string) =>
        editJson(article(dir), (a) => {
          a.publishedAt = 'January 9th';
        }),
      { file: `articles/${SEED_ID}.json`, field: 'publishedAt', message: expect.stringContaining('ISO 8601') },
    ],
    [
      'a date without its offset',
      (dir: string) =>
        editJson(article(dir), (a) => {
          a.publishedAt = '2023-01-09T02:00:00';
        }),
      { file: `articles/${SEED_ID}.json`, field: 'publishedAt', message: expect.stringContaining('with its offset') },
    ],
    [
      'an unknown section',
      (dir: string) =>
        editJson(article(dir), (a) => {
          a.section = 'sport';
        }),
      { file: `articles/${SEED_ID}.json`, field: 'section', message: expect.stringContaining('unknown section "sport"') },
    ],
    [
      'a popular list naming a missing article',
      (dir: string) =>
        editJson(path.join(dir, 'popular.json'), (p) => {
          p.politics[2] = 'gone';
        }),
      { file: 'popular.json', field: 'politics[2]', message: 'no article has the id "gone"' },
    ],
    [
      'a popular list naming an article of another section',
      (dir: string) =>
        editJson(path.join(dir, 'popular.json'), (p) => {
          p.politics.push('core-inflation-in-tokyo-accelerates-in-november');
        }),
      { file: 'popular.json', field: 'politics[5]', message: expect.stringContaining('is in section "business"') },
    ],
    [
      'a popular list for an unknown section',
      (dir: string) =>
        editJson(path.join(dir, 'popular.json'), (p) => {
          p.sport = [];
        }),
      { file: 'popular.json', field: 'sport', message: 'unknown section "sport"' },
    ],
    [
      'a ranking naming a missing article',
      (dir: string) =>
        editJson(path.join(dir, 'ranking.json'), (r) => {
          r.articles[0] = 'gone';
        }),
      { file: 'ranking.json', field: 'articles[0]', message: 'no article has the id "gone"' },
    ],
    [
      'a ranking listing an article twice',
      (dir: string) =>
        editJson(path.join(dir, 'ranking.json'), (r) => {
          r.articles[1] = r.articles[0];
        }),
      { file: 'ranking.json', field: 'articles[1]', message: expect.stringContaining('is listed twice') },
    ],
    [
      'a duplicate section id',
      (dir: string) =>
        editJson(path.join(dir, 'sections.json'), (s) => {
          s.push({ id: 'politics', name: 'Politics again' });
        }),
      { file: 'sections.json', field: '[5].id', message: 'duplicate section id "politics"' },
    ],
    [
      'an id that does not match its file name',
      (dir: string) =>
        editJson(article(dir), (a) => {
          a.id = 'another-id';
        }),
      { file: `articles/${SEED_ID}.json`, field: 'id', message: expect.stringContaining('must match') },
    ],
    [
      'an id that is not a safe path segment',
      (dir: string) =>
        editJson(article(dir), (a) => {
          a.id = '../x';
        }),
      { file: `articles/${SEED_ID}.json`, field: 'id', message: expect.stringContaining('lowercase letters, digits') },
    ],
    [
      'a file that is not JSON',
      (dir: string) => writeFile(article(dir), '{"id": "japan-u-s-to-release'),
      { file: `articles/${SEED_ID}.json`, field: '', message: expect.stringContaining('is not valid JSON') },
    ],
    [
      'a missing file',
      (dir: string) => rm(path.join(dir, 'ranking.json')),
      { file: 'ranking.json', field: '', message: 'file is missing' },
    ],
    [
      'an unknown field (a likely typo)',
      (dir: string) =>
        editJson(article(dir), (a) => {
          a.headlne = a.headline;
        }),
      { file: `articles/${SEED_ID}.json`, field: '', message: 'unknown field "headlne"' },
    ],
  ])('%s', async (_name, breakIt, expected) => {
    const dir = await copyOfSample();
    await breakIt(dir);
    expect(await problemsOf(dir)).toContainEqual(expected);
  });

  it('says the limit when a headline is too long', async () => {
    const dir = await copyOfSample();
    await editJson(article(dir), (a) => {
      a.headline = 'x'.repeat(301);
    });
    expect(await problemsOf(dir)).toContainEqual({
      file: `articles/${SEED_ID}.json`,
      field: 'headline',
      message: 'headline must be at most 300 characters',
    });
  });

  it('lists every problem at once, not only the first', async () => {
    const dir = await copyOfSample();
    await editJson(article(dir), (a) => {
      a.headline = '';
      a.section = 'sport';
    });
    await editJson(path.join(dir, 'ranking.json'), (r) => {
      r.articles[0] = 'gone';
    });
    expect((await problemsOf(dir)).length).toBeGreaterThanOrEqual(2);
  });
});

describe('a date whose year, in the publication’s time zone, is one the addresses cannot show', () => {
  const article = (dir: string) => path.join(dir, 'articles', `${SEED_ID}.json`);
  const outside = (iso: string, year: number) =>
    `"${iso}" is in the year ${year} in Asia/Tokyo, the publication’s time zone; the site’s addresses can show only the years 1000–9999`;

  it.each([
    ['0999-06-01T00:00:00+09:00', 999],
    // Still 9999 where it was written, and in UTC; already 10000 in Tokyo.
    ['9999-12-31T23:00:00-05:00', 10000],
  ])('rejects an article published at %s (the year %i in Tokyo)', async (iso, year) => {
    const dir = await copyOfSample();
    await editJson(article(dir), (a) => {
      a.publishedAt = iso;
    });
    expect(await problemsOf(dir)).toEqual([{ file: `articles/${SEED_ID}.json`, field: 'publishedAt', message: outside(iso, year) }]);
  });

  it('rejects such a date as when the ranking or the popular lists were computed', async () => {
    const dir = await copyOfSample();
    await editJson(path.join(dir, 'ranking.json'), (r) => {
      r.computedAt = '0000-01-01T00:00:00Z';
    });
    await editJson(path.join(dir, 'popular.json'), (p) => ({ computedAt: '9999-12-31T15:00:00Z', sections: p }));
    expect(await problemsOf(dir)).toEqual([
      { file: 'popular.json', field: 'computedAt', message: outside('9999-12-31T15:00:00Z', 10000) },
      { file: 'ranking.json', field: 'computedAt', message: outside('0000-01-01T00:00:00Z', 0) },
    ]);
  });

  it('accepts the years 1000–9999 in Tokyo, wherever the date was written', async () => {
    const dir = await copyOfSample();
    await editJson(article(dir), (a) => {
      // Still 999 where it was written; already January 1000 in Tokyo.
      a.publishedAt = '0999-12-31T20:00:00-05:00';
    });
    await editJson(path.join(dir, 'ranking.json'), (r) => {
      r.computedAt = '9999-12-31T14:59:59Z';
    });
    const files = await buildApiFromDir(dir);
    expect([...files.keys()].filter((file) => file.startsWith('sections/politics/'))).toContain('sections/politics/1000-01.json');
  });
});

describe('a character that feeds and XML cannot carry, anywhere in any file', () => {
  const article = (dir: string) => path.join(dir, 'articles', `${SEED_ID}.json`);
  const CONTROL = 'a control character that feeds and XML cannot carry';

  it.each([
    [
      'a vertical tab (Word’s line break) in a headline',
      (dir: string) =>
        editJson(article(dir), (a) => {
          a.headline = 'Synthetic\u000bheadline';
        }),
      { file: `articles/${SEED_ID}.json`, field: 'headline', message: `contains U+000B (character 10), ${CONTROL}` },
    ],
    [
      'a lone surrogate in a paragraph',
      (dir: string) =>
        editJson(article(dir), (a) => {
          a.body[3] = 'Synthetic \ud800 paragraph';
        }),
      {
        file: `articles/${SEED_ID}.json`,
        field: 'body[3]',
        message: 'contains U+D800 (character 11), half of a character without its other half (a lone surrogate), which is not Unicode text',
      },
    ],
    [
      'a NUL in a byline',
      (dir: string) =>
        editJson(article(dir), (a) => {
          a.byline = 'Synthetic\u0000';
        }),
      { file: `articles/${SEED_ID}.json`, field: 'byline', message: `contains U+0000 (character 10), ${CONTROL}` },
    ],
    [
      'an escape in a section’s name',
      (dir: string) =>
        editJson(path.join(dir, 'sections.json'), (s) => {
          s[1].name = '\u001b[31mSynthetic';
        }),
      { file: 'sections.json', field: '[1].name', message: `contains U+001B (character 1), ${CONTROL}` },
    ],
    [
      'U+FFFE in the publication’s name',
      (dir: string) =>
        editJson(path.join(dir, 'publication.json'), (p) => {
          p.name = 'Synthetic \ufffe';
        }),
      {
        file: 'publication.json',
        field: 'name',
        message: 'contains U+FFFE (character 11), a noncharacter that feeds and XML cannot carry',
      },
    ],
    [
      'a form feed in the ranking’s title',
      (dir: string) =>
        editJson(path.join(dir, 'ranking.json'), (r) => {
          r.title = '\fSynthetic';
        }),
      { file: 'ranking.json', field: 'title', message: `contains U+000C (character 1), ${CONTROL}` },
    ],
    [
      'a control character in a field’s name',
      (dir: string) => editJson(path.join(dir, 'popular.json'), (p) => ({ ...p, 'politics\u000b': [] })),
      { file: 'popular.json', field: 'politics\\u000B', message: `its name contains U+000B (character 9), ${CONTROL}` },
    ],
  ])('%s is refused, naming the file, the field and the character', async (_name, breakIt, expected) => {
    const dir = await copyOfSample();
    await breakIt(dir);
    expect(await problemsOf(dir)).toEqual([expected]);
  });

  it('says each kind of character once per text, at its first place', async () => {
    const dir = await copyOfSample();
    await editJson(article(dir), (a) => {
      a.summary = 'A\u000bB\u000bC\u0007';
    });
    expect(await problemsOf(dir)).toEqual([
      { file: `articles/${SEED_ID}.json`, field: 'summary', message: `contains U+000B (character 2), ${CONTROL}` },
      { file: `articles/${SEED_ID}.json`, field: 'summary', message: `contains U+0007 (character 6), ${CONTROL}` },
    ]);
  });

  it('accepts tabs, line breaks, emoji, line separators and every other character XML has', async () => {
    const dir = await copyOfSample();
    const text = 'Synthetic\ttext\r\nwith 😀, \u2028, \u007f, \u0085, \ufffd and \u{10fffd}';
    await editJson(article(dir), (a) => {
      a.body[0] = text;
    });
    expect((await buildApiFromDir(dir)).get(`articles/${SEED_ID}.json`)).toMatchObject({ body: expect.arrayContaining([text]) });
  });
});

describe('an image’s address: a path on this site, and nothing a browser could read as another site', () => {
  const withImage = async (src: string) => {
    const dir = await copyOfSample();
    await editJson(path.join(dir, 'articles', `${SEED_ID}.json`), (a) => {
      a.image = { src, alt: 'A synthetic picture' };
    });
    return dir;
  };
  const NOT_A_PATH = 'must be a path on this site, like /images/photo.jpg, not a full URL';

  it.each([
    // Browsers read "\" as "/": this is //evil.example/x.png, another site.
    ['/\\evil.example/x.png', 'must not contain a backslash ("\\"), which browsers read as "/"'],
    ['\\\\evil.example\\x.png', 'must not contain a backslash ("\\"), which browsers read as "/"'],
    // Browsers drop tabs and line breaks from an address: this is javascript:alert(1).
    ['java\tscript:alert(1)', 'must not contain U+0009, a control character'],
    ['/images/x.png\n', 'must not contain U+000A, a control character'],
    ['\u007f/images/x.png', 'must not contain U+007F, a control character'],
    ['/images/\u0085x.png', 'must not contain U+0085, a control character'],
    [' /images/x.png', 'must not contain spaces or other blank characters; write a space as %20'],
    ['/images/a b.png', 'must not contain spaces or other blank characters; write a space as %20'],
    ['/images/x.png\u00a0', 'must not contain spaces or other blank characters; write a space as %20'],
    ['//evil.example/x.png', NOT_A_PATH],
    ['https://evil.example/x.png', NOT_A_PATH],
    ['JavaScript:alert(1)', NOT_A_PATH],
    ['data:image/png;base64,AAAA', NOT_A_PATH],
    ['', NOT_A_PATH],
  ])('refuses %j', async (src, message) => {
    expect(await problemsOf(await withImage(src))).toEqual([{ file: `articles/${SEED_ID}.json`, field: 'image.src', message }]);
  });

  it('refuses a leading control character, which browsers would drop to find javascript:', async () => {
    expect(await problemsOf(await withImage('\u0001javascript:alert(1)'))).toEqual([
      {
        file: `articles/${SEED_ID}.json`,
        field: 'image.src',
        message: 'contains U+0001 (character 1), a control character that feeds and XML cannot carry',
      },
    ]);
  });

  it.each(['/images/x.jpg', 'images/x.jpg', '/images/a%20b.jpg?w=800#top', '/images/日本.jpg', '/%5Cevil.example/x.png'])(
    'accepts %j',
    async (src) => {
      const files = await buildApiFromDir(await withImage(src));
      expect(files.get(`articles/${SEED_ID}.json`)).toMatchObject({ image: { src } });
    },
  );
});

describe('section listings', () => {
  type Listing = {
    period: string;
    articles: { headline: string; publishedAt: string }[];
    periods?: string[];
    newer?: string;
    older?: string;
  };

  it('list the newest 20, then every article once by month in the publication’s time zone, newest first', async () => {
    const dir = path.join(tmp, 'synthetic');
    await writeSyntheticArchive(dir, 3000); // one article an hour from 2020-01-01 (JST), 750 in each of 4 sections
    const files = await buildApiFromDir(dir);
    const latest = files.get('sections/alpha/latest.json') as Listing;
    expect(latest.articles).toHaveLength(20);
    expect(latest.periods).toEqual(['2020-05', '2020-04', '2020-03', '2020-02', '2020-01']);
    const months = latest.periods!.map((period) => files.get(`sections/alpha/${period}.json`) as Listing);
    expect(months.map((m) => [m.newer, m.older])).toEqual([
      [undefined, '2020-04'],
      ['2020-05', '2020-03'],
      ['2020-04', '2020-02'],
      ['2020-03', '2020-01'],
      ['2020-02', undefined],
    ]);
    const numbers = months.flatMap((m) => m.articles.map((a) => Number(a.headline.match(/article (\d+)/)![1])));
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(new Set(numbers).size).toBe(750);
    // Article 1 is at 01:00 on January 1 in Tokyo, still December 31 in UTC: it is January's.
    expect(months.at(-1)!.articles.at(-1)!.headline).toBe('Synthetic article 4 of 3000');
    expect(latest.articles.map((a) => a.headline)).toEqual(months[0].articles.slice(0, 20).map((a) => a.headline));
    // What a page fetches does not grow with the archive: 3,000 articles, and each list is a few KB.
    for (const file of ['front.json', 'ranking.json', 'popular/alpha.json', 'sections/alpha/latest.json', 'site.json']) {
      expect(JSON.stringify(files.get(file)).length, file).toBeLessThan(8_000);
    }
  }, 30_000);
});

describe('npm run data (the CLI)', () => {
  const cli = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'scripts/data.ts', ...args]);
  /** Runs it from another folder (an empty one, to see that it writes nothing), and answers failure too. */
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const cliIn = (cwd: string, args: string[]) =>
    run(process.execPath, ['--import', tsx, path.resolve('scripts/data.ts'), ...args], { cwd }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
  const emptyFolder = () => mkdtemp(path.join(tmp, 'cwd-'));

  it('only checks by default, and with --check, writing nothing', async () => {
    const cwd = await emptyFolder();
    const data = path.resolve('data');
    for (const args of [[], ['--check']]) {
      const result = await cliIn(cwd, ['--data', data, ...args]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout.trim()).toBe(`Archive OK: ${data}/ makes 30 API files. Nothing was written (--out <dir> writes them).`);
    }
    expect(await readdir(cwd)).toEqual([]);
  }, 30_000);

  it('refuses, naming each file and field, an archive with a year, a character or an image address it cannot publish, and writes nothing', async () => {
    const bad = await copyOfSample();
    const [dated, headline, image] = [
      SEED_ID,
      'core-inflation-in-tokyo-accelerates-in-november',
      'govt-compiles-proposal-on-laws-for-active-cyber-defense-analysis-of',
    ];
    await editJson(path.join(bad, 'articles', `${dated}.json`), (a) => {
      a.publishedAt = '9999-12-31T23:00:00-05:00';
    });
    await editJson(path.join(bad, 'articles', `${headline}.json`), (a) => {
      a.headline = 'Synthetic\u000bheadline';
    });
    await editJson(path.join(bad, 'articles', `${image}.json`), (a) => {
      a.image = { src: '/\\evil.example/x.png', alt: 'A synthetic picture' };
    });
    const cwd = await emptyFolder();
    const out = path.join(cwd, 'api');
    for (const args of [[], ['--out', out]]) {
      const failure = await cliIn(cwd, ['--data', bad, ...args]);
      expect(failure.code).toBe(1);
      expect(failure.stdout).toBe('');
      // Each on its own line, among those of the articles that list them (which no longer pass).
      const lines = failure.stderr.split('\n');
      expect(lines[0]).toMatch(/^The archive has \d+ problems:$/);
      expect(lines).toContain(
        `  ${bad}/articles/${dated}.json: publishedAt: "9999-12-31T23:00:00-05:00" is in the year 10000 in Asia/Tokyo, the publication’s time zone; the site’s addresses can show only the years 1000–9999`,
      );
      expect(lines).toContain(
        `  ${bad}/articles/${headline}.json: headline: contains U+000B (character 10), a control character that feeds and XML cannot carry`,
      );
      expect(lines).toContain(
        `  ${bad}/articles/${image}.json: image.src: must not contain a backslash ("\\"), which browsers read as "/"`,
      );
    }
    expect(await readdir(cwd)).toEqual([]);
  }, 30_000);

  it('refuses to write into a built site, which only npm run build writes', async () => {
    const site = path.join(tmp, 'built-site');
    await mkdir(path.join(site, '.build'), { recursive: true });
    await writeFile(path.join(site, '.build', 'manifest.json'), '{}');
    for (const out of [site, path.join(site, 'api'), path.join(site, 'api', 'deeper')]) {
      const failure = await cliIn(await emptyFolder(), ['--data', path.resolve('data'), '--out', out]);
      expect(failure.code).toBe(1);
      expect(failure.stderr.trim()).toBe(
        `npm run data: --out ${out} is inside the site that npm run build made in ${site} (it has .build/manifest.json); ` +
          'only npm run build writes there: give another folder. See npm run data -- --help.',
      );
    }
    // Nor through a link to it.
    const link = path.join(tmp, 'link-to-built-site');
    await symlink(site, link);
    const failure = await cliIn(await emptyFolder(), ['--data', path.resolve('data'), '--out', path.join(link, 'api')]);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain(`--out ${link}/api is inside the site that npm run build made in ${await realpath(site)} `);
    expect((await listFiles(site)).sort()).toEqual(['.build/manifest.json']);
  }, 30_000);

  it('never replaces a folder of something else with the API (--out . would have been the project)', async () => {
    const project = await emptyFolder();
    await writeFile(path.join(project, 'package.json'), '{"name":"synthetic-project"}');
    const failure = await cliIn(project, ['--data', path.resolve('data'), '--out', '.']);
    expect(failure.code).toBe(1);
    expect(failure.stderr.trim()).toBe(
      'npm run data: --out . holds files that are not an API this command wrote (no site.json), and would be replaced whole: give an empty or new folder. See npm run data -- --help.',
    );
    expect(await readdir(project)).toEqual(['package.json']);
    // An API it wrote is replaced by the next.
    const written = await cliIn(project, ['--data', path.resolve('data'), '--out', 'api']);
    expect(written.code).toBe(0);
    expect((await cliIn(project, ['--data', path.resolve('data'), '--out', 'api'])).code).toBe(0);
    expect(await readdir(path.join(project, 'api'))).toContain('site.json');
  }, 30_000);

  it('takes --check or --out, not both', async () => {
    const failure = await cliIn(await emptyFolder(), ['--check', '--out', path.join(tmp, 'never')]);
    expect(failure.code).toBe(1);
    expect(failure.stderr.trim()).toBe(
      'npm run data: --check only checks, and --out writes: give one of them. See npm run data -- --help.',
    );
  });

  it('writes the API, and on a bad archive exits non-zero leaving the previous output untouched', async () => {
    const out = path.join(tmp, 'cli-out');
    const good = await cli(['--data', 'data', '--out', out]);
    expect(good.stdout).toContain('Archive OK');
    const before = await listFiles(out);
    const beforeRanking = await readFile(path.join(out, 'ranking.json'), 'utf8');
    expect(before).toContain(`articles/${SEED_ID}.json`);

    const bad = await copyOfSample();
    await editJson(path.join(bad, 'ranking.json'), (r) => {
      r.articles[0] = 'gone';
    });
    await rm(path.join(bad, 'articles', 'record-320-school-staff-punished-for-sex-offenses-in-japan.json'));
    const failure = await cli(['--data', bad, '--out', out]).then(
      () => {
        throw new Error('expected the CLI to fail');
      },
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/ranking\.json: articles\[0\]: no article has the id "gone"/);
    expect(failure.stderr).toContain('Nothing was written');
    expect(await listFiles(out)).toEqual(before);
    expect(await readFile(path.join(out, 'ranking.json'), 'utf8')).toBe(beforeRanking);
  }, 30_000);
});

describe('the production build (scripts/build.ts)', () => {
  const viteBuild = (dataDir: string, outDir: string) =>
    run(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--out', outDir], {
      env: { ...process.env, DATA_DIR: dataDir },
    });

  it('writes the pages and the API, and on a bad archive fails leaving the previous build in place', async () => {
    const out = path.join(tmp, 'build-out');
    await viteBuild('data', out);
    const before = await listFiles(out);
    expect(before).toContain('index.html');
    expect(before).toContain(`api/articles/${SEED_ID}.json`);
    expect(before).toContain(`articles/${SEED_ID}/index.html`);
    expect(before).toContain('sections/politics/index.html');
    expect(before).toContain('404.html');

    // The headline and the first paragraph arrive in the first round trip: within 14 KB as sent gzipped.
    const html = await readFile(path.join(out, 'articles', SEED_ID, 'index.html'), 'utf8');
    // In the page's body (the head's description begins with the same words).
    const firstParagraphEnd = html.indexOf('</p>', html.indexOf(seed.paragraphs[0].slice(0, 40), html.indexOf('<body')));
    expect(html.indexOf('</h1>')).toBeLessThan(firstParagraphEnd);
    expect(gzipSync(html.slice(0, firstParagraphEnd)).length).toBeLessThan(14 * 1024);

    const bad = await copyOfSample();
    await editJson(path.join(bad, 'articles', `${SEED_ID}.json`), (a) => {
      a.section = 'sport';
    });
    const failure = await viteBuild(bad, out).then(
      () => {
        throw new Error('expected the build to fail');
      },
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure.code).not.toBe(0);
    expect(failure.stderr).toContain(`articles/${SEED_ID}.json: section: unknown section "sport"`);
    expect(await listFiles(out)).toEqual(before);
  }, 60_000);
});

describe('writeApi', () => {
  it('replaces the whole output, leaving no file of the previous one behind', async () => {
    const out = path.join(tmp, 'swap-out');
    await mkdir(path.join(out, 'articles'), { recursive: true });
    await writeFile(path.join(out, 'articles', 'stale.json'), '{}');
    await writeApi(new Map([['site.json', { ok: true }]]), out);
    expect(await listFiles(out)).toEqual(['site.json']);
    expect((await readdir(tmp)).filter((name) => name.startsWith('swap-out.'))).toEqual([]);
  });
});

describe('every command line', () => {
  const COMMANDS = {
    'npm run data': 'scripts/data.ts',
    'npm run data:synthetic': 'scripts/synthetic.ts',
    'npm run build': 'scripts/build.ts',
    'npm run deployed': 'scripts/deployed.ts',
    'npm run preview': 'scripts/static-server.ts',
    'npm run screenshots': 'scripts/screenshots.ts',
    'npm run bench': 'scripts/bench/main.ts',
  };
  const cli = (script: string, args: string[]) =>
    run(process.execPath, ['--import', 'tsx', script, ...args]).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  it.each(Object.entries(COMMANDS))(
    '%s takes --help, and answers a wrong option with one clear line and status 1',
    async (command, script) => {
      const [help, wrong] = await Promise.all([cli(script, ['--help']), cli(script, ['--no-such-option'])]);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage: /);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr.trim()).toBe(`${command}: Unknown option '--no-such-option'. See ${command} -- --help.`);
    },
    30_000,
  );

  it('says which value is wrong', async () => {
    const wrong = await cli('scripts/synthetic.ts', ['--articles', 'many']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim()).toBe(
      'npm run data:synthetic: --articles must be a whole number of at least 1, not "many". See npm run data:synthetic -- --help.',
    );
  });
});
