// `npm run data:synthetic -- --articles N [--out dir]`: writes a plainly synthetic archive.
import { fail, parseCommandLine } from '../src/pipeline/command-line.ts';
import { writeSyntheticArchive } from '../src/pipeline/synthetic.ts';

const HELP = `Usage: npm run data:synthetic -- [--articles N] [--out <dir>]

Writes a plainly synthetic archive (every text says it is synthetic) for tests and measurements.
The folder is replaced.

  --articles N  how many articles (default 100)
  --out <dir>   the folder to write (default synthetic-data)
  --help        show this help`;

const values = parseCommandLine('npm run data:synthetic', HELP, {
  articles: { type: 'string', default: '100' },
  out: { type: 'string', default: 'synthetic-data' },
});
const count = Number(values.articles);
if (!/^[0-9]+$/.test(values.articles!) || count < 1)
  fail('npm run data:synthetic', `--articles must be a whole number of at least 1, not "${values.articles}"`);
await writeSyntheticArchive(values.out!, count);
console.log(`Wrote ${count} synthetic articles to ${values.out}/. Build with it: DATA_DIR=${values.out} npm run build`);
