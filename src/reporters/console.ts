/** Human output: findings grouped by file with a code frame and the data flow, then notices and a summary line. */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Chalk, type ChalkInstance } from 'chalk';
import { compareFindings } from '../engine/scan.js';
import { maskSpan } from '../analysis/redact.js';
import type { Finding, Location, Rule, ScanResult, Severity } from '../types.js';

/** Options of the console reporter. */
export interface ConsoleOptions {
  /** ANSI colours in the output (and in code frames). */
  color: boolean;
  /** Only findings: no notices, no summary, nothing at all when clean. */
  quiet?: boolean;
  /** Also list suppressed findings, marked with their justification. */
  includeSuppressed?: boolean;
  /** Text of a root-relative file, for code frames; default: read from disk under the root. */
  readText?: (file: string) => string | undefined;
}

/** Renders the scan result for a terminal. */
export function formatConsole(result: ScanResult, options: ConsoleOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const findings = options.includeSuppressed ? [...result.findings, ...result.suppressed].sort(compareFindings) : result.findings;
  const rules = new Map(result.rules.map((r) => [r.id, r]));
  const readText = maskSecrets(options.readText ?? createDiskReader(result.root), [...result.findings, ...result.suppressed], rules);
  const out: string[] = [];
  let currentFile: string | undefined;
  for (const f of findings) {
    if (f.location.file !== currentFile) {
      if (currentFile !== undefined) out.push('');
      currentFile = f.location.file;
      out.push(c.underline(currentFile));
    }
    out.push(...formatFinding(f, rules.get(f.ruleId), readText(f.location.file), c, options.color));
  }
  if (options.quiet) return out.length ? `${out.join('\n')}\n` : '';
  if (result.notices.length) {
    if (out.length) out.push('');
    for (const n of result.notices) out.push(`${colorSeverity(c, n.level)(n.level)} ${n.file ? `${n.file}: ` : ''}${n.message}`);
  }
  if (out.length) out.push('');
  out.push(formatSummary(result, c));
  return `${out.join('\n')}\n`;
}

function formatFinding(f: Finding, rule: Rule | undefined, text: string | undefined, c: ChalkInstance, color: boolean): string[] {
  const l = f.location;
  const cwe = rule?.meta.cwe.length ? `  ${c.dim(rule.meta.cwe.join(', '))}` : '';
  const suppressed = f.suppression ? `  ${c.dim(`(suppressed: ${f.suppression.justification})`)}` : '';
  const lines = [`  ${c.dim(`${l.startLine}:${l.startColumn}`)}  ${colorSeverity(c, f.severity)(f.severity)}  ${c.bold(f.ruleId)}${cwe}${suppressed}`, `    ${f.message}`];
  if (f.fix) lines.push(`    ${c.green('fix:')} ${f.fix}`);
  const frame = text === undefined ? undefined : formatCodeFrame(text, l, color);
  if (frame) lines.push(...frame.split('\n').map((line) => `    ${line}`));
  if (f.steps?.length) lines.push(`    ${c.cyan('flow:')} ${f.steps.map((s) => `${s.location.file}:${s.location.startLine} ${s.label}`).join(' → ')}`);
  for (const r of f.related ?? []) lines.push(`    ${c.cyan('see:')} ${r.location.file}:${r.location.startLine} ${r.label}`);
  return lines;
}

/** Wraps a text reader so that every span a secrets rule reported is masked before any code frame shows it. */
function maskSecrets(readText: (file: string) => string | undefined, findings: Finding[], rules: Map<string, Rule>): (file: string) => string | undefined {
  const spans = new Map<string, Location[]>();
  for (const f of findings) {
    if (!rules.get(f.ruleId)?.meta.tags.includes('secrets')) continue;
    const list = spans.get(f.location.file) ?? [];
    spans.set(f.location.file, [...list, f.location]);
  }
  const cache = new Map<string, string | undefined>();
  return (file) => {
    if (cache.has(file)) return cache.get(file);
    let text = readText(file);
    if (text !== undefined) for (const span of spans.get(file) ?? []) text = maskSpan(text, span);
    cache.set(file, text);
    return text;
  };
}

/** A code frame of the finding's first line (the span is cut at the end of that line). */
function formatCodeFrame(text: string, l: Location, color: boolean): string | undefined {
  const lineText = text.split(/\r\n|\r|\n/)[l.startLine - 1];
  if (lineText === undefined) return undefined;
  const endColumn = l.endLine === l.startLine ? l.endColumn : lineText.length + 1;
  const end = endColumn > l.startColumn ? { line: l.startLine, column: endColumn } : undefined;
  return loadCodeFrame()(text, { start: { line: l.startLine, column: l.startColumn }, end }, { highlightCode: color, forceColor: color, linesAbove: 1, linesBelow: 1 });
}

/** One line: counts by severity, suppressed, files scanned and skipped, duration. */
export function formatSummary(result: ScanResult, c: ChalkInstance = new Chalk({ level: 0 })): string {
  const s = result.summary;
  const total = s.findings.error + s.findings.warning + s.findings.note;
  const head = total === 0 ? c.green('✔ no findings') : c.bold(`✖ ${plural(total, 'finding')}`);
  const counts = (['error', 'warning', 'note'] as const).map((sev) => plural(s.findings[sev], sev)).join(', ');
  const duration = s.durationMs < 1000 ? `${s.durationMs} ms` : `${(s.durationMs / 1000).toFixed(1)} s`;
  return `${head} (${counts}) · ${s.suppressed} suppressed · ${plural(s.filesScanned, 'file')} scanned · ${s.filesSkipped} skipped · ${duration}`;
}

function colorSeverity(c: ChalkInstance, severity: Severity): ChalkInstance {
  return severity === 'error' ? c.red : severity === 'warning' ? c.yellow : c.blue;
}

function createDiskReader(root: string): (file: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (file) => {
    if (!cache.has(file)) {
      let text: string | undefined;
      try {
        text = fs.readFileSync(path.join(root, file), 'utf8').replace(/^\uFEFF/, '');
      } catch {
        text = undefined;
      }
      cache.set(file, text);
    }
    return cache.get(file);
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

type CodeFrameColumns = typeof import('@babel/code-frame').codeFrameColumns;
let codeFrameColumns: CodeFrameColumns | undefined;

/** @babel/code-frame (a CommonJS package), loaded on the first code frame: JSON and SARIF runs never need it. */
function loadCodeFrame(): CodeFrameColumns {
  return (codeFrameColumns ??= (createRequire(import.meta.url)('@babel/code-frame') as typeof import('@babel/code-frame')).codeFrameColumns);
}
