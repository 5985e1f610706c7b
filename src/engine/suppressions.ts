/** Inline suppressions: `// tsaudit-ignore-next-line <rule-id> -- <reason>` and same-line `// tsaudit-ignore <rule-id> -- <reason>`. */
import { getLineStarts, lineOf } from '../analysis/lines.js';

export interface SuppressionEntry {
  /** Line the suppression applies to (1-based). */
  line: number;
  /** Line the comment sits on. */
  commentLine: number;
  column: number;
  ruleIds: string[];
  reason: string;
}

export interface MalformedSuppression {
  line: number;
  column: number;
  endColumn: number;
  problem: 'missing-rule' | 'missing-reason' | 'unknown-rule';
  text: string;
}

export interface ParsedSuppressions {
  entries: SuppressionEntry[];
  malformed: MalformedSuppression[];
}

const PATTERN = /(?<=^|[ \t])(?:\/\/|\/\*|#)\s*tsaudit-ignore(-next-line)?(?![\w-])([^\n]*)/gm;

/** Finds every suppression comment in a file's text (`//`, block and `#` comments). */
export function parseSuppressions(text: string, knownRules: ReadonlySet<string>): ParsedSuppressions {
  const entries: SuppressionEntry[] = [];
  const malformed: MalformedSuppression[] = [];
  if (!text.includes('tsaudit-ignore')) return { entries, malformed };
  const lineStarts = getLineStarts(text);
  for (const match of text.matchAll(PATTERN)) {
    const offset = match.index ?? 0;
    const commentLine = lineOf(lineStarts, offset);
    const column = offset - lineStarts[commentLine - 1] + 1;
    const body = match[2].replace(/\*\/.*$/, '').trim();
    const [idsPart, ...reasonParts] = body.split(/\s--\s?|^--\s?/);
    const reason = reasonParts.join(' -- ').trim();
    const ruleIds = idsPart.split(/[\s,]+/).filter(Boolean);
    const base = { line: commentLine, column, endColumn: column + match[0].length, text: match[0].trim() };
    if (ruleIds.length === 0) {
      malformed.push({ ...base, problem: 'missing-rule' });
      continue;
    }
    const unknown = ruleIds.filter((id) => !knownRules.has(id));
    if (unknown.length) {
      malformed.push({ ...base, problem: 'unknown-rule', text: unknown.join(', ') });
      continue;
    }
    if (!reason) {
      malformed.push({ ...base, problem: 'missing-reason' });
      continue;
    }
    entries.push({ line: match[1] ? commentLine + 1 : commentLine, commentLine, column, ruleIds, reason });
  }
  return { entries, malformed };
}

/** The suppression covering `ruleId` at `line`, if any. */
export function findSuppression(entries: SuppressionEntry[], ruleId: string, line: number): SuppressionEntry | undefined {
  return entries.find((e) => e.line === line && e.ruleIds.includes(ruleId));
}

