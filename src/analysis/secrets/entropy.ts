/** Measures of how random a string looks: Shannon entropy and the character classes it mixes. */

/** Shannon entropy in bits per character (0 for an empty or one-character-repeated string; ~4.0 for random hex, ~5.2 for base62). */
export function getShannonEntropy(value: string): number {
  const n = value.length;
  if (n === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}

export interface CharClasses {
  lower: boolean;
  upper: boolean;
  digit: boolean;
  /** Anything else: punctuation, symbols, non-ASCII. */
  symbol: boolean;
  /** How many of the four are present. */
  count: number;
}

/** Which character classes a string mixes. */
export function getCharClasses(value: string): CharClasses {
  let lower = false;
  let upper = false;
  let digit = false;
  let symbol = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = true;
    else if (c >= 65 && c <= 90) upper = true;
    else if (c >= 48 && c <= 57) digit = true;
    else symbol = true;
  }
  return { lower, upper, digit, symbol, count: Number(lower) + Number(upper) + Number(digit) + Number(symbol) };
}

/** Number of distinct characters. */
export function countDistinctChars(value: string): number {
  return new Set(value).size;
}
