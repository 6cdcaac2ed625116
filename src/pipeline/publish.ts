// Publishing a build into its output folder all or nothing, as a database commits a transaction.
//
// A build writes what it makes into a stage inside the output (.build/stage/: the same file system, so a
// file moves into place with a rename), never into the site itself. Once everything is staged (pages, API,
// search bundles, and the build's own manifest and list of changes), it writes its commit record
// (.build/commit.json): that one write decides whether the build happened. Then it moves the staged files
// into place and removes what it removes. A build stopped before the record (an error, a full disk, a
// kill) leaves the site as it was, and the next one throws its stage away; one stopped after the record is
// finished by whatever opens the output next. So the site is always that of the last build that wrote its
// record, and every build starts by making sure of it. One process at a time works on an output (a lock).
//
// The list of changes (.build/changes.json) is a deploy's contract: every file written or removed since
// the last deploy that was acknowledged (`npm run deployed`), whatever happened in between.
import { mkdir, open, readdir, readFile, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { BUILD_INFO_DIR } from '../lib/site-layout.ts';
import { writeFileAtomic, writeNewFile } from './output.ts';

const STAGE_DIR = `${BUILD_INFO_DIR}/stage`;
const COMMIT_FILE = `${BUILD_INFO_DIR}/commit.json`;
const LOCK_FILE = `${BUILD_INFO_DIR}/lock`;
/** What a deploy reads: the changes not yet acknowledged, merged. */
export const CHANGES_FILE = `${BUILD_INFO_DIR}/changes.json`;
/** The same, build by build, so that acknowledging one build keeps the changes of those after it. */
const CHANGE_LOG_FILE = `${BUILD_INFO_DIR}/change-log.json`;

/** A build that wrote its commit record but could not finish moving its files: the next one finishes it. */
export class UnfinishedPublishError extends Error {}
/** Another process is working on the same output. */
export class OutputLockedError extends Error {}

// Fault injection for the crash-safety tests (tests/publish.test.ts): NEWS_BUILD_FAULT="kill@N" kills the
// process with SIGKILL at the Nth file operation of publishing, "fail@N" makes it fail as a full disk would.
let faultPlan = parseFaultPlan(process.env.NEWS_BUILD_FAULT);
let operations = 0;
function parseFaultPlan(text: string | undefined) {
  const match = /^(kill|fail)@([0-9]+)$/.exec(text ?? '');
  return match ? { kind: match[1] as 'kill' | 'fail', at: Number(match[2]) } : null;
}
/** For tests in this process: the Nth file operation from now fails (or null: none does), and counting starts again. */
export function failAtOperation(at: number | null): void {
  faultPlan = at === null ? null : { kind: 'fail', at };
  operations = 0;
}
/** For tests: how many file operations of publishing there have been since failAtOperation. */
export const operationCount = () => operations;
/** Called before each file operation of publishing: where an injected fault strikes. */
function faultPoint(): void {
  operations++;
  if (operations !== faultPlan?.at) return;
  if (faultPlan.kind === 'kill') process.kill(process.pid, 'SIGKILL');
  throw Object.assign(new Error('ENOSPC: no space left on device (injected by NEWS_BUILD_FAULT)'), { code: 'ENOSPC' });
}

export interface Output {
  /** The output folder. */
  dir: string;
  /** Where this build writes: the stage, mirroring the output's paths. */
  stage: string;
  /** What opening found: a build that it finished, a stage that it threw away. */
  recovered: { finished: boolean; discarded: boolean };
  /** Moves the stage into place, removing `removed` (paths inside the output); see the file's comment. */
  commit(removed: readonly string[]): Promise<void>;
  /** Throws the stage away (a build that failed before its commit record), and lets the output go. */
  abandon(): Promise<void>;
  /** Lets the output go (after commit). */
  release(): Promise<unknown>;
}

/**
 * Takes the output folder for one build: locks it, finishes or throws away what an earlier build that
 * was stopped left, and removes the temporary folders that earlier versions of the build left beside it.
 */
export async function openOutput(dir: string): Promise<Output> {
  // What a first build that fails must take away again: the folder, or the build's own folder in it.
  const [existed, hadBuildInfo] = await Promise.all(
    [dir, path.join(dir, BUILD_INFO_DIR)].map((each) => stat(each).then(Boolean, () => false)),
  );
  await mkdir(path.join(dir, BUILD_INFO_DIR), { recursive: true });
  await lock(dir);
  const stage = path.join(dir, STAGE_DIR);
  let recovered: Output['recovered'];
  try {
    recovered = await recover(dir);
    await removeLeftoverSiblings(dir);
  } catch (error) {
    await unlink(path.join(dir, LOCK_FILE)).catch(() => undefined);
    throw error;
  }
  let committing = false;
  const release = () => unlink(path.join(dir, LOCK_FILE)).catch(() => undefined);
  return {
    dir,
    stage,
    recovered,
    async commit(removed) {
      faultPoint();
      await writeFileAtomic(path.join(dir, COMMIT_FILE), JSON.stringify({ removed }));
      committing = true;
      try {
        await applyCommit(dir, removed);
      } catch (error) {
        throw new UnfinishedPublishError(
          `The build was complete, but publishing it stopped half-way (${(error as Error).message}); the next build, or npm run deployed, finishes it`,
          { cause: error },
        );
      }
    },
    async abandon() {
      if (!committing) {
        await rm(stage, { recursive: true, force: true });
        // A first build that failed leaves nothing behind.
        if (!existed) await rm(dir, { recursive: true, force: true });
        else if (!hadBuildInfo) await rm(path.join(dir, BUILD_INFO_DIR), { recursive: true, force: true });
      }
      await release();
    },
    release,
  };
}

/** Takes the output's lock, or says which process holds it. A lock whose process is gone is taken over. */
async function lock(dir: string): Promise<void> {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(await readFile(file, 'utf8').catch(() => ''));
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder))
      throw new OutputLockedError(`Another build (process ${holder}) is working on ${dir}; wait for it to finish`);
    // A lock without its process id yet is one being taken this moment.
    const age = Date.now() - ((await stat(file).catch(() => null))?.mtimeMs ?? 0);
    if (!(holder > 0) && age < 10_000) throw new OutputLockedError(`Another build is starting to work on ${dir}; wait for it to finish`);
    await unlink(file).catch(() => undefined);
  }
  throw new OutputLockedError(`Could not lock ${dir}: another build keeps taking it`);
}

