// `npm run bench`: measures the production build against its lower bound and at scale. A script, not a
// test: these machines are shared and noisy, so it prints medians and ratios from one run, and writes them
// all to artifacts/bench.json.
//
// Each part is a module of this folder named as --only names it: lighthouse.ts, navigation.ts, scale.ts,
// publish.ts, search.ts, safety.ts. What they share: build.ts (building the site, timed), output.ts (what
// a build wrote), browser.ts (driving Chromium), numbers.ts (medians, printing sizes) and baseline.ts (an
// earlier commit built in a worktree; the default commits are in baselines.json).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fail, parseCommandLine } from '../../src/pipeline/command-line.ts';
import { requireChromium } from '../chromium.ts';
import { BASELINES, isCommit } from './baseline.ts';
import { launchChromium } from './browser.ts';
import { WORK } from './build.ts';
import { measureLighthouse } from './lighthouse.ts';
import { measureNavigation } from './navigation.ts';
import { measurePublish } from './publish.ts';
import { measureSafety } from './safety.ts';
import { measureScale } from './scale.ts';
import { measureSearch } from './search.ts';

const COMMAND = 'npm run bench';
const PARTS = ['lighthouse', 'navigation', 'scale', 'publish', 'search', 'safety'];

const values = parseCommandLine(
  COMMAND,
  `Usage: npm run bench [-- --only lighthouse,navigation,scale,publish,search,safety] [options]

Measures the production build against its lower bound and at scale; prints tables and writes
artifacts/bench.json. Long (the publishing part builds archives of up to 300,000 articles).
Each part is a module of scripts/bench/ of the same name:
  lighthouse   Lighthouse on an article deep link against a static page of it; its bytes, start, prefetch
  navigation   click-to-headline between articles, with and without prefetch, and its lower bound
  scale        build time, output size and one article view's bytes as the archive grows
  publish      full and incremental builds against an earlier commit; a 1,000,000-article projection
  search       a first query's bytes, query times, and the index's cost in a build
  safety       one article added to a large archive, by this build and an earlier commit, in turns

  --only <parts>             which parts to run, comma-separated (default lighthouse,navigation,scale,publish,search;
                             safety runs only when named)
  --runs <n>                 Lighthouse runs of each page (default 3)
  --navigations <n>          click-to-headline navigations (default 60)
  --scale <sizes>            archive sizes for the scale table (default 10,1000,10000)
  --publish <sizes>          archive sizes for full builds (default 10000,100000); the last is used for publishing
  --projection <sizes>       sizes of the full builds the 1,000,000 projection is drawn from (default 10000,100000,300000)
  --publish-baseline <rev>   the commit built for the publishing table's "now" column
                             (default ${BASELINES.publish.commit}, ${BASELINES.publish.is})
  --search <sizes>           archive sizes (with varied synthetic text) for the search part (default 10000,100000)
  --safety <n>               the archive size for the safety part (default 100000)
  --adds <n>                 articles added, one build each, by each build in the safety part (default 5)
  --safety-baseline <rev>    the commit the safety part compares this build with
                             (default ${BASELINES.safety.commit}, ${BASELINES.safety.is})
  --help                     show this help

The default baselines are kept in scripts/bench/baselines.json.`,
  {
    only: { type: 'string', default: 'lighthouse,navigation,scale,publish,search' },
    runs: { type: 'string', default: '3' },
    navigations: { type: 'string', default: '60' },
    scale: { type: 'string', default: '10,1000,10000' },
    publish: { type: 'string', default: '10000,100000' },
    projection: { type: 'string', default: '10000,100000,300000' },
    'publish-baseline': { type: 'string', default: BASELINES.publish.commit },
    search: { type: 'string', default: '10000,100000' },
    safety: { type: 'string', default: '100000' },
    adds: { type: 'string', default: '5' },
    'safety-baseline': { type: 'string', default: BASELINES.safety.commit },
  },
);

/** An option's whole numbers of at least 1, comma-separated ("10,1000"); or one line saying it is wrong. */
function counts(option: keyof typeof values, { one = false } = {}): number[] {
  const text = String(values[option]);
  const items = text.split(',');
  if (items.some((item) => !/^[0-9]+$/.test(item) || Number(item) < 1) || (one && items.length > 1))
    fail(COMMAND, `--${option} takes ${one ? 'a whole number' : 'whole numbers, comma-separated,'} of at least 1, not "${text}"`);
  return items.map(Number);
}
const count = (option: keyof typeof values) => counts(option, { one: true })[0];
/** A baseline option's commit, checked now rather than after hours of the parts before it. */
function commit(option: 'publish-baseline' | 'safety-baseline'): string {
  const rev = values[option]!;
  if (!isCommit(rev)) fail(COMMAND, `--${option}: "${rev}" is not a commit of this repository`);
  return rev;
}

const only = new Set(values.only!.split(','));
for (const part of only) if (!PARTS.includes(part)) fail(COMMAND, `--only takes some of ${PARTS.join(',')}, not "${part}"`);
// Every option is read before anything is measured, so that a mistake stops the run at once.
const options = {
  runs: count('runs'),
  navigations: count('navigations'),
  scale: counts('scale'),
  publish: {
    sizes: counts('publish'),
    projectionSizes: counts('projection'),
    baselineCommit: only.has('publish') ? commit('publish-baseline') : '',
  },
  search: counts('search'),
  safety: { articles: count('safety'), adds: count('adds'), baselineCommit: only.has('safety') ? commit('safety-baseline') : '' },
};

await rm(WORK, { recursive: true, force: true });
await mkdir(WORK, { recursive: true });
const results: Record<string, unknown> = { date: new Date().toISOString(), machine: `${cpus().length} cores` };
// Every part but publish and safety measures in Chromium.
if ([...only].some((part) => part !== 'publish' && part !== 'safety')) requireChromium(COMMAND);
// The first three share one browser.
if (only.has('lighthouse') || only.has('navigation') || only.has('scale')) {
  const browser = await launchChromium();
  try {
    if (only.has('lighthouse')) Object.assign(results, await measureLighthouse(browser, options.runs));
    if (only.has('navigation')) Object.assign(results, await measureNavigation(browser, options.navigations));
    if (only.has('scale')) Object.assign(results, await measureScale(browser, options.scale));
  } finally {
    await browser.close();
  }
}
if (only.has('publish')) Object.assign(results, await measurePublish(options.publish));
if (only.has('search')) Object.assign(results, await measureSearch(options.search));
if (only.has('safety')) Object.assign(results, await measureSafety(options.safety));
await mkdir('artifacts', { recursive: true });
await writeFile('artifacts/bench.json', JSON.stringify(results, null, 2) + '\n');
console.log('\nWrote artifacts/bench.json');
await rm(WORK, { recursive: true, force: true });
