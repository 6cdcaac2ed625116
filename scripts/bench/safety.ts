// Part "safety": what publishing all or nothing costs: one article added to a large archive, built by
// the build before it (a baseline commit, in a worktree: baseline.ts) and by this one, in turns, on the
// same data. Runs only when named (--only safety).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { syntheticHour, writeSyntheticArchive, writeSyntheticArticle } from '../../src/pipeline/synthetic.ts';
import { withBaseline } from './baseline.ts';
import { timedBuild, WORK, type Run } from './build.ts';
import { median, round } from './numbers.ts';
import { changesOf } from './output.ts';

export interface SafetyOptions {
  /** The archive's size. */
  articles: number;
  /** Articles added, one build each, by each build. */
  adds: number;
  /** The build before publishing all or nothing. */
  baselineCommit: string;
}

export async function measureSafety({ articles: n, adds, baselineCommit }: SafetyOptions): Promise<Record<string, unknown>> {
  const baselineDir = path.join(WORK, 'safety-baseline');
  console.log(`Safety: ${n} articles, the build before it is commit ${baselineCommit}, in a worktree …`);
  return withBaseline(baselineDir, baselineCommit, async () => {
    const data = path.join(WORK, `safety-data-${n}`);
    await writeSyntheticArchive(data, n, { varied: true });
    const outs = { before: path.join(WORK, 'safety-before'), after: path.join(WORK, 'safety-after') };
    const cwds = { before: baselineDir, after: '.' };
    for (const which of ['before', 'after'] as const) {
      console.log(`  full build (${which}) …`);
      await timedBuild(cwds[which], outs[which], { DATA_DIR: data });
    }
    // As a deploy would after the full build: the list starts again.
    await changesOf(outs.after);
    const runs: Record<'before' | 'after', Run[]> = { before: [], after: [] };
    const acknowledging: number[] = [];
    for (let k = 0; k < adds; k++) {
      await writeSyntheticArticle(data, `synthetic-safety-${k}`, syntheticHour(n + 2 + k).toISOString());
      // In turns, each first every other time: the machine's drift falls on both.
      const order = k % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const);
      for (const which of order) runs[which].push(await timedBuild(cwds[which], outs[which], { DATA_DIR: data }));
      const started = performance.now();
      await changesOf(outs.after);
      acknowledging.push((performance.now() - started) / 1000);
    }
    const before = median(runs.before.map((run) => run.seconds));
    const after = median(runs.after.map((run) => run.seconds));
    console.log(
      `\nSafety: one article added to ${n.toLocaleString('en-US')}, one build each, ${adds} times in turns (seconds, whole command)`,
    );
    console.log(`| build | each | median |`);
    console.log(`| --- | --- | --- |`);
    console.log(`| before (${baselineCommit}) | ${runs.before.map((run) => run.seconds).join(', ')} | ${round(before, 2)} |`);
    console.log(`| all or nothing (this build) | ${runs.after.map((run) => run.seconds).join(', ')} | ${round(after, 2)} |`);
    console.log(`Ratio of medians: ${round(after / before, 3)}; acknowledging a deploy: ${round(median(acknowledging), 3)} s (median).`);
    for (const dir of [...Object.values(outs), data]) await rm(dir, { recursive: true, force: true });
    return {
      safety: {
        articles: n,
        baselineCommit,
        addOneSeconds: { before: runs.before.map((run) => run.seconds), after: runs.after.map((run) => run.seconds) },
        medians: { before, after, ratio: round(after / before, 3) },
        acknowledgeSeconds: round(median(acknowledging), 3),
      },
    };
  });
}
