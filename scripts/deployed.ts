// `npm run deployed -- --build <n> [--out dist]`: says that a deploy has shipped the changes listed in
// dist/.build/changes.json up to that build, so that they leave the list (src/pipeline/publish.ts).
import path from 'node:path';
import { fail, parseCommandLine } from '../src/pipeline/command-line.ts';
import { acknowledgeDeploy, CHANGES_FILE, OutputLockedError } from '../src/pipeline/publish.ts';

const HELP = `Usage: npm run deployed -- --build <n> [--out <dir>]

Acknowledges a deploy: the files written and removed by every build up to <n> (the "build" number
in <out>/${CHANGES_FILE}, read before the deploy began) have been copied to the host, so they leave the
list. The changes of builds after it stay listed for the next deploy.

  --build <n>   the last build whose changes the deploy shipped
  --out <dir>   the build's output folder (default dist)
  --help        show this help`;

const values = parseCommandLine('npm run deployed', HELP, { build: { type: 'string' }, out: { type: 'string', default: 'dist' } });
if (!/^[0-9]+$/.test(values.build ?? ''))
  fail('npm run deployed', `--build: give the number of the last build deployed (the "build" in ${values.out}/${CHANGES_FILE})`);
const build = Number(values.build);
const outDir = path.resolve(values.out!);

try {
  const { acknowledged, changes } = await acknowledgeDeploy(outDir, build);
  console.log(
    acknowledged.length === 0
      ? `Nothing to acknowledge: the changes up to build ${build} were acknowledged before.`
      : `Deployed: build${acknowledged.length === 1 ? '' : 's'} ${acknowledged.join(', ')}.`,
  );
  console.log(
    changes.builds.length === 0
      ? 'Nothing is waiting to be deployed.'
      : `Still to deploy: ${changes.written.length} files to upload and ${changes.removed.length} to delete, of build${changes.builds.length === 1 ? '' : 's'} ${changes.builds.join(', ')}.`,
  );
} catch (error) {
  if (error instanceof RangeError || error instanceof OutputLockedError) fail('npm run deployed', error.message);
  throw error;
}
