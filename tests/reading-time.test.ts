// Reading time: words for text written with spaces, characters for Chinese and Japanese.
import { describe, expect, it } from 'vitest';
import { readingMinutes } from '../src/lib/reading-time';

const words = (n: number) => Array.from({ length: n }, (_, i) => `synthetic${i}`).join(' ');

describe('reading time', () => {
  it('counts English in words, at 228 a minute, and at least a minute', () => {
    expect(readingMinutes([])).toBe(0);
    expect(readingMinutes(['Synthetic.'])).toBe(1);
    expect(readingMinutes([words(228 * 4)])).toBe(4);
    // Split over paragraphs, with punctuation and contractions counted as one word each.
    expect(readingMinutes([words(228 * 2), words(228 * 3)])).toBe(5);
    expect(readingMinutes(["Synthetic don't U.S.-Japan — 2,000 words."])).toBe(1);
  });

  it('counts Japanese in characters at 357 a minute, Chinese at 255: text without spaces is not one word', () => {
    const japanese = 'これは合成の文章です。'.repeat(357); // 10 kana and kanji (and a full stop) a sentence
    expect(readingMinutes([japanese])).toBe(10);
    const chinese = '这是合成的文字'.repeat(255); // 7 Han characters
    expect(readingMinutes([chinese])).toBe(7);
    // Were it counted in words (by spaces), a whole article would read in a minute.
    expect(readingMinutes([japanese.replace(/。/g, '')])).toBeGreaterThan(1);
  });

  it('adds the two where a text mixes them, and counts Korean (written with spaces) in words', () => {
    expect(readingMinutes([`${words(228 * 2)} ${'合成の文章です'.repeat(51 * 2)}`])).toBe(4);
    expect(readingMinutes([Array.from({ length: 228 * 3 }, () => '합성').join(' ')])).toBe(3);
  });
});
