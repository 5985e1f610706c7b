/** `defineRule` gives rule files one shape (after typescript-eslint's `createRule`). */
import type { Rule } from './types.js';

export const DOCS_BASE = 'https://github.com/tsaudit/tsaudit/blob/main/docs/rules/';

/** Declares a rule; checks at load time that its metadata is complete. */
export function defineRule<R extends Rule>(rule: R): R {
  const m = rule.meta;
  if (!/^[a-z][a-z0-9-]*$/.test(rule.id)) throw new Error(`rule id '${rule.id}' must be kebab-case`);
  if (!m.name || !m.description || !m.fullDescription || !m.help) throw new Error(`rule ${rule.id}: incomplete meta`);
  if (!(m.securitySeverity > 0 && m.securitySeverity <= 10)) throw new Error(`rule ${rule.id}: securitySeverity out of (0,10]`);
  return rule;
}

/** Fills `{{name}}` placeholders of a message template. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}
