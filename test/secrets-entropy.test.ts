/** Shannon entropy and character classes, the measures behind the generic check. */
import { describe, expect, it } from 'vitest';
import { countDistinctChars, getCharClasses, getShannonEntropy } from '../src/analysis/secrets/entropy.js';

describe('getShannonEntropy', () => {
  it('is 0 for empty and one-character strings', () => {
    expect(getShannonEntropy('')).toBe(0);
    expect(getShannonEntropy('aaaaaaaa')).toBe(0);
  });

  it('is log2 of the alphabet size for uniform strings', () => {
    expect(getShannonEntropy('abab')).toBeCloseTo(1);
    expect(getShannonEntropy('0123456789abcdef')).toBeCloseTo(4);
  });

  it('ranks random tokens above words', () => {
    expect(getShannonEntropy('q8Zt3LmP0xYwVb7K')).toBeGreaterThan(3.5);
    expect(getShannonEntropy('password')).toBeLessThan(3);
  });
});

describe('getCharClasses', () => {
  it('counts lower, upper, digit and symbol', () => {
    expect(getCharClasses('Sup3rS3cret!')).toEqual({ lower: true, upper: true, digit: true, symbol: true, count: 4 });
    expect(getCharClasses('abc123')).toMatchObject({ lower: true, digit: true, count: 2 });
    expect(getCharClasses('')).toMatchObject({ count: 0 });
  });
});

describe('countDistinctChars', () => {
  it('counts each character once', () => {
    expect(countDistinctChars('abcabc')).toBe(3);
  });
});
