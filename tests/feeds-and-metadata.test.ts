// @vitest-environment node
// What a built site tells feed readers, search engines and share previews, read back with real parsers
// (jsdom's XML and HTML parsers, the sitemap library's parser, JSON.parse) and checked field by field
// against the archive it was built from, including text that tries to break out of its markup.
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { JSDOM, VirtualConsole } from 'jsdom';
import { parseSitemap, parseSitemapIndex } from 'sitemap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleSummary } from '../src/api/schemas';
import { displayScript } from '../src/lib/display';
import { normalizeSiteUrl } from '../src/lib/site-layout';
import { FEED_LENGTH, feedsOf, SITEMAP_LENGTH, sitemapOf } from '../src/pipeline/feeds';
import { buildSite } from '../src/pipeline/site-build';

process.env.NODE_ENV = 'production';
const QUIET = { virtualConsole: new VirtualConsole() };
const SITE = 'https://news.example.com/';

interface ArticleData {
  id: string;
  section: string;
  headline: string;
  publishedAt?: string;
  byline?: string;
  summary?: string;
  image?: { src: string; alt: string };
  body: string[];
}

const HOSTILE_HEADLINE = 'Synthetic </script><script>window.__pwned=1</script> & "quotes" <b>not bold</b> ]]>';
const hour = (n: number) => new Date(Date.UTC(2024, 2, 1) + n * 3_600_000).toISOString().replace('Z', '+00:00');
const ARTICLES: ArticleData[] = [
  {
    id: 'with-everything',
    section: 'alpha',
    headline: 'Synthetic article with byline, summary and image',
    publishedAt: hour(100),
    byline: 'Synthetic Writer',
    summary: 'Synthetic summary, shown instead of the first paragraph.',
    image: { src: '/images/synthetic.jpg', alt: 'A synthetic picture' },
    body: ['Synthetic first paragraph.'],
  },
  {
    id: 'hostile',
    section: 'alpha',
    headline: HOSTILE_HEADLINE,
    publishedAt: hour(99),
    body: [`Synthetic <i>first</i> paragraph & "more" </script> ${'synthetic words '.repeat(40)}`],
  },
  { id: 'cjk', section: 'beta', headline: '合成の見出し', publishedAt: hour(98), body: ['これは合成の段落です。'.repeat(30)] },
  { id: 'headline-only', section: 'beta', headline: 'Synthetic headline-only entry', publishedAt: hour(97), body: [] },
  { id: 'undated', section: 'beta', headline: 'Synthetic undated entry', body: ['Synthetic undated paragraph.'] },
  // Older articles, enough that the feeds are cut at FEED_LENGTH.
  ...Array.from({ length: 52 }, (_, n) => ({
    id: `filler-${n}`,
    section: 'alpha',
    headline: `Synthetic filler ${n}`,
    publishedAt: hour(-24 * (n + 1)),
    body: [`Synthetic filler paragraph ${n}.`],
  })),
];
const SECTIONS = [
  { id: 'alpha', name: 'Alpha & <Co>' },
  { id: 'beta', name: 'Beta' },
];
const PUBLICATION = { name: 'Synthetic "Feed" & <Meta> Archive', locale: 'en-US', timeZone: 'Asia/Tokyo', timeZoneLabel: 'JST' };

let tmp: string;
let data: string;
let out: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'news-feeds-'));
  data = path.join(tmp, 'data');
  out = path.join(tmp, 'out');
  await mkdir(path.join(data, 'articles'), { recursive: true });
  const json = (file: string, value: unknown) => writeFile(path.join(data, file), JSON.stringify(value));
  await json('publication.json', PUBLICATION);
  await json('sections.json', SECTIONS);
  await json('ranking.json', { title: 'Synthetic Ranking', articles: ['hostile', 'cjk'] });
  await json('popular.json', { alpha: ['hostile'], beta: ['cjk'] });
  for (const article of ARTICLES) await json(`articles/${article.id}.json`, article);
  await buildSite({ dataDir: data, outDir: out, base: '/', siteUrl: SITE });
}, 120_000);
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const read = (file: string, dir = out) => readFile(path.join(dir, file), 'utf8');
const exists = (file: string, dir = out) =>
  stat(path.join(dir, file)).then(
    () => true,
    () => false,
  );
