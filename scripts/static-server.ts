// A static file server that behaves like a good static host: each address is served from its file
// (a folder from its index.html), anything else gets 404.html with status 404, text is gzipped, and
// hashed assets are cached for good. Used by `npm run preview`, the browser tests and the benchmark.
// `npm run preview [-- --dir dist] [--base /news/] [--port 4173]`
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
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

async function isFile(file: string) {
  return (await stat(file).catch(() => null))?.isFile() ?? false;
}

export async function startStaticServer({ dir = 'dist', base = '/', port = 0 } = {}): Promise<StaticServer> {
  const root = path.resolve(dir);
  const prefix = normalizeBase(base);
  const buildInfoDir = path.join(root, BUILD_INFO_DIR);

  const server = createServer(async (req, res) => {
    const send = async (file: string, status: number) => {
      const ext = path.extname(file);
      // Pages are small: read whole, for the policy in their meta tag.
      const page = ext === '.html' ? await readFile(file) : undefined;
      const headers: Record<string, string> = {
        'Content-Type': TYPES[ext] ?? 'application/octet-stream',
        'Content-Security-Policy': contentSecurityPolicyHeader(page && pagePolicy(page.toString('utf8'))),
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'same-origin',
        // Only files named by their content, not a page whose address happens to contain "assets".
        'Cache-Control': isContentNamed(path.relative(root, file).split(path.sep).join('/'))
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
        Vary: 'Accept-Encoding',
      };
      const gzip = COMPRESSIBLE.has(ext) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      if (gzip) headers['Content-Encoding'] = 'gzip';
      res.writeHead(status, headers);
      if (req.method === 'HEAD') return res.end();
      const stream = page ? Readable.from([page]) : createReadStream(file);
      (gzip ? stream.pipe(createGzip()) : stream).pipe(res);
    };

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const notFound = path.join(root, NOT_FOUND_FILE);
    if (!pathname.startsWith(prefix) && `${pathname}/` !== prefix) return send(notFound, 404);
    let relative: string;
    try {
      relative = decodeURIComponent(pathname.slice(prefix.length - 1));
    } catch {
      return send(notFound, 404);
    }
    const file = path.join(root, relative);
    if (file !== root && !file.startsWith(root + path.sep)) return send(notFound, 404);
    // The build's manifest is for the next build, not for readers.
    if (file === buildInfoDir || file.startsWith(buildInfoDir + path.sep)) return send(notFound, 404);
    if (await isFile(file)) return send(file, 200);
    if (await isFile(path.join(file, 'index.html'))) return send(path.join(file, 'index.html'), 200);
    return send(notFound, 404);
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
