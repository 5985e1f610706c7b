/**
 * The checksum of GitHub's (and npm's) 2021 token format: the last 6 characters are the CRC32 of the 30 random
 * characters, in base62 (alphabet 0-9A-Za-z), left-padded with `0`.
 * See https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
 */

export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const CRC_TABLE = buildCrcTable();

function buildCrcTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** CRC-32 (IEEE 802.3, as zlib's `crc32`) of an ASCII string, unsigned. */
export function crc32(ascii: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < ascii.length; i++) crc = (crc >>> 8) ^ CRC_TABLE[(crc ^ ascii.charCodeAt(i)) & 0xff];
  return (crc ^ 0xffffffff) >>> 0;
}

/** An unsigned integer in base62, left-padded with `0` to `width` characters. */
export function encodeBase62(n: number, width: number): string {
  let out = '';
  let rest = n;
  while (rest > 0) {
    out = BASE62_ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

/** The 6-character checksum of a token's random part. */
export function getTokenChecksum(random: string): string {
  return encodeBase62(crc32(random), 6);
}

/** True when a `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_`/`npm_` token (prefix + 30 random + 6 checksum) carries a valid checksum. */
export function hasValidTokenChecksum(token: string): boolean {
  const body = token.slice(token.indexOf('_') + 1);
  if (body.length !== 36) return false;
  return getTokenChecksum(body.slice(0, 30)) === body.slice(30);
}

/** Builds a token with a valid checksum from a prefix (`ghp_`) and 30 random base62 characters (for tests and fixtures). */
export function makeChecksummedToken(prefix: string, random: string): string {
  return prefix + random + getTokenChecksum(random);
}
