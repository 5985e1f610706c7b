/** Offsets to 1-based line/column locations, for matches found in raw text (config files, comments). */
import { ts } from 'ts-morph';
import type { Location } from '../../types.js';

import { getLineStarts, lineOf } from '../lines.js';

export { getLineStarts, lineOf };

/** The location of the offsets `start`..`end` (exclusive) in a text file. */
export function toLocation(file: string, starts: number[], start: number, end: number): Location {
  const sl = lineOf(starts, start);
  const el = lineOf(starts, end);
  return { file, startLine: sl, startColumn: start - starts[sl - 1] + 1, endLine: el, endColumn: end - starts[el - 1] + 1 };
}

/** The location of the offsets `start`..`end` (exclusive) in a parsed source file. */
export function toSourceLocation(file: string, sf: ts.SourceFile, start: number, end: number): Location {
  const s = sf.getLineAndCharacterOfPosition(start);
  const e = sf.getLineAndCharacterOfPosition(end);
  return { file, startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}
