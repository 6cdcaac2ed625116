import react from '@vitejs/plugin-react';
import browserslist from 'browserslist';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';
import { CONTENT_SECURITY_POLICY } from './scripts/content-security-policy.ts';
import { archiveApi } from './src/pipeline/vite-plugin.ts';

/** Puts the policy into the built index.html. Not in dev: Vite's dev server needs inline scripts. */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'content-security-policy-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

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
  build: { target: buildTargets() },
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
  plugins: [react(), archiveApi({ dataDir: process.env.DATA_DIR ?? 'data' }), contentSecurityPolicyMeta()],
  server: { host: '127.0.0.1' },
  test: {
    environment: 'jsdom',
    setupFiles: ['tests/setup.ts'],
    include: ['tests/**/*.test.{ts,tsx}'],
    // The browser suite has its own config (vitest.e2e.config.ts) and command (npm run test:e2e).
    exclude: ['tests/e2e/**', 'node_modules/**'],
  },
}));
