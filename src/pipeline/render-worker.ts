// A worker of the build's pool (tinypool): renders pages, reading the API from the output folder as the
// site will serve it, and writes each page's file. It is bundled with the server entry (site-build.ts),
// so that the worker runs as plain JavaScript with the app's production build.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Tinypool from 'tinypool';
import { createPageRenderer } from '../entry-server.tsx';
import { API_DIR } from '../lib/site-layout.ts';
import { apiDirFetch } from './archive.ts';
import { writeFileAtomicSync, writeNewFileSync } from './output.ts';
import { compilePageTemplate } from './page-template.ts';

export interface RenderWorkerData {
  /** The built index.html. */
  templateFile: string;
  /** Each lazily loaded module of the app and its script's address (a page at a lazy route preloads it). */
  lazyScripts: Record<string, string>;
  outDir: string;
  base: string;
  /** Whether outDir is a full build's fresh folder, which nothing reads until it is complete. */
  fresh: boolean;
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
const writeOut = data.fresh ? writeNewFileSync : writeFileAtomicSync;
const ready = (async () => {
  globalThis.fetch = apiDirFetch(path.join(data.outDir, API_DIR), `${data.base}${API_DIR}/`) as typeof fetch;
  return compilePageTemplate(await readFile(data.templateFile, 'utf8'), data.lazyScripts);
})();

export default async function render({ pages }: RenderTask): Promise<RenderResult[]> {
  const template = await ready;
  const results: RenderResult[] = [];
  for (const { address, file, status } of pages) {
    const page = await renderPage(address);
    if (page.status !== status) throw new Error(`${address} rendered with status ${page.status}, not ${status}`);
    // Synchronous: the worker has nothing else to do meanwhile, and the thread pool is spared.
    writeOut(path.join(data.outDir, file), template.fill(page));
    results.push({ file, liveArticleIds: page.liveArticleIds });
  }
  return results;
}
