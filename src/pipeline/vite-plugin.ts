// Puts the data pipeline into Vite: the dev server serves the API from memory and rebuilds it when a
// file in data/ changes; the build writes it into the output; preview answers 404 for a missing API file.
import { existsSync } from 'node:fs';
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
  let outDir = 'dist';
  let isBuild = false;
  let built: ApiFiles = new Map();
  const dataPath = () => path.resolve(root, dataDir);
  const apiPrefix = () => `${base}api/`;

  return {
    name: 'archive-api',
    configResolved(config) {
      root = config.root;
      base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      outDir = path.resolve(config.root, config.build.outDir);
      isBuild = config.command === 'build';
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

    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = req.url?.split('?')[0] ?? '';
        if (!url.startsWith(apiPrefix())) return next();
        const file = path.join(outDir, 'api', decodeURIComponent(url.slice(apiPrefix().length)));
        // Without this, preview's single-page fallback would answer a missing file with index.html.
        if (!file.startsWith(path.join(outDir, 'api')) || !existsSync(file)) sendJson(res, 404, { error: 'not found' });
        else next();
      });
    },

    async buildStart() {
      if (!isBuild) return;
      // Checked before Vite empties the output folder, so a bad archive leaves the previous dist/ as it was.
      try {
        built = await buildApiFromDir(dataPath());
      } catch (error) {
        this.error(error instanceof ArchiveError ? error.message : String(error));
      }
    },

    generateBundle() {
      for (const [fileName, value] of built) {
        this.emitFile({ type: 'asset', fileName: `api/${fileName}`, source: JSON.stringify(value) });
      }
    },
  };
}
