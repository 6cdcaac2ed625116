// Part "publish": full builds against the build before the incremental one (the "now" column, built
// from a baseline commit in a worktree: baseline.ts), then an unchanged rebuild, one added article and a
// ranking-only update on the largest archive, and a projection to 1,000,000 articles.
import { execFileSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pageAddresses } from '../../src/lib/site-layout.ts';
import { syntheticHour, writeSyntheticArchive, writeSyntheticArticle } from '../../src/pipeline/synthetic.ts';
import { withBaseline } from './baseline.ts';
import { timedBuild, WORK, type Run } from './build.ts';
import { fitLine, round } from './numbers.ts';
import { changesOf, filesIn, isSearchIndexFile } from './output.ts';

/** The page a file of the search index is the record of, if it is one (Pagefind's fragment: gzipped, a signature, then JSON). */
async function searchFragmentAddress(file: string): Promise<string | undefined> {
  if (!file.endsWith('.pf_fragment')) return undefined;
  const text = gunzipSync(await readFile(file)).toString('utf8');
  const record: unknown = JSON.parse(text.slice(text.indexOf('{')));
  return typeof record === 'object' && record !== null && 'url' in record && typeof record.url === 'string' ? record.url : undefined;
}

/** A build's time, its parts where its summary says, and its peak memory, as the table shows them. */
function time(r: Run): string {
  const parts = [
    ...(r.searchIndexSeconds > 0 ? [`search index ${r.searchIndexSeconds} s`] : []),
    ...(r.renderSeconds > 0 ? [`rendering ${r.renderSeconds} s`] : []),
  ];
  return `${r.seconds} s${parts.length > 0 ? ` (${parts.join(', ')} of it)` : ''}, ${r.peakMB} MB peak`;
}

export interface PublishOptions {
  /** Archive sizes for full builds; the last is used for publishing. */
  sizes: number[];
  /** Sizes of the full builds the 1,000,000 projection is drawn from. */
  projectionSizes: number[];
  /** The commit of the "now" column. */
  baselineCommit: string;
}

