// Part "scale": build time, output size and the bytes fetched for one article view as a synthetic
// archive grows (10, 1,000, 10,000 articles by default).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { syntheticId, writeSyntheticArchive } from '../../src/pipeline/synthetic.ts';
import { startStaticServer } from '../static-server.ts';
import { loadPage } from './browser.ts';
import { build, WORK } from './build.ts';
import { round } from './numbers.ts';
import { filesIn } from './output.ts';

/** Bytes the browser received for one article view (document, code, styles, data, prefetches). */
async function articleViewBytes(browser: Browser, url: string): Promise<{ bytes: number; requests: number }> {
  let bytes = 0;
  let requests = 0;
  await loadPage(browser, url, (request) => {
    requests++;
    return request.sizes().then((s) => void (bytes += s.responseBodySize + s.responseHeadersSize));
  });
  return { bytes, requests };
}

/** The scale table, an archive of each of `sizes` articles. */
export async function measureScale(browser: Browser, sizes: number[]): Promise<Record<string, unknown>> {
  const scale: { articles: number; buildSeconds: number; outputMB: number; articleViewBytes: number; articleViewRequests: number }[] = [];
  for (const n of sizes) {
    console.log(`Scale: ${n} articles …`);
    const data = path.join(WORK, `data-${n}`);
    const out = path.join(WORK, `out-${n}`);
    await writeSyntheticArchive(data, n);
    const seconds = build(out, { DATA_DIR: data });
    const server = await startStaticServer({ dir: out });
    const view = await articleViewBytes(browser, `${server.origin}/articles/${syntheticId(Math.ceil(n / 2))}`);
    await server.close();
    scale.push({
      articles: n,
      buildSeconds: round(seconds, 1),
      outputMB: round((await filesIn(out, { withBuildRecords: true })).bytes / 1e6, 1),
      articleViewBytes: view.bytes,
      articleViewRequests: view.requests,
    });
    await rm(out, { recursive: true, force: true });
  }
  console.log('\nArticles   build (s)   output (MB)   bytes for one article view (requests)');
  for (const s of scale)
    console.log(
      `  ${String(s.articles).padEnd(8)} ${String(s.buildSeconds).padEnd(11)} ${String(s.outputMB).padEnd(13)} ${s.articleViewBytes} (${s.articleViewRequests})`,
    );
  return { scale };
}
