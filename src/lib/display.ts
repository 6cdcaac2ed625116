// The reader's display preferences: theme (the system's, light or dark) and the size of article text.
// Kept on the device (localStorage) and applied before the first paint by a tiny script in every page's
// head (displayScript, inlined by the build and allowed by its hash), which sets attributes on <html>
// that the stylesheet reads. The app changes them from the header's Display control. They are kept under
// the site's base path (src/lib/device-storage.ts), which each function is given: this module is also the
// build's (the inline script), where the app's base path is not to be had.
import * as v from 'valibot';
import { deviceStorageNames } from './device-storage.ts';

export const THEMES = ['system', 'light', 'dark'] as const;
/** Steps of article text size, smallest first; "default" is the stylesheet's own. */
export const TEXT_SIZES = ['small', 'default', 'large', 'larger', 'largest'] as const;

const displaySchema = v.object({
  theme: v.fallback(v.picklist(THEMES), 'system'),
  textSize: v.fallback(v.picklist(TEXT_SIZES), 'default'),
});
export type Display = v.InferOutput<typeof displaySchema>;
const DEFAULT_DISPLAY: Display = { theme: 'system', textSize: 'default' };

/** The stored preferences of the site at a base path; anything unreadable or unknown counts as the default. */
export function readDisplay(base: string): Display {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(deviceStorageNames(base).display) ?? 'null');
    const parsed = v.safeParse(displaySchema, stored);
    return parsed.success ? parsed.output : DEFAULT_DISPLAY;
  } catch {
    return DEFAULT_DISPLAY;
  }
}

/** Applies preferences to the page, and keeps them if the browser lets it (private modes may not). */
export function saveDisplay(display: Display, base: string): void {
  applyDisplay(display, THEMES, TEXT_SIZES);
  try {
    localStorage.setItem(deviceStorageNames(base).display, JSON.stringify(display));
  } catch {
    // Applied for this page only.
  }
}

/**
 * Sets <html>'s attributes for the preferences, which the stylesheet reads: none for the system's theme
 * (the first) and the default size. Self-contained, because it also runs as the inline script.
 */
function applyDisplay(display: { theme?: unknown; textSize?: unknown } | null, themes: readonly string[], sizes: readonly string[]) {
  const root = document.documentElement;
  const theme = display && themes.indexOf(display.theme as string) > 0 ? String(display.theme) : null;
  const size =
    display && sizes.indexOf(display.textSize as string) >= 0 && display.textSize !== 'default' ? String(display.textSize) : null;
  if (theme) root.setAttribute('data-theme', theme);
  else root.removeAttribute('data-theme');
  if (size) root.setAttribute('data-text-size', size);
  else root.removeAttribute('data-text-size');
}

/**
 * The script in every page's head, for the site at a base path, that applies the stored preferences
 * before the first paint, before the app and without it. If storage cannot be read, the defaults stand.
 */
export function displayScript(base: string): string {
  const values = [deviceStorageNames(base).display, THEMES, TEXT_SIZES].map((value) => JSON.stringify(value));
  return `try{(${applyDisplay.toString()})(JSON.parse(localStorage.getItem(${values[0]})||"null"),${values[1]},${values[2]})}catch(e){}`;
}
