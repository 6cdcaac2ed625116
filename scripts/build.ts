// `npm run build [-- --full] [--out dist]`: checks the archive, builds the app, and writes the static
// site: every page prerendered with its data, and the JSON API. Incremental: only the files whose
// inputs changed since the last build are written (src/pipeline/site-build.ts).
// DATA_DIR chooses the archive (default data/), SITE_URL the site's public address (or BASE_PATH only
// the sub-path it is served from).
import path from 'node:path';
import { normalizeBase, normalizeSiteUrl } from '../src/lib/site-layout.ts';
import { ArchiveError } from '../src/pipeline/archive.ts';
import { fail, parseCommandLine } from '../src/pipeline/command-line.ts';
import { CHANGES_FILE, OutputLockedError, UnfinishedPublishError } from '../src/pipeline/publish.ts';
import { buildSite } from '../src/pipeline/site-build.ts';

// React and its friends pick their production builds by NODE_ENV, which a calling test runner sets to "test".
process.env.NODE_ENV = 'production';

const HELP = `Usage: npm run build [-- --full] [--out <dir>]

Checks the archive in data/ (or DATA_DIR), builds the app and writes the static site into dist/.
Only files whose inputs changed since the last build are written, and the site is replaced all at
once at the end: a build that fails or is stopped leaves it as it was. <out>/${CHANGES_FILE} lists
the files written and removed since the last deploy, for a deploy step that uploads only those; once
they are deployed, say so with npm run deployed -- <build> (see docs/publishing.md, "Deploying only what changed").

  --full        render and write every file, ignoring the previous build
  --out <dir>   the output folder (default dist)
  --help        show this help

Environment:
  DATA_DIR   the archive folder (default data)
  SITE_URL   the site's public address, like https://news.example.com/news/: pages get their canonical
             address and share previews, and the build writes Atom feeds and sitemap.xml
  BASE_PATH  the sub-path the site is served from, like /news/, when SITE_URL is not given`;

const values = parseCommandLine('npm run build', HELP, { full: { type: 'boolean' }, out: { type: 'string' } });

const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
const outDir = path.resolve(values.out ?? 'dist');
const shown = path.relative(process.cwd(), outDir) || '.';

// The site's address, if given, says the base path too; BASE_PATH beside it must agree.
let siteUrl: string | undefined;
let base = normalizeBase(process.env.BASE_PATH);
if (process.env.SITE_URL) {
  try {
    siteUrl = normalizeSiteUrl(process.env.SITE_URL);
  } catch (error) {
    fail('npm run build', `SITE_URL: ${(error as Error).message}`);
  }
  const fromUrl = new URL(siteUrl).pathname;
  if (process.env.BASE_PATH && base !== fromUrl)
    fail('npm run build', `BASE_PATH ${base} differs from the path of SITE_URL (${fromUrl}); leave BASE_PATH out`);
  base = fromUrl;
} else {
  console.log('SITE_URL is not set: pages get no canonical address, and no feeds or sitemap are written (see --help).');
}

try {
  const report = await buildSite({ dataDir, outDir, base, siteUrl, full: values.full });
  const { pages } = report;
  if (report.recovered.finished) console.log(`An earlier build that was stopped while publishing has been finished first.`);
  if (report.recovered.discarded)
    console.log(`An earlier build that was stopped before publishing left ${shown}/ as it was; what it had made was thrown away.`);
  console.log(
    `${report.full ? 'Full build' : 'Incremental build'} ${report.build} of ${report.articles} articles (${report.articlesRead} read) into ${shown}/ in ${report.seconds.toFixed(1)} s: ` +
      `pages ${pages.rendered} rendered${pages.rendered > 0 ? ` in ${pages.seconds.toFixed(1)} s` : ''}, ${pages.unchanged} unchanged, ${pages.removed} removed; ` +
      `search index: ${report.search.bundles.length} bundle${report.search.bundles.length === 1 ? '' : 's'} made${report.search.bundles.length > 0 ? ` (${report.search.bundles.join(', ')})` : ''}, of ${report.search.articles} articles in ${report.search.seconds.toFixed(1)} s; ` +
      `${report.written.length} files written, ${report.removed.length} removed. ` +
      `Not yet deployed: ${report.changes.written.length} files to upload, ${report.changes.removed.length} to delete, of build${report.changes.builds.length === 1 ? '' : 's'} ${report.changes.builds.join(', ')} (${shown}/${CHANGES_FILE}; after deploying them: npm run deployed -- --build ${report.build}).`,
  );
} catch (error) {
  process.exitCode = 1;
  if (error instanceof ArchiveError) console.error(error.message);
  else if (error instanceof OutputLockedError || error instanceof UnfinishedPublishError) console.error(`npm run build: ${error.message}.`);
  else console.error('npm run build failed:', error);
  // Only a build that got as far as its commit record changed the site (src/pipeline/publish.ts).
  if (error instanceof UnfinishedPublishError) console.error(`${shown}/ is not yet complete: build again to finish it before deploying.`);
  // (An earlier build stopped after its commit record was finished first, as the build opened the folder.)
  else if (!(error instanceof OutputLockedError))
    console.error(`Nothing of this build was published; ${shown}/ is as the last complete build left it.`);
}
