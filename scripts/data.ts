// `npm run data [-- --data <dir>] [-- --out <dir>]`: checks the archive and writes the static API.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ArchiveError, buildApiFromDir, writeApi } from '../src/pipeline/archive.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: 'data' },
    out: { type: 'string', default: 'dist/api' },
  },
});

try {
  const files = await buildApiFromDir(path.resolve(values.data));
  await writeApi(files, path.resolve(values.out));
  console.log(`Archive OK: wrote ${files.size} API files to ${values.out}/`);
} catch (error) {
  console.error(error instanceof ArchiveError ? error.message : error);
  console.error(`Nothing was written; ${values.out}/ is as it was.`);
  process.exitCode = 1;
}