const newestFirst = (articles: ArticleData[]) =>
  articles.filter((each) => each.publishedAt).sort((a, b) => Date.parse(b.publishedAt!) - Date.parse(a.publishedAt!));
/** Text a feed marks as HTML, read as a feed reader reads it. */
const asHtmlText = (html: string | null | undefined) => JSDOM.fragment(html ?? '').textContent;

async function feed(file: string) {
  const doc = new JSDOM(await read(file), { contentType: 'application/xml' }).window.document;
  expect(doc.querySelector('parsererror')).toBeNull();
  const child = (parent: Element, name: string) => Array.from(parent.children).find((each) => each.localName === name);
  const root = doc.documentElement;
  return {
    root,
    title: child(root, 'title')?.textContent,
    id: child(root, 'id')?.textContent,
    updated: child(root, 'updated')?.textContent,
    self: root.querySelector(':scope > link[rel="self"]')?.getAttribute('href'),
    alternate: root.querySelector(':scope > link[rel="alternate"]')?.getAttribute('href'),
    entries: Array.from(root.children)
      .filter((each) => each.localName === 'entry')
      .map((entry) => ({
        title: asHtmlText(child(entry, 'title')?.textContent),
        titleType: child(entry, 'title')?.getAttribute('type'),
        id: child(entry, 'id')?.textContent,
        link: child(entry, 'link')?.getAttribute('href'),
        published: child(entry, 'published')?.textContent,
        updated: child(entry, 'updated')?.textContent,
        summary: child(entry, 'summary') ? asHtmlText(child(entry, 'summary')!.textContent) : undefined,
        author: child(entry, 'author')?.querySelector('name')?.textContent,
        category: child(entry, 'category')?.getAttribute('term'),
      })),
  };
}

async function page(file: string, dir = out) {
  const doc = new JSDOM(await read(file, dir), QUIET).window.document;
  const meta = (selector: string) => doc.head.querySelector(selector)?.getAttribute('content') ?? undefined;
  const jsonLd = doc.head.querySelector('script[type="application/ld+json"]');
  return {
    doc,
    canonical: doc.head.querySelector('link[rel="canonical"]')?.getAttribute('href'),
    description: meta('meta[name="description"]'),
    robots: meta('meta[name="robots"]'),
    og: (property: string) => meta(`meta[property="${property}"]`),
    twitter: (name: string) => meta(`meta[name="${name}"]`),
    feeds: Array.from(doc.head.querySelectorAll('link[rel="alternate"][type="application/atom+xml"]')).map((link) => ({
      title: link.getAttribute('title'),
      href: link.getAttribute('href'),
    })),
    structured: jsonLd ? (JSON.parse(jsonLd.textContent!) as Record<string, unknown>) : undefined,
  };
}

