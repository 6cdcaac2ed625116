// Fills the built index.html with one prerendered page. The template is cut into its fixed parts once,
// at the places a page fills in, and a page is those parts joined with its own escaped values. Nothing
// here passes page text through String.prototype.replace, whose replacement strings give "$&", "$'",
// "$`" and "$$" a meaning: text comes out exactly as it was written.
import type { Preload, RenderedPage } from '../entry-server.tsx';
import { jsonForScript, PAGE_DATA_ELEMENT_ID } from '../lib/page-data.ts';
import type { PageHead } from './page-head.ts';

/** Text for HTML element content or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  let out = '';
  for (const char of text) {
    switch (char) {
      case '&':
        out += '&amp;';
        break;
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      case '"':
        out += '&quot;';
        break;
      case "'":
        out += '&#39;';
        break;
      default:
        out += char;
    }
  }
  return out;
}

/** The head's tags for a page, every value escaped. */
export function headMarkup(head: PageHead): string {
  const lines: string[] = [];
  if (head.description) lines.push(`<meta name="description" content="${escapeHtml(head.description)}" />`);
  if (!head.index) lines.push('<meta name="robots" content="noindex" />');
  if (head.canonical) lines.push(`<link rel="canonical" href="${escapeHtml(head.canonical)}" />`);
  lines.push(`<link rel="manifest" href="${escapeHtml(head.manifest)}" />`);
  for (const feed of head.feeds)
    lines.push(`<link rel="alternate" type="application/atom+xml" title="${escapeHtml(feed.title)}" href="${escapeHtml(feed.href)}" />`);
  for (const [property, content] of head.openGraph) lines.push(`<meta property="${property}" content="${escapeHtml(content)}" />`);
  for (const [name, content] of head.twitter) lines.push(`<meta name="${name}" content="${escapeHtml(content)}" />`);
  if (head.structuredData) lines.push(`<script type="application/ld+json">${jsonForScript(head.structuredData)}</script>`);
  return lines.join('\n    ');
}

/** JSON inside a <script> element: "<" is written as \u003c, so that no text in it can close the element. */

const SLOTS = {
  html: /<html lang="[^"]*">/,
  title: /<title>[^<]*<\/title>/,
  root: /<div id="root"><\/div>/,
} as const;
/** The app's starter (public/boot.js, put inline by the build), with the address of the app's script. */
const STARTER = /<script data-entry="([^"]+)"[^>]*>/;
type Slot = keyof typeof SLOTS;

export interface PageTemplate {
  /** The address of the app's script, which the page's starter starts once the page has loaded. */
  entry: string;
  fill(page: RenderedPage): string;
}

/**
 * Cuts the built index.html at its slots; throws if one (or the app's starter) is missing. A page at a
 * lazy route preloads that route's script (its address in `lazyScripts`), which the app's script loads
 * before it takes the page over: it then comes with the app's script rather than after it.
 */
export function compilePageTemplate(template: string, lazyScripts: Record<string, string> = {}): PageTemplate {
  const entry = STARTER.exec(template)?.[1];
  if (!entry) throw new Error(`index.html has no ${String(STARTER)} to start the app`);
  const found = (Object.keys(SLOTS) as Slot[]).map((slot) => {
    const match = SLOTS[slot].exec(template);
    if (!match) throw new Error(`index.html has no ${String(SLOTS[slot])} for the page to fill`);
    return { slot, start: match.index, end: match.index + match[0].length };
  });
  found.sort((a, b) => a.start - b.start);

  const fixed: string[] = [];
  let cursor = 0;
  for (const part of found) {
    fixed.push(template.slice(cursor, part.start));
    cursor = part.end;
  }
  fixed.push(template.slice(cursor));

  const scriptOf = (module: string): Preload => {
    const script = lazyScripts[module];
    if (script === undefined) throw new Error(`The app's build has no script for ${module}, which a page needs`);
    return { href: script, as: 'module' };
  };
  // crossorigin: as import() and fetch() ask for them, or the browser would not use what it preloaded.
  const linkOf = ({ href, as }: Preload) =>
    as === 'module'
      ? `<link rel="modulepreload" crossorigin href="${escapeHtml(href)}" />`
      : `<link rel="preload" as="fetch" crossorigin href="${escapeHtml(href)}" />`;
  const valueOf = (slot: Slot, page: RenderedPage): string => {
    switch (slot) {
      case 'html':
        return `<html lang="${escapeHtml(page.lang)}" dir="${escapeHtml(page.dir)}">`;
      case 'title':
        return [
          `<title>${escapeHtml(page.title)}</title>`,
          headMarkup(page.head),
          ...[...page.lazyModules.map(scriptOf), ...page.preloads].map(linkOf),
        ].join('\n    ');
      case 'root':
        // page.html is React's own escaped markup; page.payload is JSON that cannot close its element.
        return `<div id="root">${page.html}</div>\n    <script type="application/json" id="${PAGE_DATA_ELEMENT_ID}">${page.payload}</script>`;
    }
  };

  return {
    entry,
    fill(page) {
      const out: string[] = [fixed[0]];
      found.forEach((part, index) => out.push(valueOf(part.slot, page), fixed[index + 1]));
      return out.join('');
    },
  };
}
