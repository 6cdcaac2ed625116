// The lower bound of a client-side navigation, for the navigation part.
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pageFile } from '../../src/lib/site-layout.ts';

/**
 * The built site's section page at `start` without the app, with a script that fetches every page it
 * links to once loaded, and on a click shows the page's prerendered content in place (history, title,
 * scroll, focus on the heading, as the app does), with nothing to render.
 */
export async function writeNavigationLowerBound(appDir: string, dir: string, start: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await cp(appDir, dir, { recursive: true });
  const page = path.join(dir, pageFile(start));
  const html = (await readFile(page, 'utf8'))
    .replace(/<script data-entry="[^"]*"[^>]*>[\s\S]*?<\/script>/, '')
    .replace(/<script type="application\/json" id="app-data">[\s\S]*?<\/script>/, '')
    .replace('</body>', '<script src="/lower-bound.js"></script></body>');
  await writeFile(page, html);
  await writeFile(
    path.join(dir, 'lower-bound.js'),
    `const pages = new Map();
for (const link of document.querySelectorAll('a[href^="/"]')) {
  if (pages.has(link.href)) continue;
  pages.set(link.href, null);
  fetch(link.href).then((response) => response.text()).then((text) => {
    const next = new DOMParser().parseFromString(text, 'text/html');
    pages.set(link.href, { title: next.title, root: next.getElementById('root').innerHTML });
  });
}
document.addEventListener('click', (event) => {
  const link = event.target.closest('a');
  const next = link && pages.get(link.href);
  if (!next) return;
  event.preventDefault();
  history.pushState(null, '', link.href);
  document.title = next.title;
  document.getElementById('root').innerHTML = next.root;
  scrollTo(0, 0);
  const heading = document.querySelector('main h1');
  heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: true });
});
`,
  );
}
