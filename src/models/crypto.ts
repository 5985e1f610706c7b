/** Node's crypto: fast digests (`createHash`, `createHmac`, `hash`), ciphers, and the KDFs `pbkdf2` and `scrypt`. WebCrypto `subtle`. */
import type { HashModel } from './password-hashing.js';

const PBKDF2_ITERATIONS = { name: 'iterations', argument: 2, minimum: 100_000 };
// N defaults to 16384 (2^14); `cost` is its alias
const SCRYPT_COST = { name: 'N', argument: 3, options: ['N', 'cost'], minimum: 16_384, defaultValue: 16_384 };

export const nodeCrypto: HashModel = {
  library: 'crypto',
  packages: ['crypto'],
  functions: [
    { path: ['createHash'], kind: 'fast', streaming: true, algorithmArgument: 0 },
    { path: ['createHmac'], kind: 'keyed', streaming: true, algorithmArgument: 0 },
    { path: ['hash'], kind: 'fast', input: 1, algorithmArgument: 0 },
    { path: ['createCipheriv'], kind: 'cipher', streaming: true, algorithmArgument: 0 },
    { path: ['createCipher'], kind: 'cipher', streaming: true, algorithmArgument: 0 },
    { path: ['publicEncrypt'], kind: 'cipher', input: 1, algorithm: 'RSA' },
    { path: ['pbkdf2'], kind: 'slow', input: 0, algorithm: 'PBKDF2', cost: [PBKDF2_ITERATIONS] },
    { path: ['pbkdf2Sync'], kind: 'slow', input: 0, algorithm: 'PBKDF2', cost: [PBKDF2_ITERATIONS] },
    { path: ['scrypt'], kind: 'slow', input: 0, algorithm: 'scrypt', cost: [SCRYPT_COST] },
    { path: ['scryptSync'], kind: 'slow', input: 0, algorithm: 'scrypt', cost: [SCRYPT_COST] },
    { path: ['subtle', 'digest'], kind: 'fast', input: 1, algorithmArgument: 0 },
    { path: ['webcrypto', 'subtle', 'digest'], kind: 'fast', input: 1, algorithmArgument: 0 },
  ],
  fix: 'await bcrypt.hash(password, 12)',
};

/** The browser's `crypto.subtle.digest(algorithm, data)`. */
export const webCrypto: HashModel = {
  library: 'WebCrypto',
  packages: [],
  globals: ['crypto'],
  functions: [{ path: ['subtle', 'digest'], kind: 'fast', input: 1, algorithmArgument: 0 }],
  fix: 'a slow password hash on the server (bcrypt, argon2id, scrypt)',
};