describe('feeds', () => {
  it("the site's feed lists its newest dated articles, each with its headline, address, dates, summary and author", async () => {
    const site = await feed('feeds/site.xml');
    expect(site.root.localName).toBe('feed');
    expect(site.root.namespaceURI).toBe('http://www.w3.org/2005/Atom');
    expect(site.title).toBe(PUBLICATION.name);
    expect(site.id).toBe(SITE);
    expect(site.alternate).toBe(SITE);
    expect(site.self).toBe(`${SITE}feeds/site.xml`);
    const expected = newestFirst(ARTICLES).slice(0, FEED_LENGTH);
    expect(site.updated).toBe(new Date(expected[0].publishedAt!).toISOString());
    expect(site.entries.map((entry) => entry.title)).toEqual(expected.map((article) => article.headline));
    expect(site.entries.map((entry) => entry.link)).toEqual(expected.map((article) => `${SITE}articles/${article.id}`));
    expect(site.entries.map((entry) => entry.id)).toEqual(site.entries.map((entry) => entry.link));
    expect(site.entries.map((entry) => entry.published)).toEqual(expected.map((article) => new Date(article.publishedAt!).toISOString()));
    expect(site.entries.map((entry) => entry.category)).toEqual(expected.map((article) => article.section));

    const [everything, hostile, cjk, headlineOnly] = site.entries;
    expect(everything).toMatchObject({ summary: 'Synthetic summary, shown instead of the first paragraph.', author: 'Synthetic Writer' });
    // Markup in the archive's text reaches a feed reader as the text it is.
    expect(hostile.title).toBe(HOSTILE_HEADLINE);
    expect(hostile.summary).toMatch(/^Synthetic <i>first<\/i> paragraph & "more" <\/script> synthetic words/);
    expect(hostile.summary!.length).toBeLessThanOrEqual(400);
    expect(hostile.summary!.endsWith('…')).toBe(true);
    expect(cjk.title).toBe('合成の見出し');
    expect(Array.from(cjk.summary!).length).toBeLessThanOrEqual(400);
    // A headline-only entry says no more than its headline.
    expect(headlineOnly).toMatchObject({ title: 'Synthetic headline-only entry', summary: undefined, author: undefined });
    // Undated entries are not in a feed, whose entries need a date.
    expect(site.entries.map((entry) => entry.title)).not.toContain('Synthetic undated entry');
  });

  it("each section's feed lists that section's articles only", async () => {
    const alpha = await feed('feeds/sections/alpha.xml');
    expect(alpha.title).toBe(`${SECTIONS[0].name} — ${PUBLICATION.name}`);
    expect(alpha.alternate).toBe(`${SITE}sections/alpha`);
    const expected = newestFirst(ARTICLES.filter((article) => article.section === 'alpha')).slice(0, FEED_LENGTH);
    expect(expected.length).toBe(FEED_LENGTH);
    expect(alpha.entries.map((entry) => entry.title)).toEqual(expected.map((article) => article.headline));
    const beta = await feed('feeds/sections/beta.xml');
    expect(beta.entries.map((entry) => entry.title)).toEqual(['合成の見出し', 'Synthetic headline-only entry']);
  });
});

describe('a character that XML cannot carry, had it passed the archive’s check', () => {
  const CONTROL = 'a control character that feeds and XML cannot carry';
  const summary: ArticleSummary = { id: 'synthetic', section: 'alpha', headline: 'Synthetic', publishedAt: hour(1), headlineOnly: false };
  const feedWith = (article: Partial<ArticleData>, publication = PUBLICATION) =>
    feedsOf({
      site: { publication, sections: SECTIONS, url: SITE },
      newestFirst: [summary],
      articleKey: (id) => id,
      read: async () => ({ id: 'synthetic', section: 'alpha', headline: 'Synthetic', body: ['Synthetic paragraph.'], ...article }),
      sectionPages: [],
    })[0].make();

  it.each([
    [{ headline: 'Synthetic\u000bheadline' }, `the headline of article "synthetic" contains U+000B (character 10), ${CONTROL}`],
    [
      { body: ['Synthetic \ud800 paragraph'] },
      'the summary of article "synthetic" contains U+D800 (character 11), half of a character without its other half (a lone surrogate), which is not Unicode text',
    ],
    [{ byline: 'Synthetic\u0000' }, `the byline of article "synthetic" contains U+0000 (character 10), ${CONTROL}`],
  ])('is refused, not written into the feed: %o', async (article, message) => {
    await expect(feedWith(article)).rejects.toThrow(`feeds/site.xml cannot be written: ${message}`);
  });

  it('is refused in the feed’s own title', async () => {
    await expect(feedWith({}, { ...PUBLICATION, name: 'Synthetic\u001b' })).rejects.toThrow(
      `feeds/site.xml cannot be written: its title contains U+001B (character 10), ${CONTROL}`,
    );
  });
});

