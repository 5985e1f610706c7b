/**
 * The one redaction helper for secrets in messages, reports and code frames: never more than the first 4 characters.
 * Short values show fewer (a quarter of their length), so an 8-character password shows 2 characters.
 */

/** Most characters a preview ever shows. */
export const MAX_VISIBLE = 4;

/** How many leading characters of a value of this length a preview may show. */
export function getVisibleLength(length: number): number {
  return Math.min(MAX_VISIBLE, Math.floor(length / 4));
}

/** A preview of a secret: `ghp_…` for a GitHub token, `Sup…` for `Sup3rS3cret!`, `…` for anything under 4 characters. */
export function redact(value: string): string {
  return `${[...value].slice(0, getVisibleLength(value.length)).join('')}…`;
}

/**
 * Masks `text` from offset `start` to `end` (exclusive), keeping the first visible characters and line breaks,
 * so that a code frame of the masked text keeps its columns: `'ghp_abc…'` → `'ghp_*****'`.
 */
export function maskRange(text: string, start: number, end: number): string {
  const from = Math.max(0, start);
  const to = Math.min(text.length, end);
  if (to <= from) return text;
  const keep = from + getVisibleLength(to - from);
  let masked = '';
  for (let i = keep; i < to; i++) {
    const c = text[i];
    masked += c === '\n' || c === '\r' ? c : '*';
  }
  return text.slice(0, keep) + masked + text.slice(to);
}

/** A span given by 1-based lines and columns (end column exclusive), as in a finding's location. */
export interface TextSpan {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** Masks the span of a finding in its file's text (see `maskRange`); reporters call this before printing a code frame of a secret. */
export function maskSpan(text: string, span: TextSpan): string {
  const start = getOffset(text, span.startLine, span.startColumn);
  const end = getOffset(text, span.endLine, span.endColumn);
  return start === undefined || end === undefined ? text : maskRange(text, start, end);
}

/** Offset of a 1-based line and column, or undefined past the end of the text. */
function getOffset(text: string, line: number, column: number): number | undefined {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return undefined;
    offset = next + 1;
  }
  return Math.min(text.length, offset + column - 1);
}
