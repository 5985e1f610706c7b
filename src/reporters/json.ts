/**
 * JSON output, format version 1. Within a version fields are only ever added, never renamed or removed.
 * Documented in docs/json-format.md:
 *
 *   { "version": 1,
 *     "tool": { "name": "tsaudit", "version": "0.1.0" },
 *     "root": "/abs/path/of/scan/root",
 *     "summary": { "filesScanned", "filesSkipped", "findings": { "error", "warning", "note" }, "suppressed", "baselineHidden", "durationMs" },
 *     "findings": [ { "ruleId", "severity", "message", "fix"?, "location", "steps"?, "related"?, "precision"?,
 *                     "fingerprint"?, "suppression"? } ],
 *     "notices": [ { "level", "message", "file"?, "reason"? } ] }
 *
 * `location` is `{ file, startLine, startColumn, endLine, endColumn }` (file relative to root, 1-based, end exclusive).
 */
import { compareFindings } from '../engine/scan.js';
import type { Finding, Location, Notice, ScanResult, Severity } from '../types.js';
import { getToolVersion, TOOL_NAME } from './tool.js';

/** Bumped only for a breaking change of the JSON shape. */
export const JSON_FORMAT_VERSION = 1;

/** The whole JSON report (format version 1). */
export interface JsonReport {
  version: 1;
  tool: { name: string; version: string };
  root: string;
  summary: { filesScanned: number; filesSkipped: number; findings: Record<Severity, number>; suppressed: number; baselineHidden: number; durationMs: number };
  findings: JsonFinding[];
  notices: Notice[];
}

/** One finding in the JSON report. */
export interface JsonFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  fix?: string;
  location: Location;
  steps?: Array<{ location: Location; label: string }>;
  related?: Array<{ location: Location; label: string }>;
  precision?: string;
  fingerprint?: string;
  suppression?: { kind: 'inSource'; justification: string };
}

/** Builds the version-1 JSON report; suppressed findings are included (with `suppression`) only when asked. */
export function toJsonReport(result: ScanResult, options: { includeSuppressed?: boolean } = {}): JsonReport {
  const s = result.summary;
  const findings = options.includeSuppressed ? [...result.findings, ...result.suppressed].sort(compareFindings) : result.findings;
  return {
    version: JSON_FORMAT_VERSION,
    tool: { name: TOOL_NAME, version: getToolVersion() },
    root: result.root,
    summary: { filesScanned: s.filesScanned, filesSkipped: s.filesSkipped, findings: { ...s.findings }, suppressed: s.suppressed, baselineHidden: s.baselineHidden, durationMs: s.durationMs },
    findings: findings.map(toJsonFinding),
    notices: result.notices.map((n) => ({ level: n.level, message: n.message, file: n.file, reason: n.reason })),
  };
}

/** Serializes the JSON report with two-space indentation and a final newline. */
export function formatJson(result: ScanResult, options: { includeSuppressed?: boolean } = {}): string {
  return `${JSON.stringify(toJsonReport(result, options), null, 2)}\n`;
}

function toJsonFinding(f: Finding): JsonFinding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    fix: f.fix,
    location: { ...f.location },
    steps: f.steps?.map((s) => ({ location: { ...s.location }, label: s.label })),
    related: f.related?.map((r) => ({ location: { ...r.location }, label: r.label })),
    precision: f.precision,
    fingerprint: f.fingerprint,
    suppression: f.suppression ? { ...f.suppression } : undefined,
  };
}
