// What a build wrote: the files of its output, and its own list of the changes it made.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { BUILD_INFO_DIR, SEARCH_DIR } from '../../src/lib/site-layout.ts';
import { acknowledgeDeploy, readChangeLog } from '../../src/pipeline/publish.ts';

/**
 * How many files a build's output holds and their bytes: what a host serves, or with the build's own
 * records (.build/) too, as the scale table counts them.
 */
export async function filesIn(dir: string, { withBuildRecords = false } = {}): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || (!withBuildRecords && entry.parentPath.includes(`${path.sep}${BUILD_INFO_DIR}`))) continue;
    files++;
    bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}

/** Whether a file a build wrote (a path inside its output) is part of the search index. */
export const isSearchIndexFile = (file: string) => file.startsWith(`${SEARCH_DIR}/`);

/** What the last build into outDir wrote and removed (its own entry in the list of changes; acknowledged as a deploy would). */
export async function changesOf(outDir: string): Promise<{ written: string[]; removed: string[] }> {
  const log = await readChangeLog(outDir);
  await acknowledgeDeploy(outDir, log.last);
  return log.pending.find((entry) => entry.build === log.last) ?? { written: [], removed: [] };
}
