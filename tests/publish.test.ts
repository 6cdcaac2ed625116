// @vitest-environment node
// Publishing all or nothing (src/pipeline/publish.ts): a build that fails or is killed at any moment
// leaves the site as it was or is finished by the next one; the next build publishes what a full build of
// the same archive would; and a mirror updated only from the list of changes after each completed build
// equals the site. Builds are killed for real (SIGKILL, in a child process) and made to fail as a full
// disk would, at a chosen file operation (NEWS_BUILD_FAULT).
//
// A longer run of the property (its time limit grows with it):
// PUBLISH_SEQUENCES=200 npm run test:unit -- tests/publish.test.ts
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_INFO_DIR } from '../src/lib/site-layout';
import {
  acknowledgeDeploy,
  CHANGES_FILE,
  failAtOperation,
  logBuild,
  mergeChanges,
  openOutput,
  operationCount,
  UnfinishedPublishError,
  type ChangeEntry,
  type Changes,
} from '../src/pipeline/publish';
import { buildSite } from '../src/pipeline/site-build';
import { apply, article, initialState, listFiles, stepArb, expectSameSite, writeArchive, writeJson, type Step } from './synthetic-archive';

process.env.NODE_ENV = 'production';
const SITE_URL = 'https://synthetic.example/';
const SEQUENCES = Number(process.env.PUBLISH_SEQUENCES ?? 4);

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'news-publish-'));
});
afterAll(async () => {
  failAtOperation(null);
  await rm(tmp, { recursive: true, force: true });
});

const build = (dataDir: string, outDir: string, full = false) => buildSite({ dataDir, outDir, base: '/', siteUrl: SITE_URL, full });

/** `npm run build` in a child process, as an operator runs it; NEWS_BUILD_FAULT kills it or makes it fail. */
function buildInChild(dataDir: string, outDir: string, fault?: string) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--out', outDir], {
      env: { ...process.env, DATA_DIR: dataDir, SITE_URL, ...(fault ? { NEWS_BUILD_FAULT: fault } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, output }));
  });
}

/** Every file of a folder (the build's own folder too) and its bytes. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
  return new Map(await Promise.all(files.sort().map(async (file) => [file, await readFile(path.join(dir, file), 'base64')] as const)));
}

const readChanges = async (out: string): Promise<Changes> => JSON.parse(await readFile(path.join(out, CHANGES_FILE), 'utf8'));

/** A deploy: copies the files listed as written to the mirror, deletes those listed as removed, and says so. */
async function deploy(out: string, mirror: string): Promise<void> {
  const changes = await readChanges(out);
  for (const file of changes.written) {
    await mkdir(path.dirname(path.join(mirror, file)), { recursive: true });
    await cp(path.join(out, file), path.join(mirror, file));
  }
  for (const file of changes.removed) await rm(path.join(mirror, file), { force: true });
  await acknowledgeDeploy(out, changes.build);
}

/** The site (its files outside .build/) and the mirror hold the same files with the same bytes. */
async function expectMirrorEqualsSite(mirror: string, out: string) {
  const files = await listFiles(out);
  expect(await listFiles(mirror)).toEqual(files);
  for (const file of files) expect((await readFile(path.join(mirror, file))).equals(await readFile(path.join(out, file))), file).toBe(true);
}

/** The site equals a full build of the same archive. */
async function expectSameAsFullBuild(data: string, out: string, fresh: string) {
  await rm(fresh, { recursive: true, force: true });
  await build(data, fresh, true);
  await expectSameSite(out, fresh);
}

/** How many file operations a build of the archive makes, counted on a copy of the output. */
async function operationsOf(data: string, out: string): Promise<number> {
  const copy = `${out}-count`;
  await rm(copy, { recursive: true, force: true });
  await cp(out, copy, { recursive: true });
  failAtOperation(Number.MAX_SAFE_INTEGER);
  await build(data, copy);
  const count = operationCount();
  failAtOperation(null);
  await rm(copy, { recursive: true, force: true });
  return count;
}

