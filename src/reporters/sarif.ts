/** SARIF 2.1.0 for GitHub code scanning (see shared/GITHUB-SARIF.md for what each field is for). */
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { DOCS_BASE } from '../rule.js';
import { compareFindings } from '../engine/scan.js';
import type { Finding, Location, Notice, Rule, ScanResult } from '../types.js';
import { getToolVersion, INFORMATION_URI, TOOL_NAME } from './tool.js';

/** The `$schema` value GitHub's docs ask producers to write. */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';
const MAX_TAGS = 20;

/** Options of the SARIF reporter. */
export interface SarifOptions {
  /** `automationDetails.id`; a value without `/` becomes `<value>/` (GitHub's category). */
  category?: string;
  /** Keep suppressed findings, marked with `suppressions: [{ kind: 'inSource' }]`. */
  includeSuppressed?: boolean;
}

/** Builds a one-run SARIF log from a scan result. */
export function toSarif(result: ScanResult, options: SarifOptions = {}): Sarif.Log {
  const version = getToolVersion();
  const rules = result.rules.map(toReportingDescriptor);
  const ruleIndex = new Map(result.rules.map((r, i) => [r.id, i]));
  const findings = options.includeSuppressed ? [...result.findings, ...result.suppressed].sort(compareFindings) : result.findings;
  const run: Sarif.Run = {
    tool: { driver: { name: TOOL_NAME, version, semanticVersion: version, informationUri: INFORMATION_URI, rules } },
    invocations: [
      {
        executionSuccessful: !result.notices.some((n) => n.reason === 'internal'),
        toolExecutionNotifications: result.notices.map(toNotification),
      },
    ],
    originalUriBaseIds: { [SRCROOT]: { uri: toDirectoryUri(result.root) } },
    results: findings.filter((f) => ruleIndex.has(f.ruleId)).map((f) => toResult(f, ruleIndex.get(f.ruleId)!)),
    columnKind: 'utf16CodeUnits',
  };
  if (options.category) run.automationDetails = { id: toAutomationId(options.category) };
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
}

/** `CWE-89` → `external/cwe/cwe-089` (CodeQL's tag style). */
export function toCweTag(cwe: string): string | undefined {
  const match = /^CWE-(\d+)$/i.exec(cwe.trim());
  return match ? `external/cwe/cwe-${match[1].padStart(3, '0')}` : undefined;
}

function toReportingDescriptor(rule: Rule): Sarif.ReportingDescriptor {
  const m = rule.meta;
  const cweTags = m.cwe.map(toCweTag).filter((t): t is string => Boolean(t));
  return {
    id: rule.id,
    name: m.name,
    shortDescription: { text: m.description },
    fullDescription: { text: m.fullDescription },
    help: { text: m.help, markdown: m.help },
    helpUri: `${DOCS_BASE}${rule.id}.md`,
    defaultConfiguration: { level: m.severity },
    properties: {
      tags: [...new Set(['security', ...cweTags, ...m.tags])].slice(0, MAX_TAGS),
      precision: m.precision,
      'security-severity': String(m.securitySeverity),
    },
  };
}

function toResult(finding: Finding, ruleIndex: number): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: finding.severity,
    message: { text: finding.message },
    locations: [{ physicalLocation: toPhysicalLocation(finding.location) }],
  };
  if (finding.fingerprint) result.partialFingerprints = { primaryLocationLineHash: finding.fingerprint };
  if (finding.steps?.length) {
    const locations = finding.steps.map((s) => ({ location: { physicalLocation: toPhysicalLocation(s.location), message: { text: s.label } } }));
    result.codeFlows = [{ threadFlows: [{ locations }] }];
  }
  if (finding.related?.length) {
    result.relatedLocations = finding.related.map((r, i) => ({ id: i + 1, physicalLocation: toPhysicalLocation(r.location), message: { text: r.label } }));
  }
  if (finding.suppression) result.suppressions = [{ kind: 'inSource', justification: finding.suppression.justification }];
  if (finding.fix) result.properties = { fix: finding.fix };
  return result;
}

function toNotification(notice: Notice): Sarif.Notification {
  const notification: Sarif.Notification = {
    level: notice.level,
    message: { text: notice.file ? `${notice.file}: ${notice.message}` : notice.message },
  };
  if (notice.reason) notification.descriptor = { id: notice.reason };
  if (notice.file) notification.locations = [{ physicalLocation: { artifactLocation: toArtifactLocation(notice.file) } }];
  return notification;
}

function toPhysicalLocation(location: Location): Sarif.PhysicalLocation {
  return {
    artifactLocation: toArtifactLocation(location.file),
    region: { startLine: location.startLine, startColumn: location.startColumn, endLine: location.endLine, endColumn: location.endColumn },
  };
}

function toArtifactLocation(file: string): Sarif.ArtifactLocation {
  return { uri: toRelativeUri(file), uriBaseId: SRCROOT };
}

/** A root-relative path as a URI reference: forward slashes, spaces and reserved characters percent-encoded. */
export function toRelativeUri(file: string): string {
  return encodeURI(file).replace(/[?#]/g, (c) => encodeURIComponent(c));
}

function toDirectoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function toAutomationId(category: string): string {
  return category.includes('/') ? category : `${category}/`;
}
