// `npm run build [-- --out dist]`: checks the archive, builds the app, prerenders every address to
// static HTML with its data, and writes the static API. Everything goes to a fresh folder that replaces
// the output only when all of it is done, so a failed build leaves the previous one in place.
// DATA_DIR chooses the archive (default data/), BASE_PATH the sub-path the site is served from.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import type { RenderedPage } from '../src/entry-server.tsx';
import { compilePageTemplate } from '../src/pipeline/page-template.ts';
import { apiFilesFetch, ArchiveError, buildApiFromDir, replaceDirectory, writeApiFiles, type ApiFiles } from '../src/pipeline/archive.ts';

// React and its friends pick their production builds by NODE_ENV, which a calling test runner sets to "test".
process.env.NODE_ENV = 'production';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist' } } });
const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
const outDir = path.resolve(values.out);
const base = (process.env.BASE_PATH ?? '/').replace(/\/?$/, '/');
const staging = `${outDir}.new-${process.pid}`;
// Inside the project, so that the server bundle finds its dependencies in node_modules/.
const serverDir = path.resolve(`node_modules/.cache/prerender-${process.pid}`);

/** Every address of the site: the front page, each section's pages, each article. */
function addresses(files: ApiFiles): string[] {
  const list = ['/'];
  for (const file of files.keys()) {
    let match = /^articles\/(.+)\.json$/.exec(file);
    if (match) list.push(`/articles/${match[1]}`);
    match = /^sections\/(.+)\/(\d+)\.json$/.exec(file);
    if (match) list.push(match[2] === '1' ? `/sections/${match[1]}` : `/sections/${match[1]}/page/${match[2]}`);
  }
  return list;
}

async function main() {
  const started = performance.now();
  let files: ApiFiles;
  try {
    files = await buildApiFromDir(dataDir);
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error;
    console.error(error.message);
    console.error(`Nothing was built; ${path.relative(process.cwd(), outDir)}/ is as it was.`);
    process.exitCode = 1;
    return;
  }

  try {
    await build({ logLevel: 'warn', build: { outDir: staging, emptyOutDir: true } });
    await build({ logLevel: 'warn', build: { ssr: 'src/entry-server.tsx', outDir: serverDir, emptyOutDir: true } });
    const { renderPage } = (await import(pathToFileURL(path.join(serverDir, 'entry-server.js')).href)) as {
      renderPage: (address: string) => Promise<RenderedPage>;
    };

    // The prerender reads the same API files the site will serve.
    globalThis.fetch = apiFilesFetch(files, `${base}api/`) as typeof fetch;
    const template = compilePageTemplate(await readFile(path.join(staging, 'index.html'), 'utf8'), `${base}boot.js`);
    const pages = addresses(files);
    for (const address of pages) {
      const page = await renderPage(address);
      if (page.status !== 200) throw new Error(`${address} rendered with status ${page.status}`);
      const file = path.join(staging, address, 'index.html');
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, template.fill(page));
    }
    // Any other address: a static host serves 404.html (with status 404 where it can).
    const notFound = await renderPage('/articles/-');
    await writeFile(path.join(staging, '404.html'), template.fill(notFound));
    await writeApiFiles(files, path.join(staging, 'api'));

    await replaceDirectory(staging, outDir);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Built ${pages.length} pages and ${files.size} API files into ${path.relative(process.cwd(), outDir)}/ in ${seconds} s.`);
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rm(serverDir, { recursive: true, force: true });
  }
}

await main();
