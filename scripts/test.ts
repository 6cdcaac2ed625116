// `npm test`: builds the site from data/ once, then runs the unit suite and the browser suite side by
// side on it, then checks the size budget of the script every page loads. The browser suite spends most
// of its time waiting on the browsers, the unit suite on the processor: together they take about as
// long as the browser suite alone. The browser suite's output streams; the unit suite's is shown whole
// when it ends, so that the two do not interleave. One suite alone: npm run test:unit / test:e2e.
import { spawn } from 'node:child_process';
import path from 'node:path';

if (process.argv.length > 2) {
  console.error('npm test takes no arguments: for one file, npm run test:unit -- <file> or npm run test:e2e -- <file>.');
  process.exit(2);
}

// Its command-line entry (what node_modules/.bin/vitest runs), which its package does not export.
const vitest = path.resolve('node_modules/vitest/vitest.mjs');

interface Finished {
  code: number;
  output: string;
}

/** Runs a command (node, unless named); its output goes to the terminal, or is kept to be shown when it ends. */
function run(args: string[], options: { command?: string; env?: Record<string, string>; keepOutput?: boolean } = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.command ?? process.execPath, args, {
      env: { ...process.env, ...options.env },
      stdio: options.keepOutput ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

// The build both suites read: the browser suite serves it, and the unit suite's builds of other
// archives reuse its app build (by the sources' key).
const build = await run(['--import', 'tsx', 'scripts/build.ts']);
if (build.code !== 0) process.exit(build.code);

console.log(`\nThe unit suite and the browser suite, side by side (the unit suite's report follows when it ends).\n`);
const [unit, browser] = await Promise.all([
  // One worker, at the lowest priority: the browser suite's checks of what a page paints and when are
  // timed by the browsers, which must not wait for the processor behind the unit suite's builds (a
  // first frame laid out narrower than the window once showed as a layout shift under that load).
  run(['-n', '19', process.execPath, vitest, 'run', '--maxWorkers=1'], {
    command: 'nice',
    keepOutput: true,
    env: { FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
  }).then((result) => {
    console.log(`\n──── The unit suite (ended at ${seconds()}) ────\n${result.output}──── end of the unit suite ────\n`);
    return result;
  }),
  run([vitest, 'run', '--config', 'vitest.e2e.config.ts'], { env: { E2E_SKIP_BUILD: '1' } }),
]);

const failed = [unit.code !== 0 && 'the unit suite', browser.code !== 0 && 'the browser suite'].filter(Boolean);
if (failed.length > 0) {
  console.error(`npm test: ${failed.join(' and ')} failed (after ${seconds()}).`);
  process.exit(1);
}
const size = await run(['run', 'size'], { command: 'npm' });
console.log(`npm test: both suites passed${size.code === 0 ? ' and the script budget holds' : ''}, in ${seconds()}.`);
process.exit(size.code);