export async function measurePublish({ sizes, projectionSizes, baselineCommit }: PublishOptions): Promise<Record<string, unknown>> {
  const baselineDir = path.join(WORK, 'baseline');
  console.log(`Publishing: the baseline is commit ${baselineCommit}, in a worktree …`);
  return withBaseline(baselineDir, baselineCommit, async () => {
    // The app is built once per version of its sources; build it now so that the builds below measure publishing.
    const warm = Math.max(0, (await timedBuild('.', path.join(WORK, 'warm'), {}, ['--full'])).seconds);
    const rows: { articles: number; before: Run; after: Run; files: number; bytes: number; copySeconds: number }[] = [];
    for (const n of sizes) {
      console.log(`  full builds, ${n} articles …`);
      const oldData = path.join(WORK, `old-data-${n}`);
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/synthetic.ts', '--articles', String(n), '--out', oldData], {
        cwd: baselineDir,
        stdio: 'pipe',
      });
      const before = await timedBuild(baselineDir, path.join(WORK, `old-out-${n}`), { DATA_DIR: oldData });
      await rm(oldData, { recursive: true, force: true });
      await rm(path.join(WORK, `old-out-${n}`), { recursive: true, force: true });
      const data = path.join(WORK, `data-${n}`);
      // Text like a newspaper's, as in the search part: the index's cost depends on the words.
      await writeSyntheticArchive(data, n, { varied: true });
      const after = await timedBuild('.', path.join(WORK, `out-${n}`), { DATA_DIR: data });
      // A floor for any build of this site on this disk: only writing its files (and reading them, from
      // the page cache), with coreutils' cp.
      const copyStarted = performance.now();
      execFileSync('cp', ['-r', path.join(WORK, `out-${n}`), path.join(WORK, `copy-${n}`)]);
      const copySeconds = round((performance.now() - copyStarted) / 1000, 1);
      await rm(path.join(WORK, `copy-${n}`), { recursive: true, force: true });
      rows.push({ articles: n, before, after, copySeconds, ...(await filesIn(path.join(WORK, `out-${n}`))) });
      if (n !== sizes.at(-1)) await rm(path.join(WORK, `out-${n}`), { recursive: true, force: true });
    }

    // Publishing on the largest archive.
    const n = sizes.at(-1)!;
    const data = path.join(WORK, `data-${n}`);
    const out = path.join(WORK, `out-${n}`);
    console.log(`  publishing on ${n} articles …`);
    const unchanged = await timedBuild('.', out, { DATA_DIR: data });
    const unchangedWritten = (await changesOf(out)).written.length;

    const newId = 'synthetic-added-by-bench';
    await writeSyntheticArticle(data, newId, syntheticHour(n + 2).toISOString());
    const added = await timedBuild('.', out, { DATA_DIR: data });
    const addedChanges = await changesOf(out);
    // Its own: its page, its API file, and its search record (the one fragment of the index that holds it alone).
    const ownFiles = [`api/articles/${newId}.json`, `articles/${newId}/index.html`];
    for (const file of addedChanges.written)
      if (isSearchIndexFile(file) && (await searchFragmentAddress(path.join(out, file))) === pageAddresses.article(newId))
        ownFiles.push(file);
    const addedOthers = addedChanges.written.filter((file) => !ownFiles.includes(file));
    const addedSearch = addedOthers.filter(isSearchIndexFile).length;

    const ranking = JSON.parse(await readFile(path.join(data, 'ranking.json'), 'utf8'));
    ranking.articles = [...ranking.articles].reverse();
    ranking.computedAt = new Date(Date.parse(ranking.computedAt) + 3_600_000).toISOString();
    await writeFile(path.join(data, 'ranking.json'), JSON.stringify(ranking));
    const rankingOnly = await timedBuild('.', out, { DATA_DIR: data });
    const rankingChanges = await changesOf(out);
    await rm(out, { recursive: true, force: true });
    for (const size of sizes) await rm(path.join(WORK, `data-${size}`), { recursive: true, force: true });

    // The projection: full builds at three sizes, a straight line through them.
    const points: { articles: number; run: Run; files: number; bytes: number }[] = [];
    for (const size of projectionSizes) {
      const measured = rows.find((row) => row.articles === size);
      if (measured) {
        points.push({ articles: size, run: measured.after, files: measured.files, bytes: measured.bytes });
        continue;
      }
      console.log(`  projection point, ${size} articles …`);
      const pointData = path.join(WORK, `projection-data-${size}`);
      const pointOut = path.join(WORK, `projection-out-${size}`);
      await writeSyntheticArchive(pointData, size, { varied: true });
      const run = await timedBuild('.', pointOut, { DATA_DIR: pointData });
      points.push({ articles: size, run, ...(await filesIn(pointOut)) });
      await rm(pointData, { recursive: true, force: true });
      await rm(pointOut, { recursive: true, force: true });
    }
    const project = (pick: (p: (typeof points)[number]) => number) => fitLine(points.map((p) => [p.articles, pick(p)]))(1_000_000);
    const projection = {
      articles: 1_000_000,
      seconds: round(project((p) => p.run.seconds)),
      peakMB: round(project((p) => p.run.peakMB)),
      files: round(project((p) => p.files)),
      gigabytes: round(project((p) => p.bytes) / 1e9, 1),
      from: points.map((p) => ({ articles: p.articles, seconds: p.run.seconds, peakMB: p.run.peakMB, files: p.files, bytes: p.bytes })),
    };

    console.log(`\nPublishing (synthetic archives, this machine; "now" is commit ${baselineCommit}, built the same way)`);
    console.log('| measure | now | this build | target |');
    console.log('| --- | --- | --- | --- |');
    const targets: Record<number, string> = { 10000: '≤ 12 s, ≤ 500 MB', 100000: '≤ 120 s, ≤ 1 GB' };
    for (const row of rows)
      console.log(
        `| full build, ${row.articles.toLocaleString('en-US')} articles | ${time(row.before)} | ${time(row.after)} | ${targets[row.articles] ?? ''} |`,
      );
    console.log(
      `| add one article to the ${n.toLocaleString('en-US')} archive, build | a full build | ${time(added)}; ${addedOthers.length} files rewritten besides its own ${ownFiles.length} (page, API file${ownFiles.length > 2 ? ', search record' : ''}): ${addedOthers.length - addedSearch} pages and API files, ${addedSearch} search index files | ≤ 5 s, ≤ 10 files |`,
    );
    console.log(
      `| ranking-only update on the ${n.toLocaleString('en-US')} archive, build | a full build | ${time(rankingOnly)}; ${rankingChanges.written.filter((f) => f.endsWith('.html')).length} HTML files rewritten (${rankingChanges.written.join(', ')}) | ≤ 3 s, 0 HTML |`,
    );
    console.log(
      `| rebuild with nothing changed | every file rewritten | ${time(unchanged)}; ${unchangedWritten} files rewritten | 0 files |`,
    );
    console.log(
      `| 1,000,000 articles (projected from ${projectionSizes.join(', ')}) | — | ${projection.seconds} s, ${projection.peakMB} MB peak, ${projection.files.toLocaleString('en-US')} files, ${projection.gigabytes} GB | — |`,
    );
    console.log(`(The app itself is built once per version of its sources: ${warm} s for the sample archive including that build.)`);
    console.log(
      `Writing alone, the floor of any full build on this disk (cp -r of the output): ${rows.map((row) => `${row.copySeconds} s for ${row.files.toLocaleString('en-US')} files at ${row.articles.toLocaleString('en-US')} articles`).join('; ')}`,
    );
    console.log(
      `Files written besides its own when one article was added: ${addedOthers.filter((file) => !isSearchIndexFile(file)).join(', ')}; and ${addedSearch} of the search index`,
    );

    return {
      publishing: {
        baselineCommit,
        appBuildSeconds: warm,
        fullBuilds: rows,
        unchanged: { ...unchanged, written: unchangedWritten },
        addOne: { ...added, written: addedChanges.written.length, own: ownFiles, besidesOwn: addedOthers, searchIndexFiles: addedSearch },
        rankingOnly: { ...rankingOnly, written: rankingChanges.written },
        projection,
      },
    };
  });
}
