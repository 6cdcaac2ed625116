// How long an article takes to read. Text written with spaces between words is counted in words;
// Chinese and Japanese, written without them, in characters, at the rates measured for each (IReST,
// Trauzettel-Klosinski et al. 2012: English 228 words, Chinese 255 and Japanese 357 characters a minute).
// Korean puts spaces between words, so it is counted in words.

const WORDS_PER_MINUTE = 228;
const CHINESE_CHARACTERS_PER_MINUTE = 255;
const JAPANESE_CHARACTERS_PER_MINUTE = 357;

// Han ideographs (with their extensions and compatibility forms), and the two kana.
const HAN = /\p{Script=Han}/gu;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu;
const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;

/** Minutes to read the paragraphs, at least 1; 0 when there is no text. */
export function readingMinutes(paragraphs: readonly string[]): number {
  let words = 0;
  let han = 0;
  let kana = 0;
  for (const paragraph of paragraphs) {
    han += paragraph.match(HAN)?.length ?? 0;
    kana += paragraph.match(KANA)?.length ?? 0;
    // What is left once Chinese and Japanese text is taken out is counted in words.
    words += paragraph.replace(CJK_RUN, ' ').match(WORD)?.length ?? 0;
  }
  if (words + han + kana === 0) return 0;
  // Kana mark Japanese text, whose kanji are read at the Japanese rate too.
  const characterMinutes = kana > 0 ? (han + kana) / JAPANESE_CHARACTERS_PER_MINUTE : han / CHINESE_CHARACTERS_PER_MINUTE;
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE + characterMinutes));
}
