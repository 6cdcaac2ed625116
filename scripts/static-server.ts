// A static file server that behaves like a good static host: each address is served from its file
// (a folder from its index.html), anything else gets 404.html with status 404, text is gzipped, and
// hashed assets are cached for good. Nothing outside its folder is served, through a symlink either, and
// a file removed while it is being served is a 404 (the server never stops on it). Used by `npm run
// preview`, the browser tests and the benchmark.
// `npm run preview [-- --dir dist] [--base /news/] [--port 4173]`
import { constants } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';
import { BUILD_INFO_DIR, isContentNamed, normalizeBase, NOT_FOUND_FILE } from '../src/lib/site-layout.ts';
import { fail, parseCommandLine } from '../src/pipeline/command-line.ts';
import { contentSecurityPolicyHeader } from './content-security-policy.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt', '.xml', '.webmanifest']);

export interface StaticServer {
  origin: string;
  server: Server;
  close(): Promise<void>;
}

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };
/** An attribute's value as the browser reads it: character references decoded. */
function decodeAttribute(value: string): string {
  return value.replace(/&(?:#([0-9]+)|#x([0-9a-f]+)|([a-z]+));/gi, (reference: string, decimal?: string, hex?: string, name?: string) => {
    if (decimal) return String.fromCodePoint(Number(decimal));
    if (hex) return String.fromCodePoint(Number.parseInt(hex, 16));
    return ENTITIES[name!.toLowerCase()] ?? reference;
  });
}

/** A page's policy is the one the build put in its meta tag (it allows the page's inline stylesheet by hash). */
function pagePolicy(html: string): string | undefined {
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/i.exec(html);
  return meta ? decodeAttribute(meta[1]) : undefined;
}

const isInside = (folder: string, file: string) => file === folder || file.startsWith(folder + path.sep);

/** A file to serve: where it really is (symlinks resolved), and opened. */
interface OpenFile {
  real: string;
  handle: FileHandle;
}

/**
 * Opens the file at a path of the folder (`root`, its real path), if there is one to serve: a file (not a
 * folder) whose real path, symlinks resolved, is inside the folder and not in the build's own files.
 * Null for anything else, and for a file that goes between the look and the opening. Once open, the file
 * is read whole even if it is removed meanwhile.
 */
async function openInside(root: string, file: string): Promise<OpenFile | null> {
  const real = await realpath(file).catch(() => null);
  // The build's manifest is for the next build, not for readers.
  if (!real || !isInside(root, real) || isInside(path.join(root, BUILD_INFO_DIR), real)) return null;
  // Not through a symlink put in its place since it was resolved.
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => null);
  if (!handle) return null;
  const isFile = await handle.stat().then(
    (stats) => stats.isFile(),
    () => false,
  );
  if (isFile) return { real, handle };
  await handle.close().catch(() => undefined);
  return null;
}

export async function startStaticServer({ dir = 'dist', base = '/', port = 0 } = {}): Promise<StaticServer> {
  const folder = path.resolve(dir);
  const prefix = normalizeBase(base);

  /** The file that answers a request's path (a folder's index.html), or null when there is none. */
  async function fileFor(pathname: string, root: string): Promise<OpenFile | null> {
    if (!pathname.startsWith(prefix) && `${pathname}/` !== prefix) return null;
    let relative: string;
    try {
      relative = decodeURIComponent(pathname.slice(prefix.length - 1));
    } catch {
      return null;
    }
    const file = path.join(root, relative);
    if (!isInside(root, file)) return null;
    return (await openInside(root, file)) ?? (await openInside(root, path.join(file, 'index.html')));
  }

  async function send(req: IncomingMessage, res: ServerResponse, root: string, { real, handle }: OpenFile, status: number) {
    const ext = path.extname(real);
    // Pages are small: read whole, for the policy in their meta tag.
    let page: Buffer | undefined;
    try {
      page = ext === '.html' ? await handle.readFile() : undefined;
    } finally {
      if (ext === '.html' || req.method === 'HEAD') await handle.close().catch(() => undefined);
    }
    const headers: Record<string, string> = {
      'Content-Type': TYPES[ext] ?? 'application/octet-stream',
      'Content-Security-Policy': contentSecurityPolicyHeader(page && pagePolicy(page.toString('utf8'))),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
      // Only files named by their content, not a page whose address happens to contain "assets".
      'Cache-Control': isContentNamed(path.relative(root, real).split(path.sep).join('/'))
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
      Vary: 'Accept-Encoding',
    };
    const gzip = COMPRESSIBLE.has(ext) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (gzip) headers['Content-Encoding'] = 'gzip';
    res.writeHead(status, headers);
    if (req.method === 'HEAD') return void res.end();
    const stream = page ? Readable.from([page]) : handle.createReadStream();
    // A failure while sending (the reader went away, a read error) ends this response alone.
    const done = () => undefined;
    if (gzip) pipeline(stream, createGzip(), res, done);
    else pipeline(stream, res, done);
  }

  const server = createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return;
      }
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      const root = await realpath(folder).catch(() => folder);
      const file = await fileFor(pathname, root);
      if (file) return await send(req, res, root, file, 200);
      const notFound = await openInside(root, path.join(root, NOT_FOUND_FILE));
      if (notFound) return await send(req, res, root, notFound, 404);
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    } catch (error) {
      // Whatever went wrong, the server goes on: this request alone fails.
      console.error(`Could not serve ${req.url}:`, error);
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Could not serve this file');
    }
  });

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${actual}`,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const HELP = `Usage: npm run preview [-- --dir dist] [--base /news/] [--port 4173]

Serves a built site on 127.0.0.1 as a static host does: each address from its file, 404.html with
status 404 for the rest, hashed assets cached for good.

  --dir <dir>    the built site (default dist)
  --base <path>  the sub-path it was built for (default BASE_PATH or /)
  --port <n>     the port (default 4173; 0 for any free one)
  --help         show this help`;
  const values = parseCommandLine('npm run preview', HELP, {
    dir: { type: 'string', default: 'dist' },
    base: { type: 'string', default: process.env.BASE_PATH ?? '/' },
    port: { type: 'string', default: '4173' },
  });
  const port = Number(values.port);
  if (!/^[0-9]+$/.test(values.port!) || port > 65535) fail('npm run preview', `--port must be a port number, not "${values.port}"`);
  const { origin } = await startStaticServer({ dir: values.dir, base: values.base, port });
  console.log(`Serving ${values.dir}/ at ${origin}${normalizeBase(values.base)}`);
}