describe('sitemap and robots.txt', () => {
  it('lists every page once, articles with their date, and robots.txt points to it', async () => {
    const items = await parseSitemap(Readable.from([await read('sitemap.xml')]));
    const urls = items.map((item) => item.url);
    expect(new Set(urls).size).toBe(urls.length);
    const expected = [
      SITE,
      ...ARTICLES.map((article) => `${SITE}articles/${article.id}`),
      `${SITE}sections/alpha`,
      `${SITE}sections/beta`,
      `${SITE}sections/alpha/2024-03`,
      `${SITE}sections/alpha/2024-02`,
      `${SITE}sections/alpha/2024-01`,
      `${SITE}sections/beta/2024-03`,
      `${SITE}sections/beta/undated`,
    ];
    expect([...urls].sort()).toEqual(expected.sort());
    const lastmod = new Map(items.map((item) => [item.url, item.lastmod]));
    expect(lastmod.get(`${SITE}articles/cjk`)).toBe(new Date(hour(98)).toISOString());
    expect(lastmod.get(`${SITE}articles/undated`)).toBeUndefined();
    expect(await read('robots.txt')).toBe(`User-agent: *\nAllow: /\n\nSitemap: ${SITE}sitemap.xml\n`);
  });

  it('past 50,000 addresses, is an index of parts', async () => {
    const summaries: ArticleSummary[] = Array.from({ length: SITEMAP_LENGTH + 10 }, (_, n) => ({
      id: `synthetic-${n}`,
      section: 'alpha',
      headline: `Synthetic ${n}`,
      headlineOnly: false,
    }));
    const files = sitemapOf({
      site: { publication: PUBLICATION, sections: SECTIONS, url: SITE },
      newestFirst: summaries,
      articleKey: () => 'key',
      read: () => Promise.reject(new Error('not read for a sitemap')),
      sectionPages: ['/sections/alpha'],
    });
    expect(files.map((file) => file.file)).toEqual(['sitemaps/1.xml', 'sitemaps/2.xml', 'sitemap.xml']);
    const index = await parseSitemapIndex(Readable.from([await files[2].make()]));
    expect(index.map((item) => item.url)).toEqual([`${SITE}sitemaps/1.xml`, `${SITE}sitemaps/2.xml`]);
    const first = await parseSitemap(Readable.from([await files[0].make()]));
    const second = await parseSitemap(Readable.from([await files[1].make()]));
    expect(first.length).toBe(SITEMAP_LENGTH);
    // Oldest first: the newest articles, then the section and the front page, are in the last part.
    expect(second.map((item) => item.url)).toEqual([
      ...summaries
        .slice(0, 10)
        .reverse()
        .map((summary) => `${SITE}articles/${summary.id}`),
      `${SITE}sections/alpha`,
      SITE,
    ]);
  }, 60_000);
});