/** Whether a process with this id runs (on this machine). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Finishes a build that wrote its commit record, else throws away the stage of one that did not. */
async function recover(dir: string): Promise<Output['recovered']> {
  const record = await readFile(path.join(dir, COMMIT_FILE), 'utf8').catch(() => null);
  if (record !== null) {
    const parsed = v.safeParse(v.object({ removed: v.array(v.string()) }), safeJson(record));
    // A record is written whole (a rename) or not at all: one that does not parse is not ours.
    if (!parsed.success)
      throw new Error(`${path.join(dir, COMMIT_FILE)} is not a commit record of this build; remove the folder and build again`);
    await applyCommit(dir, parsed.output.removed).catch((error: unknown) => {
      throw new UnfinishedPublishError(`Could not finish publishing an earlier build (${(error as Error).message})`, { cause: error });
    });
    return { finished: true, discarded: false };
  }
  const stage = path.join(dir, STAGE_DIR);
  const discarded = (await readdir(stage).catch(() => null)) !== null;
  if (discarded) await rm(stage, { recursive: true, force: true });
  // A commit record half written (its temporary file, before the rename that makes it the record).
  for (const name of await readdir(path.join(dir, BUILD_INFO_DIR)))
    if (name.startsWith(`${path.basename(COMMIT_FILE)}.tmp-`)) await rm(path.join(dir, BUILD_INFO_DIR, name), { force: true });
  return { finished: false, discarded };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Moves everything staged into place (the build's own records last), then removes `removed`; then the
 * stage and the record. Each step can be done again: a stopped commit is finished by running it again.
 */
async function applyCommit(dir: string, removed: readonly string[]): Promise<void> {
  const stage = path.join(dir, STAGE_DIR);
  await moveInto(stage, dir, (name) => (name === BUILD_INFO_DIR ? 1 : 0));
  for (const relative of removed) {
    faultPoint();
    await rm(path.join(dir, relative), { force: true });
    await removeEmptyFolders(dir, path.dirname(relative));
  }
  faultPoint();
  await rm(stage, { recursive: true, force: true });
  await rm(path.join(dir, COMMIT_FILE), { force: true });
}

/**
 * Moves what is in a folder into another, merging: a file replaces its namesake; a folder that is not
 * there yet (a first build's whole site, a new article's page) moves whole, in one rename, and one that
 * is goes in file by file. `order` puts some names after others.
 */
async function moveInto(from: string, to: string, order: (name: string) => number = () => 0): Promise<void> {
  const entries = (await readdir(from, { withFileTypes: true }).catch(() => [])).sort((a, b) => order(a.name) - order(b.name));
  for (const entry of entries) {
    const [source, target] = [path.join(from, entry.name), path.join(to, entry.name)];
    faultPoint();
    const moved = await rename(source, target).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        // A folder onto one that has files in it.
        if (entry.isDirectory() && (error.code === 'ENOTEMPTY' || error.code === 'EEXIST')) return false;
        throw error;
      },
    );
    if (!moved) await moveInto(source, target);
  }
}

