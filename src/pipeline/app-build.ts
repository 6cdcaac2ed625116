// The app's client build, its server bundle (the render worker) and the service worker, made by Vite into
// one folder. The site's build (site-build.ts) runs this module as a process of its own: Vite takes a few
// hundred MB, which a Node process keeps once it has had them, and the build then indexes and renders a
// whole archive. Vite is loaded only here, and only when an app build is needed.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Vite's list of the client build's files (`build.manifest`), where the build finds each lazy route's script. */
export const CLIENT_MANIFEST = '.vite/manifest.json';

/** Builds the app under the base path into dir/client, dir/server and dir/service-worker, in this process. */
async function buildAppInto(dir: string, base: string): Promise<void> {
  const { build: viteBuild } = await import('vite');
  await viteBuild({
    base,
    logLevel: 'warn',
    build: { outDir: path.join(dir, 'client'), emptyOutDir: true, manifest: CLIENT_MANIFEST },
  });
  await viteBuild({
    base,
    logLevel: 'warn',
    build: {
      ssr: true,
      outDir: path.join(dir, 'server'),
      emptyOutDir: true,
      rolldownOptions: { input: { 'render-worker': 'src/pipeline/render-worker.ts' } },
    },
  });
  // The service worker: one classic script (every browser runs those), at the site's root.
  await viteBuild({
    base,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir: path.join(dir, 'service-worker'),
      emptyOutDir: true,
      // One file: the app's chunk groups (vite.config.ts) do not apply to it.
      rolldownOptions: { input: { sw: 'src/sw.ts' }, output: { format: 'iife', entryFileNames: '[name].js', codeSplitting: false } },
    },
  });
}

/** Builds the app as buildAppInto does, in a process of its own; Vite's messages go to standard error. */
export async function buildAppApart(dir: string, base: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), dir, base], {
    // Its output on this process's standard error: the build's summary alone is on standard output.
    stdio: ['ignore', 2, 2],
  });
  const status = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
  if (status !== 0) throw new Error(`The app's build failed (exit status ${status}); Vite's messages are above.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [dir, base] = process.argv.slice(2);
  await buildAppInto(dir, base);
}