describe("pages' heads", () => {
  it('an article has its description, canonical address, share tags, feeds and NewsArticle data', async () => {
    const article = ARTICLES[0];
    const head = await page('articles/with-everything/index.html');
    const address = `${SITE}articles/with-everything`;
    expect(head.canonical).toBe(address);
    expect(head.description).toBe(article.summary);
    expect(head.robots).toBeUndefined();
    expect(head.og('og:type')).toBe('article');
    expect(head.og('og:title')).toBe(article.headline);
    expect(head.og('og:url')).toBe(address);
    expect(head.og('og:site_name')).toBe(PUBLICATION.name);
    expect(head.og('og:locale')).toBe('en_US');
    expect(head.og('og:image')).toBe(`${SITE}images/synthetic.jpg`);
    expect(head.og('og:image:alt')).toBe('A synthetic picture');
    expect(head.og('article:published_time')).toBe(article.publishedAt);
    expect(head.og('article:section')).toBe('Alpha & <Co>');
    expect(head.twitter('twitter:card')).toBe('summary_large_image');
    expect(head.twitter('twitter:image')).toBe(`${SITE}images/synthetic.jpg`);
    expect(head.feeds).toEqual([
      { title: PUBLICATION.name, href: '/feeds/site.xml' },
      { title: `Alpha & <Co> — ${PUBLICATION.name}`, href: '/feeds/sections/alpha.xml' },
    ]);
    expect(head.structured).toEqual({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: article.headline,
      description: article.summary,
      datePublished: article.publishedAt,
      author: [{ '@type': 'Person', name: 'Synthetic Writer' }],
      image: [`${SITE}images/synthetic.jpg`],
      articleSection: 'Alpha & <Co>',
      inLanguage: 'en-US',
      publisher: { '@type': 'Organization', name: PUBLICATION.name, url: SITE },
      mainEntityOfPage: { '@type': 'WebPage', '@id': address },
      url: address,
    });
  });

  it('text that tries to leave its element stays text, in the title, the tags and the structured data', async () => {
    const head = await page('articles/hostile/index.html');
    expect(head.structured?.headline).toBe(HOSTILE_HEADLINE);
    expect(head.og('og:title')).toBe(HOSTILE_HEADLINE);
    expect(head.description).toMatch(/^Synthetic <i>first<\/i> paragraph & "more" <\/script> synthetic words/);
    expect(Array.from(head.description!).length).toBeLessThanOrEqual(160);
    // The page holds its own script elements (the structured data, the app's starter, the display
    // preferences' script, the app's data), and no other.
    const scripts = Array.from(head.doc.querySelectorAll('script')).map(
      (each) =>
        each.getAttribute('type') ??
        (each.hasAttribute('data-entry') ? `starter of ${each.getAttribute('data-entry')}` : undefined) ??
        (each.textContent === displayScript('/') ? 'display script' : each.textContent),
    );
    expect(scripts).toEqual([
      'application/ld+json',
      expect.stringMatching(/^starter of \/assets\/index-[\w-]+\.js$/),
      'display script',
      'application/json',
    ]);
  });

  it('a headline-only entry says no more than the archive knows; the not-found and search pages are not indexed', async () => {
    const only = await page('articles/headline-only/index.html');
    expect(only.description).toBeUndefined();
    expect(only.og('og:description')).toBeUndefined();
    expect(only.structured).toEqual(expect.not.objectContaining({ description: expect.anything(), author: expect.anything() }));
    expect(only.structured?.headline).toBe('Synthetic headline-only entry');
    const undated = await page('articles/undated/index.html');
    expect(undated.structured).not.toHaveProperty('datePublished');
    expect(undated.og('article:published_time')).toBeUndefined();

    const missing = await page('404.html');
    expect(missing.robots).toBe('noindex');
    expect(missing.canonical).toBeUndefined();
    expect(missing.structured).toBeUndefined();
    const search = await page('search/index.html');
    expect(search.robots).toBe('noindex');

    const front = await page('index.html');
    expect(front.canonical).toBe(SITE);
    expect(front.og('og:type')).toBe('website');
    expect(front.description).toBe(`The latest articles from ${PUBLICATION.name}: Alpha & <Co>, Beta.`);
    expect(front.feeds).toEqual([{ title: PUBLICATION.name, href: '/feeds/site.xml' }]);
    const month = await page('sections/beta/2024-03/index.html');
    expect(month.canonical).toBe(`${SITE}sections/beta/2024-03`);
    expect(month.feeds.map((each) => each.href)).toEqual(['/feeds/site.xml', '/feeds/sections/beta.xml']);
  });

  it('without the site address there are no canonical addresses, feeds or sitemap, and robots.txt has no sitemap', async () => {
    const bare = path.join(tmp, 'bare');
    await buildSite({ dataDir: data, outDir: bare, base: '/' });
    const head = await page('articles/with-everything/index.html', bare);
    expect(head.canonical).toBeUndefined();
    expect(head.og('og:url')).toBeUndefined();
    expect(head.og('og:image')).toBeUndefined();
    expect(head.feeds).toEqual([]);
    expect(head.description).toBe(ARTICLES[0].summary);
    expect(head.structured).toEqual(expect.not.objectContaining({ url: expect.anything(), mainEntityOfPage: expect.anything() }));
    expect(await exists('sitemap.xml', bare)).toBe(false);
    expect(await exists('feeds/site.xml', bare)).toBe(false);
    expect(await read('robots.txt', bare)).toBe('User-agent: *\nAllow: /\n');
  }, 120_000);
});

describe("the site's address", () => {
  it('is checked, and its path is the base path', () => {
    expect(normalizeSiteUrl('https://news.example.com')).toBe('https://news.example.com/');
    expect(normalizeSiteUrl(' https://news.example.com/news ')).toBe('https://news.example.com/news/');
    expect(() => normalizeSiteUrl('news.example.com')).toThrow('is not an address');
    expect(() => normalizeSiteUrl('ftp://news.example.com/')).toThrow('must start with https:// or http://');
    expect(() => normalizeSiteUrl('https://news.example.com/?utm=1')).toThrow('without a query');
  });
});
