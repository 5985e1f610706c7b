/** The GitHub/npm token checksum: CRC32 of the 30 random characters, base62 (0-9A-Za-z), padded to 6. */
import { describe, expect, it } from 'vitest';
import { crc32, encodeBase62, getTokenChecksum, hasValidTokenChecksum, makeChecksummedToken } from '../src/analysis/secrets/checksum.js';

describe('crc32', () => {
  it('matches the standard check value', () => {
    // the CRC-32/ISO-HDLC check value of '123456789'
    expect(crc32('123456789')).toBe(0xcbf43926);
  });

  it('is 0 for the empty string and unsigned', () => {
    expect(crc32('')).toBe(0);
    expect(crc32('The quick brown fox jumps over the lazy dog')).toBe(0x414fa339);
  });
});

describe('encodeBase62', () => {
  it('uses digits, then upper case, then lower case, padded with 0', () => {
    expect(encodeBase62(0, 6)).toBe('000000');
    expect(encodeBase62(61, 6)).toBe('00000z');
    expect(encodeBase62(62, 6)).toBe('000010');
    expect(encodeBase62(0xffffffff, 6)).toBe('4gfFC3');
  });
});

describe('token checksum', () => {
  it('agrees with a published vector (credsweeper: CRC32 of 31 zeros → 4WZ4EQ)', () => {
    expect(getTokenChecksum('0'.repeat(31))).toBe('4WZ4EQ');
  });

  it('accepts tokens made with a valid checksum, for every GitHub prefix and npm', () => {
    const random = 'Q3vTz8KpLm2Xw9RbN4cYd7Hf1Gs6Ja';
    for (const prefix of ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'npm_']) {
      const token = makeChecksummedToken(prefix, random);
      expect(token).toHaveLength(40);
      expect(hasValidTokenChecksum(token)).toBe(true);
    }
  });

  it('rejects a changed checksum, a changed random part, and the wrong length', () => {
    const token = makeChecksummedToken('ghp_', 'Q3vTz8KpLm2Xw9RbN4cYd7Hf1Gs6Ja');
    const last = token.at(-1)!;
    expect(hasValidTokenChecksum(token.slice(0, -1) + (last === 'A' ? 'B' : 'A'))).toBe(false);
    expect(hasValidTokenChecksum(`ghp_R${token.slice(5)}`)).toBe(false);
    expect(hasValidTokenChecksum(token.slice(0, -1))).toBe(false);
    expect(hasValidTokenChecksum('ghp_' + 'a'.repeat(36))).toBe(false);
  });
});
