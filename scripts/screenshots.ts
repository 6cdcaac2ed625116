// `npm run screenshots`: serves the production build (run `npm run build` first) and writes
// screenshots of the main pages at phone and desktop widths into artifacts/screenshots/.
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { parseCommandLine } from '../src/pipeline/command-line.ts';
import { startStaticServer } from './static-server.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, requireChromium } from './chromium.ts';

parseCommandLine(
  'npm run screenshots',
  `Usage: npm run screenshots

After npm run build: serves dist/ and writes screenshots of the main pages at 390 px and 1280 px wide
into artifacts/screenshots/.

  --help  show this help`,
  {},
);

const PAGES = {
  front: '/',
  article: '/articles/japan-u-s-to-release-joint-paper-on-security-cooperation',
  'headline-only': '/articles/core-inflation-in-tokyo-accelerates-in-november',
  section: '/sections/politics',
  'section-month': '/sections/politics/2023-01',
  'not-found': '/articles/no-such-article',
  saved: '/saved',
  offline: `/offline?${new URLSearchParams({ from: '/articles/japan-u-s-to-release-joint-paper-on-security-cooperation' })}`,
  search: '/search?q=security',
};
const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };

requireChromium('npm run screenshots');
const server = await startStaticServer({ dir: 'dist' });
const { origin } = server;
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: CHROMIUM_FLAGS,
});
try {
  await mkdir('artifacts/screenshots', { recursive: true });
  for (const [size, viewport] of Object.entries(SIZES)) {
    const page = await browser.newPage({ viewport });
    for (const [name, path] of Object.entries(PAGES)) {
      await page.goto(origin + path, { waitUntil: 'networkidle' });
      const file = `artifacts/screenshots/${name}-${size}.png`;
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
