// `npm run data [-- --data <dir>] [--out <dir>] [--check]`: checks the archive and writes the static API
// (with --check, only checks it).
import path from 'node:path';
import { ArchiveError, buildApiFromDir, writeApi } from '../src/pipeline/archive.ts';
import { parseCommandLine } from '../src/pipeline/command-line.ts';

const HELP = `Usage: npm run data [-- --data <dir>] [--out <dir>] [--check]

Checks every file of the archive and every reference between files, and writes the static JSON API.
Each problem is printed with its file, field and what is wrong; then nothing is written.

  --data <dir>  the archive folder (default data, or DATA_DIR)
  --out <dir>   where the API goes (default dist/api)
  --check       only check the archive
  --help        show this help`;

const values = parseCommandLine('npm run data', HELP, {
  data: { type: 'string', default: process.env.DATA_DIR ?? 'data' },
  out: { type: 'string', default: 'dist/api' },
  check: { type: 'boolean', default: false },
});

try {
  const files = await buildApiFromDir(path.resolve(values.data!));
  if (values.check) {
    console.log(`Archive OK: ${values.data}/ makes ${files.size} API files.`);
  } else {
    await writeApi(files, path.resolve(values.out!));
    console.log(`Archive OK: wrote ${files.size} API files to ${values.out}/`);
  }
} catch (error) {
  console.error(error instanceof ArchiveError ? error.message : error);
  if (!values.check) console.error(`Nothing was written; ${values.out}/ is as it was.`);
  process.exitCode = 1;
}
