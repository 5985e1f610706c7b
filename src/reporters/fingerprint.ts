/**
 * Line fingerprints that GitHub code scanning understands (`partialFingerprints.primaryLocationLineHash`).
 * Ported from github/codeql-action `src/fingerprints.ts` (`hash`). Its 64-bit `Long` arithmetic is done here on two
 * unsigned 32-bit halves (wrapping modulo 2^64 the same way), which is several times faster than BigInt.
 * A line's hash covers the first 100 non-space, non-tab characters from the start of that line onward, plus an
 * occurrence counter among identical hashes, so it does not depend on the line number.
 */
import type { Finding } from '../types.js';

const TAB = 9;
const SPACE = 32;
const LF = 10;
const CR = 13;
const EOF = 65535;
const BLOCK_SIZE = 100;
const MOD = 37;
const TWO_32 = 2 ** 32;

/** A 64-bit unsigned value as two 32-bit halves. */
interface U64 {
  hi: number;
  lo: number;
}

/** (a * m + add) mod 2^64, for m and add below 2^21 (products stay exact in a double). */
function mulAdd(a: U64, m: number, add: number): U64 {
  const low = a.lo * m + add;
  const carry = Math.floor(low / TWO_32);
  return { hi: (a.hi * m + carry) % TWO_32, lo: low % TWO_32 };
}

/** (a - b) mod 2^64. */
function sub(a: U64, b: U64): U64 {
  let lo = a.lo - b.lo;
  let hi = a.hi - b.hi;
  if (lo < 0) {
    lo += TWO_32;
    hi -= 1;
  }
  return { hi: hi < 0 ? hi + TWO_32 : hi, lo };
}

/** MOD^BLOCK_SIZE mod 2^64: the weight of the character leaving the window. */
function computeFirstMod(): U64 {
  let firstMod: U64 = { hi: 0, lo: 1 };
  for (let i = 0; i < BLOCK_SIZE; i++) firstMod = mulAdd(firstMod, MOD, 0);
  return firstMod;
}

const FIRST_MOD = computeFirstMod();
const ZERO: U64 = { hi: 0, lo: 0 };

function toHex(v: U64): string {
  return v.hi === 0 ? v.lo.toString(16) : v.hi.toString(16) + v.lo.toString(16).padStart(8, '0');
}

/** Computes the codeql-action `<hex>:<n>` hash of every line of `text`; index 0 is line 1. */
export function hashLines(text: string): string[] {
  const hashes: string[] = [];
  const window: number[] = Array(BLOCK_SIZE).fill(0);
  const lineNumbers: number[] = Array(BLOCK_SIZE).fill(-1);
  const hashCounts = new Map<string, number>();
  let hashRaw: U64 = { hi: 0, lo: 0 };
  let index = 0;
  let lineNumber = 0;
  let lineStart = true;
  let prevCR = false;

  const outputHash = (): void => {
    const hashValue = toHex(hashRaw);
    const count = (hashCounts.get(hashValue) ?? 0) + 1;
    hashCounts.set(hashValue, count);
    hashes[lineNumbers[index] - 1] = `${hashValue}:${count}`;
    lineNumbers[index] = -1;
  };
  const updateHash = (current: number): void => {
    const begin = window[index];
    window[index] = current;
    // hashRaw = MOD * hashRaw + current - FIRST_MOD * begin, modulo 2^64
    const grown = mulAdd(hashRaw, MOD, current);
    const leaving = begin === 0 ? ZERO : mulAdd(FIRST_MOD, begin, 0);
    hashRaw = sub(grown, leaving);
    index = (index + 1) % BLOCK_SIZE;
  };
  const processCharacter = (code: number): void => {
    // skip tabs, spaces, and a line feed directly after a carriage return
    if (code === SPACE || code === TAB || (prevCR && code === LF)) {
      prevCR = false;
      return;
    }
    let current = code;
    if (current === CR) {
      current = LF;
      prevCR = true;
    } else prevCR = false;
    if (lineNumbers[index] !== -1) outputHash();
    if (lineStart) {
      lineStart = false;
      lineNumber++;
      lineNumbers[index] = lineNumber;
    }
    if (current === LF) lineStart = true;
    updateHash(current);
  };

  for (let i = 0; i < text.length; i++) processCharacter(text.charCodeAt(i));
  processCharacter(EOF);
  for (let i = 0; i < BLOCK_SIZE; i++) {
    if (lineNumbers[index] !== -1) outputHash();
    updateHash(0);
  }
  return hashes;
}

/**
 * Sets `fingerprint` on every finding without one to the codeql-style hash of its primary line (unset when the text is
 * unknown). A finding that has one keeps it: the cache hands back findings of unchanged files with theirs.
 */
export function computeFingerprints(findings: Finding[], getText: (file: string) => string | undefined): void {
  const byFile = new Map<string, string[] | undefined>();
  for (const f of findings) {
    if (f.fingerprint) continue;
    if (!byFile.has(f.location.file)) {
      const text = getText(f.location.file);
      byFile.set(f.location.file, text === undefined ? undefined : hashLines(text));
    }
    const hash = byFile.get(f.location.file)?.[f.location.startLine - 1];
    if (hash) f.fingerprint = hash;
  }
}
