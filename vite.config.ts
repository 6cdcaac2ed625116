import react from '@vitejs/plugin-react';
import browserslist from 'browserslist';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { minifySync } from 'vite';
import { defineConfig, type Plugin } from 'vitest/config';
import { contentSecurityPolicy } from './scripts/content-security-policy.ts';
import { displayScript } from './src/lib/display.ts';
import { normalizeBase } from './src/lib/site-layout.ts';
import { archiveApi } from './src/pipeline/vite-plugin.ts';

/**
 * Puts the script that applies the reader's display preferences (theme, text size) into every page's
 * head, where it runs before the first paint: no flash of the wrong theme, no jump in text size. The
 * preferences are those of the site at the base path built for.
 */
function displayPreferences(): Plugin {
  let base = '/';
  return {
    name: 'display-preferences',
    configResolved: (config) => void (base = normalizeBase(config.base)),
    transformIndexHtml: () => [{ tag: 'script', children: displayScript(base), injectTo: 'head' }],
  };
}

/**
 * Builds only (Vite's dev server needs inline scripts): puts the stylesheet into index.html, so that a
 * page needs no second round trip before its first paint; puts public/boot.js, which starts the app's
 * script once the page has loaded, in place of the app's script element, so that nothing is requested
 * before the first paint but the page (a request for the starter made the first paint wait for it in
 * Lighthouse's model of a phone: LCP 740 ms against 1,045, median of 5 each, interleaved); and the
 * Content-Security-Policy into a meta tag that allows these and the display script by their hashes.
 */
function inlineStylesheetStarterAndPolicy(): Plugin {
  let base = '/';
  return {
    name: 'inline-stylesheet-starter-and-policy',
    apply: 'build',
    configResolved: (config) => void (base = normalizeBase(config.base)),
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        const styles: string[] = [];
        let out = '';
        let cursor = 0;
        for (const link of html.matchAll(/<link rel="stylesheet"[^>]*? href="([^"]+)"[^>]*>/g)) {
          const asset = Object.values(bundle ?? {}).find((file) => file.type === 'asset' && link[1].endsWith(`/${file.fileName}`));
          if (asset?.type !== 'asset') throw new Error(`index.html links to ${link[1]}, which the build did not make`);
          const css = String(asset.source);
          if (/<\/style/i.test(css)) throw new Error(`${asset.fileName} cannot be put inside a style element`);
          styles.push(css);
          out += `${html.slice(cursor, link.index)}<style>${css}</style>`;
          cursor = link.index + link[0].length;
          // Nothing links to it any more.
          delete bundle![asset.fileName];
        }
        out += html.slice(cursor);
        const starter = minifySync('boot.js', readFileSync(new URL('public/boot.js', import.meta.url), 'utf8')).code;
        if (/<\/script/i.test(starter)) throw new Error('public/boot.js cannot be put inside a script element');
        const entry = /<script type="module" crossorigin src="([^"]+)"><\/script>/.exec(out);
        if (!entry) throw new Error("the built index.html has no script element for the app's script");
        // Vite's preloads of the scripts the app's script imports would be fetched before the first paint:
        // the starter fetches them with the app's script instead.
        const imports: string[] = [];
        out = out.replace(/<link rel="modulepreload" crossorigin href="([^"]+)">\s*/g, (_, href: string) => {
          imports.push(href);
          return '';
        });
        out = out.replace(entry[0], () => `<script data-entry="${entry[1]}" data-imports="${imports.join(' ')}">${starter}</script>`);
        return {
          html: out,
          tags: [
            {
              tag: 'meta',
              attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy(styles, [displayScript(base), starter]) },
              injectTo: 'head-prepend',
            },
          ],
        };
      },
    },
  };
}

const LIBRARIES = /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack[\\/](react-query|query-core))[\\/]/;

// The names Vite's build target uses for browserslist's browsers.
const TARGET_NAMES: Record<string, string> = { chrome: 'chrome', edge: 'edge', firefox: 'firefox', safari: 'safari', ios_saf: 'ios' };

/** The oldest version of each supported browser, from the "browserslist" entry in package.json. */
function buildTargets(): string[] {
  const oldest = new Map<string, string>();
  for (const entry of browserslist()) {
    const [name, range] = entry.split(' ');
    const target = TARGET_NAMES[name];
    if (!target) throw new Error(`package.json browserslist names ${name}, which the build cannot target`);
    const version = range.split('-')[0];
    const known = oldest.get(target);
    if (!known || Number.parseFloat(version) < Number.parseFloat(known)) oldest.set(target, version);
  }
  return [...oldest].map(([target, version]) => `${target}${version}`);
}

export default defineConfig(({ mode }) => ({
  build: {
    target: buildTargets(),
    // The polyfill fetches the page's module preloads where the browser does not (Safari 16, Firefox 114),
    // but it runs only inside the app's script, which by then has asked for every module itself.
    modulePreload: { polyfill: false },
    // Chromium's explicit compile hint: the app's script, much of which runs as the page is taken
    // over, is compiled whole on a background thread as it downloads, rather than function by function
    // on the main thread (the page's blocking time in Lighthouse: 97 ms against 169, median of 5 runs
    // each, interleaved). Other browsers read it as a comment.
    rolldownOptions: {
      output: {
        postBanner: '//# allFunctionsCalledOnLoad',
        // Everything a page starts with in one script, and only the lazy routes (src/app.tsx) apart: left
        // to itself, the bundler put the code those routes share with the app in a second file that every
        // page would load (the app's script 79.4 KB gzip, the shared file 45.8 KB).
        codeSplitting: {
          groups: [
            { name: 'libraries', test: LIBRARIES, priority: 2 },
            { name: 'app', tags: ['$initial'], priority: 1 },
          ],
        },
      },
    },
  },
  // React Router's package sends every importer to its development build, with its warnings and checks;
  // the production build is in the same package. The server bundle includes it so that this applies there too.
  resolve:
    mode === 'production'
      ? {
          alias: [
            {
              find: /^react-router$/,
              replacement: fileURLToPath(new URL('node_modules/react-router/dist/production/index.mjs', import.meta.url)),
            },
          ],
        }
      : {},
  ssr: { noExternal: ['react-router'] },
  // Set BASE_PATH=/news/ to serve the app from a sub-path.
  base: process.env.BASE_PATH ?? '/',
  // Set DATA_DIR to build from an archive other than data/.
  plugins: [react(), archiveApi({ dataDir: process.env.DATA_DIR ?? 'data' }), displayPreferences(), inlineStylesheetStarterAndPolicy()],
  server: { host: '127.0.0.1' },
  test: {
    environment: 'jsdom',
    setupFiles: ['tests/setup.ts'],
    include: ['tests/**/*.test.{ts,tsx}'],
    // The browser suite has its own config (vitest.e2e.config.ts) and command (npm run test:e2e).
    exclude: ['tests/e2e/**', 'node_modules/**'],
    // Vitest leaves one core free by default, which on a 2-core machine runs the files one at a time;
    // much of the suite waits on builds' child processes and worker threads, so two at once is faster.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
}));
