/**
 * Line fingerprints that GitHub code scanning understands (`partialFingerprints.primaryLocationLineHash`).
 * Ported from github/codeql-action `src/fingerprints.ts` (`hash`), with 64-bit `Long` arithmetic done in BigInt.
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
const MOD = 37n;
const FIRST_MOD = computeFirstMod();

function computeFirstMod(): bigint {
  let firstMod = 1n;
  for (let i = 0; i < BLOCK_SIZE; i++) firstMod = BigInt.asIntN(64, firstMod * MOD);
  return firstMod;
}

/** Computes the codeql-action `<hex>:<n>` hash of every line of `text`; index 0 is line 1. */
export function hashLines(text: string): string[] {
  const hashes: string[] = [];
  const window: number[] = Array(BLOCK_SIZE).fill(0);
  const lineNumbers: number[] = Array(BLOCK_SIZE).fill(-1);
  const hashCounts = new Map<string, number>();
  let hashRaw = 0n;
  let index = 0;
  let lineNumber = 0;
  let lineStart = true;
  let prevCR = false;

  const outputHash = (): void => {
    const hashValue = BigInt.asUintN(64, hashRaw).toString(16);
    const count = (hashCounts.get(hashValue) ?? 0) + 1;
    hashCounts.set(hashValue, count);
    hashes[lineNumbers[index] - 1] = `${hashValue}:${count}`;
    lineNumbers[index] = -1;
  };
  const updateHash = (current: number): void => {
    const begin = window[index];
    window[index] = current;
    hashRaw = BigInt.asIntN(64, MOD * hashRaw + BigInt(current) - FIRST_MOD * BigInt(begin));
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

/** Sets `fingerprint` on every finding to the codeql-style hash of its primary line (unset when the text is unknown). */
export function computeFingerprints(findings: Finding[], getText: (file: string) => string | undefined): void {
  const byFile = new Map<string, string[] | undefined>();
  for (const f of findings) {
    if (!byFile.has(f.location.file)) {
      const text = getText(f.location.file);
      byFile.set(f.location.file, text === undefined ? undefined : hashLines(text));
    }
    const hash = byFile.get(f.location.file)?.[f.location.startLine - 1];
    if (hash) f.fingerprint = hash;
  }
}
