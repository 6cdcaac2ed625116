// Puts the data pipeline into Vite's dev server: it serves the API from memory and rebuilds it when a
// file in data/ changes. (The production build writes the API itself: scripts/build.ts.)
import path from 'node:path';
import type { Connect, Plugin } from 'vite';
import { API_DIR, normalizeBase } from '../lib/site-layout.ts';
import { ArchiveError, buildApiFromDir, type ApiFiles } from './archive.ts';

/** Whether file is inside folder (not the folder itself, nor a sibling such as data-x/ beside data/). */
export function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function sendJson(res: Parameters<Connect.NextHandleFunction>[1], status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache');
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/**
 * Runs task one call at a time, so that an older run never finishes after a newer one and overwrites
 * its result; calls that arrive during a run are answered by one more run after it.
 */
export function oneAtATime(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await task();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };
}

export function archiveApi({ dataDir = 'data' }: { dataDir?: string } = {}): Plugin {
  let root = process.cwd();
  let base = '/';
  const dataPath = () => path.resolve(root, dataDir);
  const apiPrefix = () => `${base}${API_DIR}/`;

  return {
    name: 'archive-api',
    apply: 'serve',
    configResolved(config) {
      root = config.root;
      base = normalizeBase(config.base);
    },

    async configureServer(server) {
      let files: ApiFiles = new Map();
      const rebuild = oneAtATime(async () => {
        try {
          files = await buildApiFromDir(dataPath());
          server.config.logger.info(`archive: ${files.size} API files ready`, { timestamp: true });
        } catch (error) {
          // Keep serving the last good API, and say plainly what is wrong.
          server.config.logger.error(error instanceof ArchiveError ? error.message : String(error), { timestamp: true });
        }
      });
      await rebuild();
      server.watcher.add(dataPath());
      const onChange = (file: string) => {
        if (!isInside(dataPath(), path.resolve(file))) return;
        void rebuild().then(() => server.ws.send({ type: 'full-reload' }));
      };
      server.watcher.on('change', onChange);
      server.watcher.on('add', onChange);
      server.watcher.on('unlink', onChange);

      server.middlewares.use((req, res, next) => {
        const url = req.url?.split('?')[0] ?? '';
        if (!url.startsWith(apiPrefix())) return next();
        const value = files.get(decodeURIComponent(url.slice(apiPrefix().length)));
        if (value === undefined) sendJson(res, 404, { error: 'not found' });
        else sendJson(res, 200, value);
      });
    },
  };
}
