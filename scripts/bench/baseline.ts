// The builds some parts compare with: an earlier commit of this project, checked out in a worktree.
// Which commits by default is said once, in baselines.json beside this file; --publish-baseline and
// --safety-baseline name others.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';

const baselineSchema = v.object({ commit: v.pipe(v.string(), v.nonEmpty()), is: v.string() });

/** The default baseline of each part that has one, and what it is. */
export const BASELINES = v.parse(
  v.object({ publish: baselineSchema, safety: baselineSchema }),
  JSON.parse(readFileSync(new URL('baselines.json', import.meta.url), 'utf8')) as unknown,
);

/** Whether git knows rev as a commit of this repository (checked before a long run, not at its end). */
export function isCommit(rev: string): boolean {
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs measure with the project at commit checked out in dir (with this checkout's node_modules), and
 * removes the worktree after it, whatever happened.
 */
export async function withBaseline<T>(dir: string, commit: string, measure: () => Promise<T>): Promise<T> {
  execFileSync('git', ['worktree', 'add', '--force', '--detach', dir, commit], { stdio: 'pipe' });
  try {
    await symlink(path.resolve('node_modules'), path.join(dir, 'node_modules'));
    return await measure();
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', dir], { stdio: 'pipe' });
  }
}
