// Building the site for a measurement, in the scratch folder WORK: as a step before one (build), or as
// the thing measured, with its time and memory (timedBuild).
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { round } from './numbers.ts';

/** The scratch folder of a run: emptied as it starts, removed as it ends. */
export const WORK = path.resolve('node_modules/.cache/bench');

/** Node's arguments for `npm run build` into outDir (run in the project's folder). */
const buildArguments = (outDir: string, args: string[] = []) => ['--import', 'tsx', 'scripts/build.ts', '--out', outDir, ...args];

/** Builds the site into outDir, and returns how long it took, in seconds. */
export function build(outDir: string, env: Record<string, string> = {}): number {
  const started = performance.now();
  execFileSync(process.execPath, buildArguments(outDir), { env: { ...process.env, ...env }, stdio: 'pipe' });
  return (performance.now() - started) / 1000;
}

export interface Run {
  seconds: number;
  peakMB: number;
  /** Of the seconds, those the build's summary says went to the search index (0 for a build with none). */
  searchIndexSeconds: number;
  /** And to rendering pages (0 where the summary does not say: the baseline's). */
  renderSeconds: number;
}

/**
 * Runs a build as its own process, timing it and sampling its memory: the resident memory of the build
 * and of every process it starts (Pagefind's indexers, two at once), added up, every 100 ms; the peak is
 * the largest sum. (GNU time's figure is the largest single process's, which leaves out what runs beside it.)
 */
export async function timedBuild(cwd: string, outDir: string, env: Record<string, string>, args: string[] = []): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, buildArguments(outDir, args), {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  // Only the end of it is kept: a long build's progress lines are many.
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  let peakBytes = 0;
  const sampler = setInterval(() => {
    const bytes = processTreeRss(child.pid!);
    if (bytes > peakBytes) peakBytes = bytes;
  }, 100);
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  if (status !== 0) throw new Error(`build in ${cwd} failed:\n${stderr.slice(-2000)}`);
  const indexing = /search index: .*? in ([0-9.]+) s;/.exec(stdout);
  const rendering = /pages \d+ rendered in ([0-9.]+) s/.exec(stdout);
  return {
    seconds: round(seconds, 1),
    peakMB: Math.round(peakBytes / 2 ** 20),
    searchIndexSeconds: indexing ? Number(indexing[1]) : 0,
    renderSeconds: rendering ? Number(rendering[1]) : 0,
  };
}

const PAGE_BYTES = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim());

/** The resident memory of a process and all its descendants, in bytes, from /proc (Linux). */
function processTreeRss(root: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The fields after the command's name, which is in parentheses and may hold spaces.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(name);
      const parent = Number(fields[1]);
      if (children.has(parent)) children.get(parent)!.push(pid);
      else children.set(parent, [pid]);
      rss.set(pid, Number(fields[21]) * PAGE_BYTES);
    } catch {
      // The process ended while being read.
    }
  }
  let total = 0;
  for (const queue = [root]; queue.length > 0;) {
    const pid = queue.pop()!;
    total += rss.get(pid) ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}
