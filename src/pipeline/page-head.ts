// What a prerendered page says about itself in its <head>, for search engines, feed readers and share
// previews: its description, canonical address, Open Graph and Twitter card tags, its feeds, and on an
// article NewsArticle structured data. Made from the archive alone: a headline-only entry says no more
// than its headline and date. Addresses that must be absolute (canonical, og:url, images) are given only
// when the build knows the site's public address (site.url). page-template.ts writes it as HTML.
import type { ApiArticle, Site } from '../api/schemas.ts';
import { absoluteAddress, feedFiles, WEB_MANIFEST_FILE } from '../lib/site-layout.ts';

export type PageKind = 'front' | 'article' | 'section' | 'search' | 'offline' | 'saved' | 'not-found';

export interface PageHead {
  description?: string;
  canonical?: string;
  type: 'website' | 'article';
  /** Only pages worth finding are indexed: not the search, offline, saved or not-found pages. */
  index: boolean;
  /** The web app manifest's address. */
  manifest: string;
  openGraph: [property: string, content: string][];
  twitter: [name: string, content: string][];
  feeds: { title: string; href: string }[];
  structuredData?: Record<string, unknown>;
}

/** A description at most this long, in characters: what search results show before cutting. */
const DESCRIPTION_LENGTH = 160;

/** Text cut to at most `length` characters, at a space if there is one late enough, with an ellipsis. */
export function trimText(text: string, length = DESCRIPTION_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= length) return flat;
  const cut = chars.slice(0, length - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > cut.length * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:–—-]+$/, '')}…`;
}

/** What a list or feed says of an article: its summary, or else its first paragraph. */
export const standfirstOf = (article: Pick<ApiArticle, 'summary' | 'body'>): string | undefined => article.summary ?? article.body[0];

export interface PageFacts {
  kind: PageKind;
  /** The page's address inside the site ("/articles/x"). */
  address: string;
  title: string;
  site: Site;
  /** The site's base path ("/" or "/news/"), for the feeds' addresses. */
  base: string;
  article?: ApiArticle;
  section?: { id: string; name: string };
}

export function pageHeadOf({ kind, address, title, site, base, article, section }: PageFacts): PageHead {
  const { publication } = site;
  const absolute = (address: string) => (site.url ? absoluteAddress(site.url, address) : undefined);
  const canonical = kind === 'not-found' ? undefined : absolute(address);

  let description: string | undefined;
  if (kind === 'article' && article) {
    const standfirst = standfirstOf(article);
    description = standfirst === undefined ? undefined : trimText(standfirst);
  } else if (kind === 'section' && section) description = `The latest articles in ${section.name} from ${publication.name}.`;
  else if (kind === 'front')
    description = `The latest articles from ${publication.name}: ${site.sections.map((each) => each.name).join(', ')}.`;

  const image = article?.image && absolute(article.image.src);
  const openGraph: PageHead['openGraph'] = [
    ['og:type', kind === 'article' ? 'article' : 'website'],
    ['og:title', article ? article.headline : title],
    ['og:site_name', publication.name],
    ['og:locale', publication.locale.replace('-', '_')],
  ];
  if (description) openGraph.push(['og:description', description]);
  if (canonical) openGraph.push(['og:url', canonical]);
  if (image) openGraph.push(['og:image', image], ['og:image:alt', article!.image!.alt]);
  if (article?.publishedAt) openGraph.push(['article:published_time', article.publishedAt]);
  if (article && section) openGraph.push(['article:section', section.name]);

  const twitter: PageHead['twitter'] = [
    ['twitter:card', image ? 'summary_large_image' : 'summary'],
    ['twitter:title', article ? article.headline : title],
  ];
  if (description) twitter.push(['twitter:description', description]);
  if (image) twitter.push(['twitter:image', image], ['twitter:image:alt', article!.image!.alt]);

  // Feeds are written only when the site's address is known: their entries need absolute addresses.
  const feeds: PageHead['feeds'] = [];
  if (site.url) {
    feeds.push({ title: publication.name, href: `${base}${feedFiles.site()}` });
    if (section && kind !== 'search')
      feeds.push({ title: `${section.name} — ${publication.name}`, href: `${base}${feedFiles.section(section.id)}` });
  }

  const structuredData =
    kind === 'article' && article
      ? {
          '@context': 'https://schema.org',
          '@type': 'NewsArticle',
          headline: article.headline,
          ...(description ? { description } : {}),
          ...(article.publishedAt ? { datePublished: article.publishedAt } : {}),
          ...(article.byline ? { author: [{ '@type': 'Person', name: article.byline }] } : {}),
          ...(image ? { image: [image] } : {}),
          ...(section ? { articleSection: section.name } : {}),
          inLanguage: publication.locale,
          publisher: { '@type': 'Organization', name: publication.name, ...(site.url ? { url: site.url } : {}) },
          ...(canonical ? { mainEntityOfPage: { '@type': 'WebPage', '@id': canonical }, url: canonical } : {}),
        }
      : undefined;

  return {
    description,
    canonical,
    type: kind === 'article' ? 'article' : 'website',
    index: kind !== 'search' && kind !== 'offline' && kind !== 'saved' && kind !== 'not-found',
    manifest: `${base}${WEB_MANIFEST_FILE}`,
    openGraph,
    twitter,
    feeds,
    structuredData,
  };
}
