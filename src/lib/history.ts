// The reader's reading history, kept on the device only (localStorage; nothing is sent anywhere): the
// articles they opened, newest first. Lists mark the articles in it, and the front page shows the most
// recent. Read as `unknown` and checked entry by entry: an entry that does not parse is dropped.
import { useSyncExternalStore } from 'react';
import * as v from 'valibot';
import { idSchema } from '../api/schemas';
import { deviceStorageNames } from './device-storage';
import { siteRoot } from './paths';

/** Kept apart from another site's on the same origin. */
const HISTORY_STORAGE_KEY = deviceStorageNames(siteRoot).history;
/** Articles remembered, for the marks in lists; the front page shows the first RECENTLY_READ_SHOWN. */
const KEPT = 500;
export const RECENTLY_READ_SHOWN = 10;

const entrySchema = v.object({ id: idSchema, section: idSchema, headline: v.string() });
export type HistoryEntry = v.InferOutput<typeof entrySchema>;

const NONE: HistoryEntry[] = [];
// Where storage is refused (some private modes), the history lasts as long as the page.
let memory: string | null = null;
let storageWorks = true;
let parsed: { raw: string | null; entries: HistoryEntry[] } = { raw: null, entries: NONE };

function readRaw(): string | null {
  if (!storageWorks) return memory;
  try {
    return localStorage.getItem(HISTORY_STORAGE_KEY);
  } catch {
    storageWorks = false;
    return memory;
  }
}

/** The history, newest first; the same array while it has not changed (as useSyncExternalStore needs). */
export function readHistory(): HistoryEntry[] {
  const raw = readRaw();
  if (raw !== parsed.raw) parsed = { raw, entries: parse(raw) };
  return parsed.entries;
}

function parse(raw: string | null): HistoryEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(raw ?? '[]');
  } catch {
    return NONE;
  }
  if (!Array.isArray(value)) return NONE;
  return value.flatMap((item: unknown) => {
    const entry = v.safeParse(entrySchema, item);
    return entry.success ? [entry.output] : [];
  });
}

const listeners = new Set<() => void>();

function write(entries: HistoryEntry[]) {
  const raw = JSON.stringify(entries);
  memory = raw;
  // What is written is known: each list's link reads it next, and it need not be parsed and checked again.
  parsed = { raw, entries };
  if (storageWorks) {
    try {
      localStorage.setItem(HISTORY_STORAGE_KEY, raw);
    } catch {
      storageWorks = false;
    }
  }
  listeners.forEach((listener) => listener());
}

/** Puts an article at the head of the history. */
export function recordReading(entry: HistoryEntry): void {
  const entries = readHistory();
  if (entries[0]?.id === entry.id && entries[0].headline === entry.headline) return;
  write([entry, ...entries.filter((each) => each.id !== entry.id)].slice(0, KEPT));
}

/** Takes an article out of the history: one the site no longer has (taken down) is not offered again. */
export function forgetReading(id: string): void {
  const entries = readHistory();
  if (entries.some((entry) => entry.id === id)) write(entries.filter((entry) => entry.id !== id));
}

export function clearHistory(): void {
  write([]);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab's reading counts too.
  const onStorage = (event: StorageEvent) => {
    if (event.key === HISTORY_STORAGE_KEY || event.key === null) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** The history, kept up to date; empty on the server and while a prerendered page is taken over. */
export function useHistory(): HistoryEntry[] {
  return useSyncExternalStore(subscribe, readHistory, () => NONE);
}
