/** crypto-js: fast digests (`MD5`, `SHA1`, `SHA256`, …), HMACs, ciphers (`AES.encrypt`) and `PBKDF2` with an `iterations` option. */
import type { HashFunction, HashModel } from './password-hashing.js';

const DIGESTS: Record<string, string> = { MD5: 'MD5', SHA1: 'SHA-1', SHA224: 'SHA-224', SHA256: 'SHA-256', SHA384: 'SHA-384', SHA512: 'SHA-512', SHA3: 'SHA-3', RIPEMD160: 'RIPEMD-160' };
const CIPHERS = ['AES', 'DES', 'TripleDES', 'Rabbit', 'RabbitLegacy', 'RC4', 'RC4Drop', 'Blowfish'];

const functions: HashFunction[] = [
  ...Object.entries(DIGESTS).map(([name, algorithm]): HashFunction => ({ path: [name], kind: 'fast', input: 0, algorithm })),
  ...Object.entries(DIGESTS).map(([name, algorithm]): HashFunction => ({ path: [`Hmac${name}`], kind: 'keyed', input: 0, algorithm: `HMAC-${algorithm}` })),
  ...CIPHERS.map((name): HashFunction => ({ path: [name, 'encrypt'], kind: 'cipher', input: 0, algorithm: name })),
  // crypto-js before 4.2 defaults to 1 iteration of SHA-1, 4.2 to 250,000 of SHA-256: only an explicit count is judged
  { path: ['PBKDF2'], kind: 'slow', input: 0, algorithm: 'PBKDF2', cost: [{ name: 'iterations', argument: 2, options: ['iterations'], minimum: 100_000 }] },
];

export const cryptoJs: HashModel = {
  library: 'crypto-js',
  packages: ['crypto-js'],
  subpaths: {
    'crypto-js/md5': ['MD5'],
    'crypto-js/sha1': ['SHA1'],
    'crypto-js/sha224': ['SHA224'],
    'crypto-js/sha256': ['SHA256'],
    'crypto-js/sha384': ['SHA384'],
    'crypto-js/sha512': ['SHA512'],
    'crypto-js/sha3': ['SHA3'],
    'crypto-js/ripemd160': ['RIPEMD160'],
    'crypto-js/hmac-md5': ['HmacMD5'],
    'crypto-js/hmac-sha1': ['HmacSHA1'],
    'crypto-js/hmac-sha256': ['HmacSHA256'],
    'crypto-js/hmac-sha512': ['HmacSHA512'],
    'crypto-js/aes': ['AES'],
    'crypto-js/tripledes': ['TripleDES'],
    'crypto-js/pbkdf2': ['PBKDF2'],
  },
  functions,
  fix: 'await bcrypt.hash(password, 12) on the server',
};
