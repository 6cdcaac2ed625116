// data/README.md is the operator's contract: its tables of limits, view sizes and API files must say
// what the code does (LIMITS, VIEW_SIZES, the registry of API resources).
// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiResources, resourceOfFile } from '../src/api/resources';
import { isSafeId, LIMITS, VIEW_SIZES } from '../src/api/schemas';

const readme = readFileSync('data/README.md', 'utf8');

/** The rows of the table under a heading, as { first cell: second cell }. */
function table(heading: string): Map<string, string> {
  const section = readme.split(/^## /m).find((part) => part.startsWith(heading));
  if (!section) throw new Error(`data/README.md has no section "${heading}"`);
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) => line.split('|').map((cell) => cell.trim()));
  return new Map(rows.map((cells) => [cells[1], cells[2]]));
}

describe('data/README.md', () => {
  it('gives the limits the check applies', () => {
    const limits = table('Limits');
    const number = (text: string | undefined) => Number(text?.replace(/[^0-9]/g, ''));
    expect(number(limits.get('headline'))).toBe(LIMITS.headlineChars);
    expect(number(limits.get('one paragraph'))).toBe(LIMITS.paragraphChars);
    expect(number(limits.get('paragraphs in one article'))).toBe(LIMITS.paragraphs);
    expect(number(limits.get('any one file (an article included)'))).toBe(LIMITS.fileBytes);
    const idChars = number(limits.get('id'));
    expect([isSafeId('a'.repeat(idChars)), isSafeId('a'.repeat(idChars + 1))]).toEqual([true, false]);
  });

  it('lists every file of the API, each one of its resources, with the sizes of the views', () => {
    const files = table('What the pipeline writes');
    const example = (file: string) =>
      file
        .replace(/`/g, '')
        .replace('<yyyy-mm>', '2023-01')
        .replace(/<[a-z]+>/g, 'some-id');
    const described = [...files.keys()].map((file) => resourceOfFile(example(file))?.key ?? `${file}: no such file`);
    expect(new Set(described)).toEqual(new Set(Object.values(apiResources).map((resource) => resource.key)));

    const words: Record<string, number> = { five: 5, six: 6, ten: 10, '20': 20 };
    const sizeIn = (file: string, pattern: RegExp) => words[pattern.exec(files.get(file) ?? '')?.[1] ?? ''];
    expect(sizeIn('`front.json`', /the next (\w+) headlines/)).toBe(VIEW_SIZES.frontLatest);
    // One more than shown, so that an article's page can leave itself out.
    expect(sizeIn('`popular/<section>.json`', /up to (\w+) headlines/)).toBe(VIEW_SIZES.popularShown + 1);
    expect(sizeIn('`ranking.json`', /(\w+) headlines/)).toBe(VIEW_SIZES.rankingShown);
    expect(sizeIn('`sections/<section>/latest.json`', /its (\w+) newest/)).toBe(VIEW_SIZES.sectionPage);
  });
});