/** Removes a folder inside dir and its parents while they are empty (a page's folder goes with its last file). */
async function removeEmptyFolders(dir: string, relative: string): Promise<void> {
  for (let folder = relative; folder !== '.' && folder !== ''; folder = path.dirname(folder)) {
    const removed = await rmdir(path.join(dir, folder)).then(
      () => true,
      () => false,
    );
    if (!removed) return;
  }
}

/**
 * Removes the temporary folders that earlier versions of the build and of `npm run data` left beside the
 * output when they were stopped ("dist.new-123", "dist.old-123"), unless their process still runs.
 */
async function removeLeftoverSiblings(dir: string): Promise<void> {
  const parent = path.dirname(dir);
  const name = path.basename(dir);
  for (const entry of await readdir(parent).catch(() => [] as string[])) {
    const match = /^(.*)\.(?:new|old)-([0-9]+)$/.exec(entry);
    if (match?.[1] === name && !isRunning(Number(match[2]))) await rm(path.join(parent, entry), { recursive: true, force: true });
  }
}

/** The files in a folder and its subfolders, as paths inside it with "/" (none if it does not exist). */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** Writes a file into the stage (its folders made as needed): nothing reads the stage until it is committed. */
export async function stageFile(output: Pick<Output, 'stage'>, relative: string, content: string | Uint8Array): Promise<void> {
  faultPoint();
  await writeNewFile(path.join(output.stage, relative), content);
}

// The list of changes.

const changeEntrySchema = v.object({
  build: v.pipe(v.number(), v.integer(), v.minValue(1)),
  full: v.boolean(),
  written: v.array(v.string()),
  removed: v.array(v.string()),
});
export type ChangeEntry = v.InferOutput<typeof changeEntrySchema>;
const changeLogSchema = v.object({ last: v.pipe(v.number(), v.integer(), v.minValue(0)), pending: v.array(changeEntrySchema) });
export type ChangeLog = v.InferOutput<typeof changeLogSchema>;

/** What .build/changes.json holds: the changes of every build not yet acknowledged, as one list. */
export interface Changes {
  /** The number of the last build listed: what `npm run deployed -- <build>` acknowledges. */
  build: number;
  /** The builds whose changes it holds. */
  builds: number[];
  /** Whether one of them was a full build (which lists every file it wrote). */
  full: boolean;
  /** Paths inside the output to upload, and to delete, sorted. */
  written: string[];
  removed: string[];
}