/** A site built and deployed to a mirror, with `steps` applied to its archive since. */
async function deployedSite(name: string, steps: Step[] = []) {
  const root = path.join(tmp, name);
  const [data, out, mirror] = ['data', 'out', 'mirror'].map((each) => path.join(root, each));
  const state = initialState();
  await writeArchive(data, state);
  await build(data, out);
  await mkdir(mirror, { recursive: true });
  await deploy(out, mirror);
  let counter = 100;
  const next = () => ++counter;
  for (const step of steps) await apply(data, state, step, next);
  return { root, data, out, mirror, state, next };
}

describe('publishing a build', () => {
  it('after a failure at any point, leaves the site as it was, byte for byte, or is finished by the next build', async () => {
    // The case: a new article, and the build fails once the lists that link to it are made.
    const { root, data, out, mirror } = await deployedSite('fail', [{ kind: 'add', section: 0, hours: 24 * 300, headlineOnly: false }]);
    const total = await operationsOf(data, out);
    expect(total).toBeGreaterThan(20);
    const points = [...new Set([1, 2, Math.round(total / 3), Math.round(total / 2), total - 8, total - 3, total - 1, total])];
    let unfinished = 0;
    for (const at of points) {
      const before = await snapshot(out);
      failAtOperation(at);
      const error = await build(data, out).then(
        () => null,
        (caught: unknown) => caught,
      );
      failAtOperation(null);
      expect(error, `failing at operation ${at} of ${total}`).toBeInstanceOf(Error);
      expect((error as Error).message).toContain('ENOSPC');
      if (error instanceof UnfinishedPublishError) {
        // Past its commit record: the next build finishes it, whatever it does besides.
        unfinished++;
        expect((await build(data, out)).recovered).toEqual({ finished: true, discarded: false });
        await deploy(out, mirror);
        await expectMirrorEqualsSite(mirror, out);
        break;
      }
      expect(await snapshot(out), `failing at operation ${at} of ${total}`).toEqual(before);
    }
    expect(unfinished).toBe(1);
    // Then the article is taken out again before anything was deployed: no list links to it.
    await rm(path.join(data, 'articles', 'synthetic-101.json'));
    await build(data, out);
    await deploy(out, mirror);
    await expectMirrorEqualsSite(mirror, out);
    await expectSameAsFullBuild(data, out, path.join(root, 'fresh'));
    expect(await readFile(path.join(out, 'api/front.json'), 'utf8')).not.toContain('synthetic-101');
  }, 120_000);

  it('killed while publishing the first article of a new year, is finished by the next build, whose list of changes includes the new search bundle', async () => {
    const { root, data, out, mirror } = await deployedSite('new-year', [{ kind: 'add', section: 1, hours: 24 * 380, headlineOnly: false }]);
    const total = await operationsOf(data, out);
    const pristine = `${root}-pristine`;
    await cp(root, pristine, { recursive: true });
    const outcomes: string[] = [];
    for (const at of [3, Math.round(total / 4), total - 4, total - 1]) {
      // Each kill from the same starting point: the site and the mirror as deployed.
      for (const each of [out, mirror]) {
        await rm(each, { recursive: true, force: true });
        await cp(path.join(pristine, path.basename(each)), each, { recursive: true });
      }
      const killed = await buildInChild(data, out, `kill@${at}`);
      expect(killed.signal, killed.output).toBe('SIGKILL');
      const next = await build(data, out);
      outcomes.push(next.recovered.finished ? 'finished' : 'discarded');
      const changes = await readChanges(out);
      const search = JSON.parse(await readFile(path.join(out, 'api/search.json'), 'utf8')) as { bundles: string[] };
      expect(search.bundles[0]).toBe('2025-recent');
      expect(changes.written).toContain('api/search.json');
      expect(changes.written).toContain('pagefind/2025-recent/pagefind.js');
      await deploy(out, mirror);
      await expectMirrorEqualsSite(mirror, out);
    }
    // The kills fell both before the commit record and after it.
    expect(outcomes).toContain('finished');
    expect(outcomes).toContain('discarded');
    await expectSameAsFullBuild(data, out, path.join(root, 'fresh'));
  }, 120_000);

  it('says what happened: a failed build that nothing was published of, and the builds not yet deployed', async () => {
    const { data, out } = await deployedSite('cli', [{ kind: 'add', section: 0, hours: 24 * 5, headlineOnly: false }]);
    const before = await snapshot(out);
    const failed = await buildInChild(data, out, 'fail@3');
    expect(failed.code).toBe(1);
    expect(failed.output).toContain('ENOSPC: no space left on device');
    expect(failed.output).toMatch(/Nothing of this build was published; .*out\/ is as the last complete build left it\./);
    expect(await snapshot(out)).toEqual(before);

    const built = await buildInChild(data, out);
    expect(built.code, built.output).toBe(0);
    expect(built.output).toMatch(/Incremental build 2 of 13 articles/);
    expect(built.output).toMatch(
      /Not yet deployed: \d+ files to upload, \d+ to delete, of build 2 \(.*; after deploying them: npm run deployed -- --build 2\)/,
    );
  }, 60_000);

  it('leaves nothing behind when a first build fails, in a new folder or in one that was there', async () => {
    const { data, root } = await deployedSite('first');
    const fresh = path.join(root, 'never-built');
    failAtOperation(5);
    await expect(build(data, fresh)).rejects.toThrow('ENOSPC');
    await expect(readdir(fresh)).rejects.toThrow('ENOENT');
    const existing = path.join(root, 'empty');
    await mkdir(existing);
    failAtOperation(5);
    await expect(build(data, existing)).rejects.toThrow('ENOSPC');
    failAtOperation(null);
    expect(await readdir(existing)).toEqual([]);
  }, 60_000);

  it('keeps a list of changes until a deploy acknowledges it, build by build', async () => {
    const { data, out } = await deployedSite('log');
    expect(await readChanges(out)).toEqual({ build: 1, builds: [], full: false, written: [], removed: [] });
    await writeJson(path.join(data, 'articles', 'synthetic-60.json'), article(60, 'alpha', 24 * 301));
    const second = await build(data, out);
    expect(second.written).toContain('articles/synthetic-60/index.html');
    await rm(path.join(data, 'articles', 'synthetic-60.json'));
    const third = await build(data, out);
    expect(third.removed).toContain('articles/synthetic-60/index.html');
    // Written, then removed: to be removed from a host that has it, and listed once.
    const changes = await readChanges(out);
    expect(changes).toMatchObject({ build: 3, builds: [2, 3], full: false });
    expect(changes.removed).toContain('articles/synthetic-60/index.html');
    expect(changes.written).not.toContain('articles/synthetic-60/index.html');
    // Acknowledging build 2 (a deploy that began before build 3) keeps build 3's changes.
    const { acknowledged } = await acknowledgeDeploy(out, 2);
    expect(acknowledged).toEqual([2]);
    expect(await readChanges(out)).toEqual({ build: 3, builds: [3], full: false, written: third.written, removed: third.removed });
    await expect(acknowledgeDeploy(out, 9)).rejects.toThrow(`There is no build 9 in ${out} yet: the last is 3`);
    await acknowledgeDeploy(out, 3);
    expect(await readChanges(out)).toEqual({ build: 3, builds: [], full: false, written: [], removed: [] });

    expect(
      mergeChanges({
        last: 4,
        pending: [
          { build: 2, full: false, written: ['a', 'b'], removed: ['c'] },
          { build: 4, full: true, written: ['c'], removed: ['a'] },
        ],
      }),
    ).toEqual({ build: 4, builds: [2, 4], full: true, written: ['b', 'c'], removed: ['a'] });

    // A site never deployed from the list: the log keeps the last 32 builds apart and merges the older.
    let log = { last: 0, pending: [] as ChangeEntry[] };
    for (let build = 1; build <= 100; build++)
      log = logBuild(log, {
        build,
        full: build === 1,
        written: [`page-${build % 40}.html`],
        removed: build % 7 === 0 ? ['gone.html'] : [],
      });
    expect(log.pending.map((entry) => entry.build)).toEqual([69, ...Array.from({ length: 31 }, (_, n) => 70 + n)]);
    expect(log.pending[0]).toMatchObject({ full: true, removed: ['gone.html'] });
    expect(log.pending[0].written).toHaveLength(40);
    const merged = mergeChanges(log);
    expect(merged.written).toHaveLength(40);
    expect(merged.removed).toEqual(['gone.html']);
    // A build that changed nothing is numbered, but adds no entry.
    expect(logBuild(log, { build: 101, full: false, written: [], removed: [] })).toEqual({ last: 101, pending: log.pending });
  }, 60_000);

  it('lets one build at a time work on an output, and cleans up what stopped builds left beside it', async () => {
    const { data, out } = await deployedSite('lock');
    const sleeper = spawn('sleep', ['60']);
    await writeFile(path.join(out, BUILD_INFO_DIR, 'lock'), String(sleeper.pid));
    await expect(build(data, out)).rejects.toThrow(`Another build (process ${sleeper.pid}) is working on ${out}; wait for it to finish`);
    const exited = new Promise((resolve) => sleeper.on('exit', resolve));
    sleeper.kill('SIGKILL');
    await exited;
    // Its process gone, the lock is taken over; and the folders earlier versions of the build left when killed go.
    const leftovers = [`${out}.new-${sleeper.pid}`, `${out}.old-${sleeper.pid}`];
    for (const each of leftovers) await mkdir(path.join(each, 'articles'), { recursive: true });
    await build(data, out);
    expect((await readdir(path.dirname(out))).sort()).toEqual(['data', 'mirror', 'out']);
    expect(await readdir(path.join(out, BUILD_INFO_DIR))).not.toContain('lock');
  }, 60_000);
});

