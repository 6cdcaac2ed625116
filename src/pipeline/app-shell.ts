// What makes the site an installable app that works offline: its icons (drawn from the app's
// favicon.svg by resvg), its web app manifest (named after the publication), and its service worker
// with the list of the app shell's files that it keeps on the device. Each comes with a key, so that
// the build makes and writes only what changed.
import type { Publication } from '../api/schemas.ts';
import { textDirection } from '../lib/dates.ts';
import { ICON_SIZES, iconFile, SERVICE_WORKER_FILE, WEB_MANIFEST_FILE } from '../lib/site-layout.ts';
import { hashOf, hashOfBytes, type SiteFile } from './output.ts';

/** The colours of the app's window and splash screen: the stylesheet's paper and ink (src/styles.css). */
export const APP_COLOURS = { background: '#ffffff', theme: '#1a1a1a' };

export function iconsOf(svg: Uint8Array): SiteFile[] {
  const svgKey = hashOfBytes(svg);
  return ICON_SIZES.map((size) => ({
    file: iconFile(size),
    key: hashOf(svgKey, String(size)),
    make: async () => {
      // Loaded only when an icon is drawn: a native module most builds do not need.
      const { Resvg } = await import('@resvg/resvg-js');
      return new Resvg(Buffer.from(svg), { fitTo: { mode: 'width', value: size } }).render().asPng();
    },
  }));
}

export function webManifestOf(publication: Publication, base: string): SiteFile {
  const text = `${JSON.stringify(
    {
      name: publication.name,
      short_name: publication.name,
      lang: publication.locale,
      dir: textDirection(publication.locale),
      start_url: base,
      scope: base,
      display: 'standalone',
      background_color: APP_COLOURS.background,
      theme_color: APP_COLOURS.theme,
      icons: ICON_SIZES.map((size) => ({ src: `${base}${iconFile(size)}`, sizes: `${size}x${size}`, type: 'image/png', purpose: 'any' })),
    },
    null,
    2,
  )}\n`;
  return { file: WEB_MANIFEST_FILE, key: hashOf(text), make: () => Promise.resolve(text) };
}

/** Where the built worker leaves room for its list: the build writes the list in its place. */
const PRECACHE_MARKER = 'self.__WB_MANIFEST';

/**
 * The service worker with its list of what to keep on the device: each file by its address inside the
 * site, with a revision (null for the hashed assets, whose names change with their content).
 */
export function serviceWorkerOf(source: string, precache: { url: string; revision: string | null }[]): SiteFile {
  const parts = source.split(PRECACHE_MARKER);
  if (parts.length !== 2)
    throw new Error(`The built service worker should have "${PRECACHE_MARKER}" once; it has it ${parts.length - 1} times`);
  const text = parts.join(JSON.stringify(precache));
  return { file: SERVICE_WORKER_FILE, key: hashOf(text), make: () => Promise.resolve(text) };
}
