// A worker of the build's pool (tinypool): renders pages, reading the API from the output folder as the
// site will serve it, and writes each page's file. It is bundled with the server entry (site-build.ts),
// so that the worker runs as plain JavaScript with the app's production build.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Tinypool from 'tinypool';
import { createPageRenderer } from '../entry-server.tsx';
import { API_DIR } from '../lib/site-layout.ts';
import { apiDirFetch } from './archive.ts';
import { writeNewFileSync } from './output.ts';
import { compilePageTemplate } from './page-template.ts';

export interface RenderWorkerData {
  /** The built index.html. */
  templateFile: string;
  /** Each lazily loaded module of the app and its script's address (a page at a lazy route preloads it). */
  lazyScripts: Record<string, string>;
  /** Where pages are written: the build's stage, which nothing reads until it is published. */
  outDir: string;
  /** The API folders to read, in order: the staged API, then (an incremental build) the published one. */
  apiDirs: string[];
  base: string;
}

export interface RenderTask {
  /** Each page: its address and, relative to outDir, its file. */
  pages: { address: string; file: string; status: number }[];
}

export interface RenderResult {
  file: string;
  liveArticleIds: string[];
}

const data = Tinypool.workerData as RenderWorkerData;
const renderPage = createPageRenderer();
const ready = (async () => {
  globalThis.fetch = apiDirFetch(data.apiDirs, `${data.base}${API_DIR}/`) as typeof fetch;
  return compilePageTemplate(await readFile(data.templateFile, 'utf8'), data.lazyScripts);
})();

export default async function render({ pages }: RenderTask): Promise<RenderResult[]> {
  const template = await ready;
  const results: RenderResult[] = [];
  for (const { address, file, status } of pages) {
    const page = await renderPage(address);
    if (page.status !== status) throw new Error(`${address} rendered with status ${page.status}, not ${status}`);
    // Synchronous: the worker has nothing else to do meanwhile, and the thread pool is spared.
    writeNewFileSync(path.join(data.outDir, file), template.fill(page));
    results.push({ file, liveArticleIds: page.liveArticleIds });
  }
  return results;
}
