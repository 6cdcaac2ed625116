// Puts the data pipeline into Vite's dev server: it serves the API from memory and rebuilds it when a
// file in data/ changes. (The production build writes the API itself: scripts/build.ts.)
import path from 'node:path';
import type { Connect, Plugin } from 'vite';
import { ArchiveError, buildApiFromDir, type ApiFiles } from './archive.ts';

function sendJson(res: Parameters<Connect.NextHandleFunction>[1], status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache');
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export function archiveApi({ dataDir = 'data' }: { dataDir?: string } = {}): Plugin {
  let root = process.cwd();
  let base = '/';
  const dataPath = () => path.resolve(root, dataDir);
  const apiPrefix = () => `${base}api/`;

  return {
    name: 'archive-api',
    apply: 'serve',
    configResolved(config) {
      root = config.root;
      base = config.base.endsWith('/') ? config.base : `${config.base}/`;
    },

    async configureServer(server) {
      let files: ApiFiles = new Map();
      const rebuild = async () => {
        try {
          files = await buildApiFromDir(dataPath());
          server.config.logger.info(`archive: ${files.size} API files ready`, { timestamp: true });
        } catch (error) {
          // Keep serving the last good API, and say plainly what is wrong.
          server.config.logger.error(error instanceof ArchiveError ? error.message : String(error), { timestamp: true });
        }
      };
      await rebuild();
      server.watcher.add(dataPath());
      const onChange = (file: string) => {
        if (!file.startsWith(dataPath())) return;
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
