/** Markdown for `$GITHUB_STEP_SUMMARY`: counts by rule and severity, then one table row per finding. */
import type { Finding, ScanResult, Severity } from '../types.js';
import { TOOL_NAME } from './tool.js';

const SEVERITIES: Severity[] = ['error', 'warning', 'note'];
/** GitHub caps a step summary at 1 MiB; past this many rows the table says how many were left out. */
export const MAX_MARKDOWN_ROWS = 500;

/** Renders the scan result as a GitHub-flavoured Markdown summary. */
export function formatMarkdown(result: ScanResult): string {
  const s = result.summary;
  const total = s.findings.error + s.findings.warning + s.findings.note;
  const lines = [
    `## ${TOOL_NAME}`,
    '',
    `**${plural(total, 'finding')}** (${SEVERITIES.map((sev) => plural(s.findings[sev], sev)).join(', ')}) · ${s.suppressed} suppressed · ${plural(s.filesScanned, 'file')} scanned · ${s.filesSkipped} skipped`,
    '',
  ];
  if (total > 0) lines.push(...formatRuleTable(result.findings), '', ...formatFindingTable(result.findings));
  const skipped = result.notices.filter((n) => n.file);
  if (skipped.length) {
    lines.push('', `<details><summary>${plural(skipped.length, 'notice')}</summary>`, '');
    for (const n of skipped.slice(0, MAX_MARKDOWN_ROWS)) lines.push(`- \`${escapeCell(n.file!)}\`: ${escapeCell(n.message)}`);
    lines.push('', '</details>');
  }
  return `${lines.join('\n')}\n`;
}

function formatRuleTable(findings: Finding[]): string[] {
  const counts = new Map<string, Record<Severity, number>>();
  for (const f of findings) {
    const row = counts.get(f.ruleId) ?? { error: 0, warning: 0, note: 0 };
    row[f.severity]++;
    counts.set(f.ruleId, row);
  }
  const rows = [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, c]) => `| \`${id}\` | ${c.error} | ${c.warning} | ${c.note} |`);
  return ['| Rule | Error | Warning | Note |', '| --- | ---: | ---: | ---: |', ...rows];
}

function formatFindingTable(findings: Finding[]): string[] {
  const rows = findings
    .slice(0, MAX_MARKDOWN_ROWS)
    .map((f) => `| ${f.severity} | \`${f.ruleId}\` | \`${escapeCell(f.location.file)}:${f.location.startLine}\` | ${escapeCell(f.message)} |`);
  const more = findings.length > MAX_MARKDOWN_ROWS ? ['', `…and ${findings.length - MAX_MARKDOWN_ROWS} more.`] : [];
  return ['| Severity | Rule | Location | Message |', '| --- | --- | --- | --- |', ...rows, ...more];
}

/** Keeps a table cell on one line and its pipes literal. */
export function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
