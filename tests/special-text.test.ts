// @vitest-environment node
// Text must come out of the build exactly as it was typed, in every file: replacement patterns such as
// "$&", "$'", "$`" and "$$", markup, script terminators and line separators included.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { JSDOM, VirtualConsole } from 'jsdom';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderPage } from '../src/entry-server';
import { apiFilesFetch, buildApi, parseArchive } from '../src/pipeline/archive';
import { compilePageTemplate } from '../src/pipeline/page-template';

// Only the markup matters here: jsdom's complaints about the page's modern CSS are not passed on.
const QUIET = { virtualConsole: new VirtualConsole() };

const SPECIAL = [
  '$&',
  "$'",
  '$`',
  '$$',
  '$1',
  '$<x>',
  '</script>',
  '<!--',
  '</title>',
  '<div id="root"></div>',
  '&amp;',
  '"',
  "'",
  '\u2028',
  '\\u003c',
];

/** Synthetic text made of special sequences and arbitrary characters, never blank. */
const specialText = (max: number) =>
  fc
    .array(fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 12 })
    .map((parts) => `Synthetic ${parts.join('')}`.slice(0, max));

function archiveWith(text: { name: string; section: string; headline: string; paragraph: string; ranking: string }): Map<string, string> {
  return new Map([
    ['publication.json', JSON.stringify({ name: text.name, locale: 'en-US', timeZone: 'Asia/Tokyo', timeZoneLabel: 'JST' })],
    ['sections.json', JSON.stringify([{ id: 'news', name: text.section }])],
    ['popular.json', JSON.stringify({ news: ['special', 'plain'] })],
    ['ranking.json', JSON.stringify({ title: text.ranking, articles: ['special', 'plain'] })],
    [
      'articles/special.json',
      JSON.stringify({
        id: 'special',
        section: 'news',
        headline: text.headline,
        publishedAt: '2024-01-02T12:00:00+09:00',
        body: [text.paragraph, text.headline],
      }),
    ],
    [
      'articles/plain.json',
      JSON.stringify({
        id: 'plain',
        section: 'news',
        headline: 'Synthetic plain headline',
        publishedAt: '2024-01-01T12:00:00+09:00',
        body: ['Synthetic plain text.'],
      }),
    ],
  ]);
}

/** What a reader and the app see in one built page. */
function readPage(html: string) {
  const { document } = new JSDOM(html, QUIET).window;
  const data = document.getElementById('app-data')?.textContent ?? '';
  return {
    titles: [...document.querySelectorAll('title')].map((title) => title.textContent),
    h1: document.querySelector('h1')?.textContent,
    paragraphs: [...document.querySelectorAll('.article-body p')].map((p) => p.textContent),
    links: [...document.querySelectorAll('a')].map((a) => a.textContent),
    masthead: document.querySelector('.masthead')?.textContent,
    dataBlocks: document.querySelectorAll('script[type="application/json"]').length,
    payload: JSON.parse(data) as { queries: { key: string[]; data: unknown }[] },
  };
}

// As Vite writes index.html, reduced to what the template fills.
const BUILT_INDEX = `<!doctype html>
<html lang="en">
  <head>
    <title>News archive</title>
    <script data-entry="/assets/index-abc.js">(function(){})()</script>
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>`;

afterEach(() => vi.unstubAllGlobals());

describe('special text in a prerendered page', () => {
  it('comes out exactly as typed in the title, the page, the links and the data block', async () => {
    const template = compilePageTemplate(BUILT_INDEX);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          name: specialText(200),
          section: specialText(100),
          headline: specialText(300),
          paragraph: specialText(400),
          ranking: specialText(100),
        }),
        async (text) => {
          const api = buildApi(parseArchive(archiveWith(text), 'synthetic'));
          vi.stubGlobal('fetch', apiFilesFetch(api));
          const page = readPage(template.fill(await renderPage('/articles/special')));
          expect(page.titles).toEqual([`${text.headline} | ${text.name}`]);
          expect(page.h1).toBe(text.headline);
          expect(page.masthead).toBe(text.name);
          expect(page.paragraphs).toEqual([text.paragraph, text.headline]);
          expect(page.links).toContain(text.headline);
          expect(page.dataBlocks).toBe(1);
          const article = page.payload.queries.find((query) => query.key[0] === 'articles');
          expect(article?.data).toEqual(api.get('articles/special.json'));
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});

describe('special text through npm run build', () => {
  let tmp: string;
  const text = {
    name: "Synthetic $& Times $' $` $$",
    section: 'Synthetic $$ section $&',
    headline: "Synthetic fund worth $& grows $' and $` by $$1 </script><title>x</title>",
    paragraph: "Synthetic paragraph with $' the rest, $` the start, $& the match and $$ a dollar. \u2028 <!-- -->",
    ranking: 'Synthetic ranking $&',
  };
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'news-special-'));
    const data = path.join(tmp, 'data');
    await mkdir(path.join(data, 'articles'), { recursive: true });
    for (const [file, content] of archiveWith(text)) await writeFile(path.join(data, file), content);
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--out', path.join(tmp, 'out')], {
      env: { ...process.env, DATA_DIR: data },
    });
  }, 120_000);
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('writes every HTML file and every API file with the text intact', async () => {
    const out = path.join(tmp, 'out');
    const files = (await readdir(out, { recursive: true })).map(String);
    const htmlFiles = files.filter((file) => file.endsWith('.html'));
    expect(htmlFiles.length).toBeGreaterThanOrEqual(5);
    for (const file of htmlFiles) {
      const page = readPage(await readFile(path.join(out, file), 'utf8'));
      expect(page.titles, file).toHaveLength(1);
      expect(page.masthead, file).toBe(text.name);
      expect(page.dataBlocks, file).toBe(1);
    }
    const article = readPage(await readFile(path.join(out, 'articles/special/index.html'), 'utf8'));
    expect(article.titles).toEqual([`${text.headline} | ${text.name}`]);
    expect(article.paragraphs).toEqual([text.paragraph, text.headline]);

    const apiArticle = JSON.parse(await readFile(path.join(out, 'api/articles/special.json'), 'utf8'));
    expect(apiArticle.headline).toBe(text.headline);
    expect(apiArticle.body).toEqual([text.paragraph, text.headline]);
    const site = JSON.parse(await readFile(path.join(out, 'api/site.json'), 'utf8'));
    expect(site.publication.name).toBe(text.name);
    expect(site.sections[0].name).toBe(text.section);
  });
});
