/** Turns a zod issue into a short sentence that names the key path, e.g. `unknown key "rules.x.level"`. */
import type { ZodIssue } from 'zod';

/** One sentence for the first problem zod found; `raw` is the validated value (to describe what was given). */
export function formatZodIssue(issue: ZodIssue, raw: unknown): string {
  const at = (p: Array<string | number>) => `"${p.join('.')}"`;
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key ${at([...issue.path, issue.keys[0]])}`;
    case 'invalid_type':
      if (issue.path.length === 0) return `must be a JSON object (got ${issue.received})`;
      return `${at(issue.path)} must be ${article(issue.expected)} (got ${issue.received})`;
    case 'invalid_enum_value':
      return `${at(issue.path)} must be one of ${issue.options.map(String).join(', ')} (got ${JSON.stringify(issue.received)})`;
    case 'too_small':
    case 'too_big':
      return `${at(issue.path)} is out of range: ${issue.message.toLowerCase()}`;
    case 'invalid_union':
      return formatUnionIssue(issue, raw);
    default:
      return issue.path.length ? `${at(issue.path)}: ${issue.message}` : issue.message;
  }
}

/** A rule entry is a level string or an object: report the branch that failed on more than the value's type. */
function formatUnionIssue(issue: Extract<ZodIssue, { code: 'invalid_union' }>, raw: unknown): string {
  const relevant = issue.unionErrors
    .map((branch) => branch.issues[0])
    .find((first) => first && !(first.code === 'invalid_type' && first.path.length === issue.path.length));
  if (relevant) return formatZodIssue(relevant, raw);
  return `"${issue.path.join('.')}" must be "off", "error", "warning", "note" or an object with enabled, severity, options (got ${describe(getAt(raw, issue.path))})`;
}

function getAt(raw: unknown, keyPath: Array<string | number>): unknown {
  let value = raw;
  for (const key of keyPath) value = typeof value === 'object' && value !== null ? (value as Record<string | number, unknown>)[key] : undefined;
  return value;
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
