/** Single-purpose digest packages (md5, sha1, js-sha256, @noble/hashes) and scrypt-js. */
import type { HashModel } from './password-hashing.js';

export const md5Packages: HashModel = {
  library: 'md5',
  packages: ['md5', 'blueimp-md5', 'js-md5', 'md5-hex', 'spark-md5'],
  functions: [
    { path: [], kind: 'fast', input: 0, algorithm: 'MD5' },
    { path: ['hex'], kind: 'fast', input: 0, algorithm: 'MD5' },
    { path: ['hash'], kind: 'fast', input: 0, algorithm: 'MD5' },
  ],
  fix: 'await bcrypt.hash(password, 12)',
};

export const sha1Packages: HashModel = {
  library: 'sha1',
  packages: ['sha1', 'js-sha1'],
  functions: [
    { path: [], kind: 'fast', input: 0, algorithm: 'SHA-1' },
    { path: ['hex'], kind: 'fast', input: 0, algorithm: 'SHA-1' },
  ],
  fix: 'await bcrypt.hash(password, 12)',
};

/** js-sha256 / js-sha512 / js-sha3: `sha256(x)`, `sha256.hex(x)`, `sha512(x)`. */
export const jsSha: HashModel = {
  library: 'js-sha',
  packages: ['js-sha256', 'js-sha512', 'js-sha3'],
  functions: [
    ...['sha224', 'sha256', 'sha384', 'sha512', 'sha3_256', 'sha3_512', 'keccak256'].flatMap((name) => [
      { path: [name], kind: 'fast' as const, input: 0, algorithm: name.replace('sha3_', 'SHA3-').replace(/^sha(\d+)$/, 'SHA-$1').replace('keccak256', 'Keccak-256') },
      { path: [name, 'hex'], kind: 'fast' as const, input: 0, algorithm: name.replace('sha3_', 'SHA3-').replace(/^sha(\d+)$/, 'SHA-$1').replace('keccak256', 'Keccak-256') },
    ]),
    { path: [], kind: 'fast', input: 0, algorithm: 'SHA-2' },
  ],
  fix: 'await bcrypt.hash(password, 12)',
};

/** @noble/hashes: fast digests, and `pbkdf2(hash, password, salt, { c })`, `scrypt(password, salt, { N })`. */
export const nobleHashes: HashModel = {
  library: '@noble/hashes',
  packages: ['@noble/hashes'],
  functions: [
    ...Object.entries({ sha1: 'SHA-1', md5: 'MD5', sha224: 'SHA-224', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512', sha3_256: 'SHA3-256', sha3_512: 'SHA3-512', ripemd160: 'RIPEMD-160', blake2b: 'BLAKE2b', blake2s: 'BLAKE2s', blake3: 'BLAKE3', keccak_256: 'Keccak-256' }).map(
      ([name, algorithm]) => ({ path: [name], kind: 'fast' as const, input: 0, algorithm }),
    ),
    { path: ['pbkdf2'], kind: 'slow', input: 1, algorithm: 'PBKDF2', cost: [{ name: 'iterations', argument: 3, options: ['c'], minimum: 100_000 }] },
    { path: ['pbkdf2Async'], kind: 'slow', input: 1, algorithm: 'PBKDF2', cost: [{ name: 'iterations', argument: 3, options: ['c'], minimum: 100_000 }] },
    { path: ['scrypt'], kind: 'slow', input: 0, algorithm: 'scrypt', cost: [{ name: 'N', argument: 2, options: ['N'], minimum: 16_384 }] },
    { path: ['scryptAsync'], kind: 'slow', input: 0, algorithm: 'scrypt', cost: [{ name: 'N', argument: 2, options: ['N'], minimum: 16_384 }] },
  ],
  fix: 'scrypt(password, salt, { N: 2 ** 17, r: 8, p: 1, dkLen: 32 })',
};

/** scrypt-js: `scrypt(password, salt, N, r, p, dkLen)`. */
export const scryptJs: HashModel = {
  library: 'scrypt-js',
  packages: ['scrypt-js'],
  functions: [
    { path: ['scrypt'], kind: 'slow', input: 0, algorithm: 'scrypt', cost: [{ name: 'N', argument: 2, minimum: 16_384 }] },
    { path: ['syncScrypt'], kind: 'slow', input: 0, algorithm: 'scrypt', cost: [{ name: 'N', argument: 2, minimum: 16_384 }] },
  ],
  fix: 'await scrypt(password, salt, 2 ** 17, 8, 1, 32)',
};
