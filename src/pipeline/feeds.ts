// The files that tell feed readers and search engines what the site has: an Atom feed of the newest
// articles for the site and for each section (written by the `feed` library), the sitemap (by the
// `sitemap` library; split into parts past 50,000 addresses) and robots.txt. Each comes with a key made
// from what it shows, so that the build makes and writes only those whose content changed.
import { Readable } from 'node:stream';
import { Feed } from 'feed';
import { SitemapIndexStream, SitemapStream, streamToPromise } from 'sitemap';
import type { ApiArticle, ArticleSummary, Site } from '../api/schemas.ts';
import { absoluteAddress, feedFiles, pageAddresses, ROBOTS_FILE, SITEMAP_FILE, sitemapPart } from '../lib/site-layout.ts';
import { forbiddenCharactersIn } from './archive.ts';
import { hashOf, type SiteFile } from './output.ts';
import { standfirstOf, trimText } from './page-head.ts';
import { escapeHtml } from './page-template.ts';

/** Entries in each feed: the newest articles that have a date (an Atom entry needs one). */
export const FEED_LENGTH = 50;
/** Addresses in one sitemap file, the most the sitemap protocol allows. */
export const SITEMAP_LENGTH = 50_000;
/** A feed entry's summary: longer than a page description, short of the whole first paragraph. */
const FEED_SUMMARY_LENGTH = 400;

export interface FeedInputs {
  /** With its public address (url): nothing here is made without it. */
  site: Site & { url: string };
  /** Every article, newest first (archive.ts sortNewestFirst). */
  newestFirst: ArticleSummary[];
  /** The key of an article's API file: an entry changes when its article does. */
  articleKey: (id: string) => string;
  read: (id: string) => Promise<ApiArticle>;
  /** The sections' list pages, by address inside the site ("/sections/x", "/sections/x/2023-01"). */
  sectionPages: string[];
}

/** The site's feed and every section's. */
export function feedsOf({ site, newestFirst, articleKey, read }: FeedInputs): SiteFile[] {
  const dated = newestFirst.filter((summary) => summary.publishedAt !== undefined);
  const siteKey = hashOf(JSON.stringify(site));
  const feedFile = (file: string, address: string, title: string, entries: ArticleSummary[]): SiteFile => ({
    file,
    key: hashOf(siteKey, file, ...entries.map((entry) => articleKey(entry.id))),
    make: () => atomFeed(site, file, address, title, entries, read),
  });
  const out = [feedFile(feedFiles.site(), pageAddresses.home(), site.publication.name, dated.slice(0, FEED_LENGTH))];
  for (const section of site.sections) {
    const entries = dated.filter((summary) => summary.section === section.id).slice(0, FEED_LENGTH);
    out.push(
      feedFile(feedFiles.section(section.id), pageAddresses.section(section.id), `${section.name} — ${site.publication.name}`, entries),
    );
  }
  return out;
}

async function atomFeed(
  site: Site & { url: string },
  file: string,
  address: string,
  title: string,
  entries: ArticleSummary[],
  read: (id: string) => Promise<ApiArticle>,
): Promise<string> {
  const at = (address: string) => absoluteAddress(site.url, address);
  // The archive's check refuses what XML cannot carry; should any reach here, no feed is better than one
  // that feed readers drop whole.
  const xmlText = (text: string, what: string) => {
    const [found] = forbiddenCharactersIn(text);
    if (found) throw new Error(`${file} cannot be written: ${what} contains ${found}`);
    return text;
  };
  const feed = new Feed({
    id: at(address),
    link: at(address),
    title: xmlText(title, 'its title'),
    language: site.publication.locale,
    // A feed with no entries yet is dated at the start of time rather than by the clock: two builds of the
    // same archive write the same bytes.
    updated: new Date(entries[0]?.publishedAt ?? 0),
    feedLinks: { atom: at(file) },
    author: { name: site.publication.name },
    generator: false,
  });
  for (const summary of entries) {
    const article = await read(summary.id);
    const standfirst = standfirstOf(article);
    const date = new Date(summary.publishedAt!);
    feed.addItem({
      id: at(pageAddresses.article(summary.id)),
      link: at(pageAddresses.article(summary.id)),
      // The library marks titles and summaries as HTML: escaped, they read as the text they are.
      title: escapeHtml(xmlText(article.headline, `the headline of article "${summary.id}"`)),
      date,
      published: date,
      ...(standfirst === undefined
        ? {}
        : { description: escapeHtml(xmlText(trimText(standfirst, FEED_SUMMARY_LENGTH), `the summary of article "${summary.id}"`)) }),
      ...(article.byline ? { author: [{ name: xmlText(article.byline, `the byline of article "${summary.id}"`) }] } : {}),
      // By the section's id alone: the library writes a category's label into an attribute without
      // escaping "<", which would make a section named "A <B>" break the whole feed.
      category: [{ term: summary.section, scheme: at(pageAddresses.section(summary.section)) }],
    });
  }
  return feed.atom1();
}

/**
 * The sitemap: articles oldest first (so that a new article changes only the last part), then the
 * sections' pages and the front page. One file, or past SITEMAP_LENGTH addresses an index and its parts.
 */
export function sitemapOf({ site, newestFirst, sectionPages }: FeedInputs): SiteFile[] {
  const at = (address: string) => absoluteAddress(site.url, address);
  const entries: { url: string; lastmod?: string }[] = [];
  for (let position = newestFirst.length - 1; position >= 0; position--) {
    const { id, publishedAt } = newestFirst[position];
    entries.push({ url: at(pageAddresses.article(id)), ...(publishedAt ? { lastmod: publishedAt } : {}) });
  }
  for (const address of sectionPages) entries.push({ url: at(address) });
  entries.push({ url: at(pageAddresses.home()) });

  const part = (file: string, links: typeof entries): SiteFile => ({
    file,
    key: hashOf(file, ...links.map((link) => `${link.url} ${link.lastmod ?? ''}`)),
    make: () => xmlOf(new SitemapStream({ xmlns: { news: false, xhtml: false, image: false, video: false } }), links),
  });
  if (entries.length <= SITEMAP_LENGTH) return [part(SITEMAP_FILE, entries)];
  const parts: SiteFile[] = [];
  for (let start = 0; start < entries.length; start += SITEMAP_LENGTH)
    parts.push(part(sitemapPart(parts.length + 1), entries.slice(start, start + SITEMAP_LENGTH)));
  const index = parts.map((each) => ({ url: at(each.file) }));
  return [
    ...parts,
    { file: SITEMAP_FILE, key: hashOf(SITEMAP_FILE, ...index.map((each) => each.url)), make: () => xmlOf(new SitemapIndexStream(), index) },
  ];
}

async function xmlOf(stream: SitemapStream | SitemapIndexStream, items: object[]): Promise<string> {
  return (await streamToPromise(Readable.from(items).pipe(stream))).toString('utf8');
}

/** robots.txt, which crawlers read only at the root of a host: for a site served from "/". */
export function robotsOf(siteUrl: string | undefined): SiteFile {
  const text = `User-agent: *\nAllow: /\n${siteUrl ? `\nSitemap: ${new URL(SITEMAP_FILE, siteUrl).href}\n` : ''}`;
  return { file: ROBOTS_FILE, key: hashOf(text), make: () => Promise.resolve(text) };
}
