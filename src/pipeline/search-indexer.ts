// One Pagefind indexer making one search bundle, in a process of its own that search-index.ts forks for
// each bundle. Pagefind's Node API keeps its indexer (a process it starts) in module state, and the
// indexer reads its settings from the environment it starts with: a process for each bundle gives each
// its own indexer and environment, and leaves the build's own alone. It is told where to write the
// bundle, then sent the records in order, then to write; it reports progress, writes the bundle and exits.
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import * as pagefind from 'pagefind';
import type { CustomRecord, PagefindIndex } from 'pagefind';

/** What the indexer is sent: where the bundle goes, its records in batches (indexed in this order, which the index depends on), then to write it. */
export type IndexerRequest =
  { kind: 'start'; language: string; outputPath: string } | { kind: 'records'; records: CustomRecord[] } | { kind: 'write' };

/** What the indexer says: how many more records it has indexed; then that it wrote the bundle, or why it could not. */
export type IndexerReply = { kind: 'indexed'; count: number } | { kind: 'written' } | { kind: 'failed'; message: string };

let bundle: { index: PagefindIndex; outputPath: string } | undefined;

async function handle(request: IndexerRequest): Promise<void> {
  if (request.kind === 'start') {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: request.language });
    if (!index) throw new Error(`Could not start the search indexer: ${errors.join('; ')}`);
    bundle = { index, outputPath: request.outputPath };
    return;
  }
  if (!bundle) throw new Error(`The search indexer was sent "${request.kind}" before "start".`);
  if (request.kind === 'records') {
    for (const record of request.records) {
      const added = await bundle.index.addCustomRecord(record);
      if (added.errors.length > 0)
        throw new Error(`Could not index articles/${record.meta?.id}.json for search: ${added.errors.join('; ')}`);
    }
    await send({ kind: 'indexed', count: request.records.length });
    return;
  }
  const { outputPath } = bundle;
  await rm(outputPath, { recursive: true, force: true });
  const result = await bundle.index.writeFiles({ outputPath });
  if (result.errors.length > 0) throw new Error(`Could not write the search index: ${result.errors.join('; ')}`);
  // Pagefind's own search interfaces: the app has its own search page.
  for (const name of await readdir(outputPath))
    if (/^pagefind-(ui|modular-ui|component-ui|highlight)\./.test(name)) await rm(path.join(outputPath, name));
  await finish({ kind: 'written' });
}

const send = (reply: IndexerReply) => new Promise<void>((resolve) => process.send!(reply, () => resolve()));

/** Says how it ended, stops Pagefind's indexer and lets the process end. */
async function finish(reply: IndexerReply): Promise<void> {
  await send(reply);
  await pagefind.close();
  process.disconnect();
}

// One request at a time, in the order sent; after a failure, the rest are ignored.
let work = Promise.resolve();
let failed = false;
process.on('message', (request) => {
  work = work.then(async () => {
    if (failed) return;
    try {
      await handle(request as IndexerRequest);
    } catch (error) {
      failed = true;
      await finish({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  });
});

// Once the build lets go of it (it has said how it ended, or the build was stopped or killed), it stops,
// and Pagefind's indexer with it: an indexer whose build is gone must not go on writing into its output.
process.on('disconnect', () => void pagefind.close().finally(() => process.exit(0)));
