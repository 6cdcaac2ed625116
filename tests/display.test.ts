// The display preferences as stored on the device: what the head's inline script applies before the
// first paint, and what the app reads back, for stored values good, unknown and broken.
import { afterEach, describe, expect, it } from 'vitest';
import { deviceStorageNames } from '../src/lib/device-storage';
import { displayScript, readDisplay as readDisplayAt, saveDisplay as saveDisplayAt, type Display } from '../src/lib/display';

// The site at the root of its origin; tests/device-storage.test.tsx has sites at other base paths.
const DISPLAY_STORAGE_KEY = deviceStorageNames('/').display;
const readDisplay = () => readDisplayAt('/');
const saveDisplay = (display: Display) => saveDisplayAt(display, '/');
const runInlineScript = () => new Function(displayScript('/'))();
const attributes = () => ({
  theme: document.documentElement.getAttribute('data-theme'),
  textSize: document.documentElement.getAttribute('data-text-size'),
});

afterEach(() => {
  localStorage.clear();
  document.documentElement.removeAttribute('data-theme');
  document.documentElement.removeAttribute('data-text-size');
});

describe('display preferences', () => {
  it('the inline script applies what was saved, and the app reads it back', () => {
    saveDisplay({ theme: 'dark', textSize: 'largest' });
    document.documentElement.removeAttribute('data-theme');
    document.documentElement.removeAttribute('data-text-size');
    runInlineScript();
    expect(attributes()).toEqual({ theme: 'dark', textSize: 'largest' });
    expect(readDisplay()).toEqual({ theme: 'dark', textSize: 'largest' });
    // The system's theme and the standard size are no attribute at all.
    saveDisplay({ theme: 'system', textSize: 'default' });
    expect(attributes()).toEqual({ theme: null, textSize: null });
  });

  it.each([
    ['not JSON', '{theme: dark'],
    ['unknown values', JSON.stringify({ theme: 'purple', textSize: 'huge' })],
    ['wrong types', JSON.stringify({ theme: 1, textSize: ['largest'] })],
    ['null', 'null'],
  ])('stored %s: the defaults stand, and nothing throws', (_name, stored) => {
    localStorage.setItem(DISPLAY_STORAGE_KEY, stored);
    expect(runInlineScript).not.toThrow();
    expect(attributes()).toEqual({ theme: null, textSize: null });
    expect(readDisplay()).toEqual({ theme: 'system', textSize: 'default' });
  });

  it('keeps a known value beside an unknown one', () => {
    localStorage.setItem(DISPLAY_STORAGE_KEY, JSON.stringify({ theme: 'light', textSize: 'enormous', extra: true }));
    runInlineScript();
    expect(attributes()).toEqual({ theme: 'light', textSize: null });
    expect(readDisplay()).toEqual({ theme: 'light', textSize: 'default' });
  });
});
