// `npm run data [-- --data <dir>] [--out <dir>]`: checks the archive; writes the static API only when
// asked to, with --out, and never into a built site, whose API only the build writes.
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { apiFiles, BUILD_INFO_DIR } from '../src/lib/site-layout.ts';
import { ArchiveError, buildApiFromDir, writeApi } from '../src/pipeline/archive.ts';
import { fail, parseCommandLine } from '../src/pipeline/command-line.ts';

const COMMAND = 'npm run data';
const HELP = `Usage: ${COMMAND} [-- --data <dir>] [--out <dir>]

Checks every file of the archive and every reference between files. Each problem is printed with its
file, field and what is wrong, and the status is 1. By default nothing is written.

  --data <dir>  the archive folder (default data, or DATA_DIR)
  --out <dir>   also write the static JSON API into <dir>, all at once and only if the archive passes;
                <dir> is replaced whole, so it must be new, empty, or an API this command wrote.
                Not inside a built site (a folder with ${BUILD_INFO_DIR}/manifest.json, such as dist/): npm run build
                writes the site's own API, with what this one lacks (search, the site's address)
  --check       only check (the default)
  --help        show this help`;

const values = parseCommandLine(COMMAND, HELP, {
  data: { type: 'string', default: process.env.DATA_DIR ?? 'data' },
  out: { type: 'string' },
  check: { type: 'boolean', default: false },
});

/** The built site that dir is in or is, if any: the nearest folder, dir's own or above it, with the build's manifest. */
function builtSiteAround(dir: string): string | undefined {
  // Through symbolic links, as the writes would go: from the deepest folder that is there.
  let existing = path.resolve(dir);
  while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  for (let folder = realpathSync(existing); ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, BUILD_INFO_DIR, 'manifest.json'))) return folder;
    if (path.dirname(folder) === folder) return undefined;
  }
}

const out = values.out;
if (out !== undefined && values.check) fail(COMMAND, '--check only checks, and --out writes: give one of them');
const site = out === undefined ? undefined : builtSiteAround(out);
if (out !== undefined && site !== undefined) {
  fail(
    COMMAND,
    `--out ${out} is inside the site that npm run build made in ${site} (it has ${BUILD_INFO_DIR}/manifest.json); ` +
      'only npm run build writes there: give another folder',
  );
}

// --out is replaced whole: never a folder of something else (--out . would be the project).
if (out !== undefined && !isEmptyOrApi(out))
  fail(
    COMMAND,
    `--out ${out} holds files that are not an API this command wrote (no ${apiFiles.site()}), and would be replaced whole: give an empty or new folder`,
  );

/** Whether a folder is missing, empty, or an API that npm run data wrote (its site file is there). */
function isEmptyOrApi(dir: string): boolean {
  const names = existsSync(dir) ? readdirSync(dir) : [];
  return names.length === 0 || names.includes(apiFiles.site());
}

try {
  const files = await buildApiFromDir(path.resolve(values.data!));
  if (out === undefined) {
    console.log(`Archive OK: ${values.data}/ makes ${files.size} API files. Nothing was written (--out <dir> writes them).`);
  } else {
    await writeApi(files, path.resolve(out));
    console.log(`Archive OK: wrote ${files.size} API files to ${out}/`);
  }
} catch (error) {
  console.error(error instanceof ArchiveError ? error.message : error);
  if (out !== undefined) console.error(`Nothing was written; ${out}/ is as it was.`);
  process.exitCode = 1;
}
