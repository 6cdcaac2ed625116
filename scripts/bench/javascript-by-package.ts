// The app's script by package: how much of it is beyond the libraries the product is built on.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { SourceMapConsumer, type RawSourceMap } from 'source-map-js';
import { WORK } from './build.ts';

/** The libraries the product is built on (with their own parts: React DOM's scheduler, TanStack Query's core). */
const LIBRARIES = ['react', 'react-dom', 'scheduler', 'react-router', '@tanstack/react-query', '@tanstack/query-core'];

/**
 * The script of every page (the app's entry and what it imports statically; not the lazy routes) by
 * package, gzipped: each package's share of the built code (read through the source maps of a build with
 * them), compressed on its own; and everything beyond LIBRARIES compressed together (our code, Valibot,
 * idb-keyval, the bundler's own helpers). Also each lazy route's script, gzipped whole.
 */
export async function javascriptByPackage(): Promise<{
  beyondLibrariesGzip: number;
  packages: Record<string, number>;
  lazyGzip: Record<string, number>;
}> {
  const outDir = path.join(WORK, 'sourcemapped');
  const { build: viteBuild } = await import('vite');
  const output = await viteBuild({ logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: true } });
  const chunks = (Array.isArray(output) ? output : [output])
    .flatMap((o) => ('output' in o ? o.output : []))
    .filter((file) => file.type === 'chunk');
  const entry = chunks.find((chunk) => chunk.isEntry);
  if (!entry) throw new Error(`The app's build in ${outDir} has no entry script`);
  const everyPage = new Set([entry.fileName]);
  for (const name of everyPage)
    for (const imported of chunks.find((chunk) => chunk.fileName === name)?.imports ?? []) everyPage.add(imported);
  const lazyGzip = Object.fromEntries(
    chunks.filter((chunk) => !everyPage.has(chunk.fileName)).map((chunk) => [chunk.name, gzipSync(chunk.code).length]),
  );
  const mappings: { text: string; source: string | null }[] = [];
  for (const name of everyPage) {
    const lines = (await readFile(path.join(outDir, name), 'utf8')).split('\n');
    const map = new SourceMapConsumer(JSON.parse(await readFile(path.join(outDir, `${name}.map`), 'utf8')) as RawSourceMap);
    const inFile: { line: number; column: number; source: string | null }[] = [];
    map.eachMapping(
      (m) => inFile.push({ line: m.generatedLine, column: m.generatedColumn, source: m.source }),
      null,
      SourceMapConsumer.GENERATED_ORDER,
    );
    inFile.forEach((m, position) => {
      const next = inFile[position + 1];
      mappings.push({ text: lines[m.line - 1].slice(m.column, next?.line === m.line ? next.column : undefined), source: m.source });
    });
  }
  const assets = path.join(outDir, 'assets');
  const packageOf = (source: string | null) => {
    if (!source) return '(bundler)';
    // Sources are named relative to the map, which is itself inside node_modules/.cache.
    const file = path.resolve(assets, source);
    const inModules = file.split(`${path.sep}node_modules${path.sep}`).at(-1)!;
    if (inModules === file) return 'app';
    const parts = inModules.split(path.sep);
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  };
  const code = new Map<string, string[]>();
  for (const { text, source } of mappings) {
    const name = packageOf(source);
    let parts = code.get(name);
    if (!parts) code.set(name, (parts = []));
    parts.push(text);
  }
  const packages = Object.fromEntries([...code].map(([name, parts]) => [name, gzipSync(parts.join('')).length]));
  const beyond = [...code].filter(([name]) => !LIBRARIES.includes(name)).flatMap(([, parts]) => parts);
  await rm(outDir, { recursive: true, force: true });
  return { beyondLibrariesGzip: gzipSync(beyond.join('')).length, packages, lazyGzip };
}