/** The output's log of changes not yet acknowledged; an output without one (its first build) has none. */
export async function readChangeLog(dir: string): Promise<ChangeLog> {
  const text = await readFile(path.join(dir, CHANGE_LOG_FILE), 'utf8').catch(() => null);
  if (text === null) return { last: 0, pending: [] };
  const parsed = v.safeParse(changeLogSchema, safeJson(text));
  if (!parsed.success)
    throw new Error(`${path.join(dir, CHANGE_LOG_FILE)} is not a change log of this build: ${v.summarize(parsed.issues)}`);
  return parsed.output;
}

/** The builds' changes in order as one list: a file written after it was removed is written, and so on. */
export function mergeChanges(log: ChangeLog): Changes {
  const { written, removed } = mergeEntries(log.pending);
  return {
    build: log.last,
    builds: log.pending.map((entry) => entry.build),
    full: log.pending.some((entry) => entry.full),
    written,
    removed,
  };
}

function mergeEntries(entries: readonly ChangeEntry[]): { written: string[]; removed: string[] } {
  const state = new Map<string, 'written' | 'removed'>();
  for (const entry of entries) {
    for (const file of entry.written) state.set(file, 'written');
    for (const file of entry.removed) state.set(file, 'removed');
  }
  const listed = (kind: 'written' | 'removed') => [...state].flatMap(([file, each]) => (each === kind ? [file] : [])).sort();
  return { written: listed('written'), removed: listed('removed') };
}

/**
 * Builds whose changes the log keeps one by one; older ones not yet acknowledged are merged into one
 * entry under the newest of their numbers. So the log of a site that is never deployed from it (synced
 * whole, say) stays about the size of the site, and an acknowledgement of a build inside the merged
 * ones keeps them all listed: a deploy may send a file twice, never miss one.
 */
const SEPARATE_ENTRIES = 32;

/** The log with a build's changes added (a build that changed nothing adds none), as its last build. */
export function logBuild(log: ChangeLog, entry: ChangeEntry): ChangeLog {
  const pending = entry.written.length + entry.removed.length > 0 ? [...log.pending, entry] : [...log.pending];
  if (pending.length > SEPARATE_ENTRIES) {
    const merged = pending.splice(0, pending.length - SEPARATE_ENTRIES + 1);
    pending.unshift({ build: merged.at(-1)!.build, full: merged.some((each) => each.full), ...mergeEntries(merged) });
  }
  return { last: entry.build, pending };
}

/** Stages the log and the merged list, to be committed with the build (or the acknowledgement) that changed them. */
export async function stageChangeLog(output: Output, log: ChangeLog): Promise<Changes> {
  const changes = mergeChanges(log);
  await stageFile(output, CHANGE_LOG_FILE, JSON.stringify(log));
  await stageFile(output, CHANGES_FILE, `${JSON.stringify(changes, null, 1)}\n`);
  return changes;
}

/**
 * Acknowledges that a deploy has shipped the changes of every build up to `build`: they leave the list,
 * and those of later builds stay.
 */
export async function acknowledgeDeploy(dir: string, build: number): Promise<{ acknowledged: number[]; changes: Changes }> {
  const output = await openOutput(dir);
  try {
    const log = await readChangeLog(dir);
    if (build > log.last) throw new RangeError(`There is no build ${build} in ${dir} yet: the last is ${log.last}`);
    const acknowledged = log.pending.filter((entry) => entry.build <= build).map((entry) => entry.build);
    const changes = await stageChangeLog(output, { last: log.last, pending: log.pending.filter((entry) => entry.build > build) });
    await output.commit([]);
    await output.release();
    return { acknowledged, changes };
  } catch (error) {
    await output.abandon();
    throw error;
  }
}
