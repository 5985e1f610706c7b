/** `--list-rules`: one line per rule with id, default severity, CWE and the one-line description. */
import type { Rule } from '../types.js';

/** Formats the rule list as aligned columns. */
export function formatRuleList(rules: Rule[]): string {
  const rows = rules.map((r) => [r.id, r.meta.severity, r.meta.cwe.join(',') || '-', r.meta.description]);
  const header = ['RULE', 'SEVERITY', 'CWE', 'DESCRIPTION'];
  const widths = [0, 1, 2].map((i) => Math.max(header[i].length, ...rows.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell)).join('  ');
  return `${[header, ...rows].map(line).join('\n')}\n`;
}
