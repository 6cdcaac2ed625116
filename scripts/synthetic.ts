// `npm run data:synthetic -- --articles N [--out dir]`: writes a plainly synthetic archive.
import { parseArgs } from 'node:util';
import { writeSyntheticArchive } from '../src/pipeline/synthetic.ts';

const { values } = parseArgs({
  options: { articles: { type: 'string', default: '100' }, out: { type: 'string', default: 'synthetic-data' } },
});
const count = Number(values.articles);
if (!Number.isInteger(count) || count < 1) {
  console.error(`--articles must be a whole number of at least 1, not "${values.articles}"`);
  process.exit(1);
}
await writeSyntheticArchive(values.out, count);
console.log(`Wrote ${count} synthetic articles to ${values.out}/. Build with it: npm run data -- --data ${values.out}`);
