// Writing the build's output: keys of what files were made from, files replaced in one step, and
// progress for long work.
import { hash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A short key of what a file was made from: equal keys, equal inputs. */
export const hashOf = (...parts: string[]) => hash('sha256', parts.join('\0'), 'base64url').slice(0, 24);
export const hashOfBytes = (bytes: Uint8Array) => hash('sha256', bytes, 'base64url').slice(0, 24);

/**
 * Adds the files of one list to another. Not push(...files): a spread passes each file as an argument,
 * and a list of a few hundred thousand (a large archive's search index) is past the call stack's limit.
 */
export function appendFiles(to: string[], files: readonly string[]): void {
  for (const file of files) to.push(file);
}

/** A file to write, its key, and how to make it (only called when the key changed). */
export interface SiteFile {
  file: string;
  key: string;
  make: () => Promise<string | Uint8Array>;
}

let counter = 0;
/** Writes a file so that a reader sees the old content or the new, never half of it. */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}-${++counter}`;
  await writeNewFile(temporary, content);
  await rename(temporary, file);
}

/**
 * Writes a file straight to its place, making its folder if missing: for a folder that nothing reads
 * until it is complete (a full build's fresh output), where a temporary file and a rename are wasted.
 */
export async function writeNewFile(file: string, content: string | Uint8Array): Promise<void> {
  // The folder is made only when missing: most files go into a folder that exists, and a build writes many.
  await writeFile(file, content).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  });
}

/** writeNewFile for a worker thread. */
export function writeNewFileSync(file: string, content: string | Uint8Array): void {
  try {
    writeFileSync(file, content);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/**
 * Progress of one step of long work: on a terminal a bar redrawn in place, elsewhere (CI, a log file) a
 * plain line every few seconds. Nothing for steps that end quickly.
 */
export class Progress {
  private done = 0;
  private checkedAt = 0;
  private readonly started = performance.now();
  private lastLine = performance.now();
  private drawn = false;
  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly everyMs = 5000,
  ) {}

  tick(count = 1) {
    this.done += count;
    // Reading the clock is dearer than a tick of quick work: it is read every hundred ticks or so.
    if (this.done - this.checkedAt < 100 && this.done < this.total) return;
    this.checkedAt = this.done;
    const now = performance.now();
    if (this.stream.isTTY) {
      if (now - this.lastLine < 100 && this.done < this.total) return;
      const width = 30;
      const filled = Math.round((this.done / Math.max(1, this.total)) * width);
      this.stream.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total}`);
      this.drawn = true;
    } else {
      if (now - this.lastLine < this.everyMs) return;
      const seconds = ((now - this.started) / 1000).toFixed(0);
      this.stream.write(`${this.label}: ${this.done} of ${this.total} (${seconds} s)\n`);
    }
    this.lastLine = now;
  }

  end() {
    if (this.drawn) this.stream.write('\n');
  }
}
