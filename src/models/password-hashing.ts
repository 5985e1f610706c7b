/**
 * Hashing and encryption APIs, as data: which call takes the password, what kind of function it is, and where its
 * cost parameter sits. The plaintext rule treats every one as a sanitizer; the weak-hash rule checks kind and cost.
 */
import { nodeCrypto, webCrypto } from './crypto.js';
import { bcrypt } from './bcrypt.js';
import { argon2, nodeRsArgon2 } from './argon2.js';
import { cryptoJs } from './crypto-js.js';
import { md5Packages, sha1Packages, jsSha, nobleHashes, scryptJs } from './digests.js';

/**
 * `fast`: a general-purpose digest (MD5, SHA-*), fast by design; `keyed`: an HMAC, as fast; `cipher`: reversible encryption;
 * `slow`: a password hash or KDF, weak only below its cost minimum; `salt`: bcrypt salt generation (cost only).
 */
export type HashKind = 'fast' | 'keyed' | 'cipher' | 'slow' | 'salt';

/** A cost setting: a positional number argument, or a property of an options object. */
export interface CostSetting {
  /** `cost`, `iterations`, `N`, `memoryCost`: how the message names it. */
  name: string;
  argument: number;
  /** Property names in an options object at `argument` (scrypt `{ N }` or `{ cost }`); positional when absent. */
  options?: string[];
  /** Below this the hash is too cheap to compute. */
  minimum: number;
  /** The library's default when the setting is left out; undefined when the default is unknown or version-dependent. */
  defaultValue?: number;
}

export interface HashFunction {
  /** Member path from the package (or global) root: `['createHash']`, `['AES', 'encrypt']`, `[]` for a default-export function. */
  path: string[];
  kind: HashKind;
  /** Index of the argument taking the password (absent for `genSalt`). */
  input?: number;
  /** Data enters through `.update(data)` on the call's result (`createHash`, `createHmac`, `createCipheriv`). */
  streaming?: boolean;
  /** Fixed algorithm name for messages (`MD5`), or the argument naming it (`createHash('sha1')`). */
  algorithm?: string;
  algorithmArgument?: number;
  cost?: CostSetting[];
  /** A check over all cost settings at once (argon2's memory/passes trade-off); default: each setting against its minimum. */
  checkCost?(values: Record<string, number>): { setting: string; minimum: string } | undefined;
}

export interface HashModel {
  library: string;
  packages: string[];
  /** Global roots with the same API (`crypto.subtle` in browsers). */
  globals?: string[];
  /** Package subpaths that export one member (`crypto-js/md5` is `MD5`): subpath → member path prefix. */
  subpaths?: Record<string, string[]>;
  functions: HashFunction[];
  /** The recommended call, for the fix. */
  fix: string;
}

export const hashModels: HashModel[] = [nodeCrypto, webCrypto, bcrypt, argon2, nodeRsArgon2, cryptoJs, md5Packages, sha1Packages, jsSha, nobleHashes, scryptJs];

/** The models of a package (several packages share a name space: `crypto` is Node's, and WebCrypto's global). */
export function getHashModels(pkg: string): HashModel[] {
  return hashModels.filter((m) => m.packages.includes(pkg));
}

/** Models whose API sits on a global (`crypto.subtle.digest`). */
export function getGlobalHashModels(name: string): HashModel[] {
  return hashModels.filter((m) => m.globals?.includes(name));
}

/** Display names of algorithms given as strings: `sha256` → SHA-256. */
export function describeAlgorithm(name: string): string {
  const n = name.toLowerCase().replace(/_/g, '-');
  const table: Record<string, string> = { md4: 'MD4', md5: 'MD5', sha1: 'SHA-1', 'sha-1': 'SHA-1', ripemd160: 'RIPEMD-160', 'rmd160': 'RIPEMD-160', whirlpool: 'Whirlpool' };
  if (table[n]) return table[n];
  const sha2 = /^sha-?(224|256|384|512)$/.exec(n);
  if (sha2) return `SHA-${sha2[1]}`;
  const sha3 = /^sha3-(224|256|384|512)$/.exec(n);
  if (sha3) return `SHA3-${sha3[1]}`;
  const blake = /^blake2([bs])(\d+)?$/.exec(n);
  if (blake) return `BLAKE2${blake[1]}`;
  return name;
}