type Fault = { kind: 'none' } | { kind: 'fail' | 'kill'; at: number };
const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('fail' as const), at: fc.integer({ min: 1, max: 120 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('kill' as const), at: fc.integer({ min: 1, max: 120 }) }) },
);

describe('a day of publishing with builds that fail and are killed', () => {
  let runs = 0;
  it(
    'ends with mirror = site = a full build, every time',
    async () => {
      const survived = { kills: 0, killedBefore: 0, failures: 0, failedBefore: 0 };
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ step: stepArb, fault: faultArb, deploy: fc.boolean() }), { minLength: 2, maxLength: 5 }),
          async (day) => {
            const { root, data, out, mirror, state, next } = await deployedSite(`day-${++runs}`);
            for (const { step, fault, deploy: deploys } of day) {
              await apply(data, state, step, next);
              let completed: boolean;
              if (fault.kind === 'kill') {
                const child = await buildInChild(data, out, `kill@${fault.at}`);
                expect(child.code === 0 || child.signal === 'SIGKILL', child.output).toBe(true);
                completed = child.code === 0;
                if (!completed) survived.kills++;
                // Killed before its commit record (a stage left), or after it (the record left, to finish).
                if (!completed && !(await readdir(path.join(out, BUILD_INFO_DIR))).includes('commit.json')) survived.killedBefore++;
              } else if (fault.kind === 'fail') {
                // The site as the last complete build left it: one stopped after its commit record is
                // finished first, by whatever opens the folder (as the build is about to).
                await (await openOutput(out)).release();
                const before = await snapshot(out);
                failAtOperation(fault.at);
                const error = await build(data, out).then(
                  () => null,
                  (caught: unknown) => caught,
                );
                failAtOperation(null);
                // Failed before its commit record: the site is as it was.
                if (error && !(error instanceof UnfinishedPublishError)) expect(await snapshot(out)).toEqual(before);
                completed = error === null;
                if (!completed) survived.failures++;
                if (error && !(error instanceof UnfinishedPublishError)) survived.failedBefore++;
              } else {
                await build(data, out);
                completed = true;
              }
              if (completed && deploys) {
                await deploy(out, mirror);
                await expectMirrorEqualsSite(mirror, out);
              }
            }
            await build(data, out);
            await deploy(out, mirror);
            await expectMirrorEqualsSite(mirror, out);
            await expectSameAsFullBuild(data, out, path.join(root, 'fresh'));
            await rm(root, { recursive: true, force: true });
          },
        ),
        {
          numRuns: SEQUENCES,
          // A failure is replayed with the seed and path fast-check prints: PUBLISH_SEED=… PUBLISH_PATH=…
          ...(process.env.PUBLISH_SEED ? { seed: Number(process.env.PUBLISH_SEED), path: process.env.PUBLISH_PATH } : {}),
        },
      );
      console.log(
        `Publishing survived, in ${SEQUENCES} sequences, ${survived.kills} builds killed (SIGKILL; ${survived.killedBefore} of them ` +
          `before their commit record) and ${survived.failures} that failed (${survived.failedBefore} before their commit record, ` +
          'the site then as it was; the others after it, finished by the next build).',
      );
    },
    Math.max(600_000, SEQUENCES * 15_000),
  );
});
