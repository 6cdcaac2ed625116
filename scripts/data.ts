// `npm run data [-- --data <dir>] [--out <dir>] [--check]`: checks the archive and writes the static API
// (with --check, only checks it).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ArchiveError, buildApiFromDir, writeApi } from '../src/pipeline/archive.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: process.env.DATA_DIR ?? 'data' },
    out: { type: 'string', default: 'dist/api' },
    check: { type: 'boolean', default: false },
  },
});

try {
  const files = await buildApiFromDir(path.resolve(values.data));
  if (values.check) {
    console.log(`Archive OK: ${values.data}/ makes ${files.size} API files.`);
  } else {
    await writeApi(files, path.resolve(values.out));
    console.log(`Archive OK: wrote ${files.size} API files to ${values.out}/`);
  }
} catch (error) {
  console.error(error instanceof ArchiveError ? error.message : error);
  if (!values.check) console.error(`Nothing was written; ${values.out}/ is as it was.`);
  process.exitCode = 1;
}
