/** Shared vocabulary of tsaudit: findings, notices, rules and the contexts rules run in. */
import type { ts } from 'ts-morph';

export type Severity = 'error' | 'warning' | 'note';
export type Precision = 'very-high' | 'high' | 'medium' | 'low';

/** A span in a scanned file. `file` is relative to the scan root with forward slashes; lines and columns are 1-based, `endColumn` is the column after the last character. */
export interface Location {
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** One step of a data flow, from the source (first) to the sink (last). */
export interface FlowStep {
  location: Location;
  label: string;
}

export interface RelatedLocation {
  location: Location;
  label: string;
}

export interface Suppression {
  kind: 'inSource';
  justification: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** One factual sentence: what flowed where. Never contains a whole secret. */
  message: string;
  /** An imperative fix for this finding. */
  fix?: string;
  location: Location;
  steps?: FlowStep[];
  related?: RelatedLocation[];
  precision?: Precision;
  /** Stable across unrelated edits (computed by the engine). */
  fingerprint?: string;
  suppression?: Suppression;
}

/** Something the scan could not do (a skipped file, a bad suppression comment). */
export interface Notice {
  level: 'note' | 'warning' | 'error';
  message: string;
  file?: string;
  /** Machine-readable reason: 'unreadable', 'binary', 'too-large', 'minified', 'parse-error', 'symlink', 'not-utf8', 'internal'. */
  reason?: string;
}

export interface RuleMeta {
  /** Sentence case, no full stop. */
  name: string;
  /** One line: "X lets Y happen." */
  description: string;
  /** A paragraph. */
  fullDescription: string;
  /** Markdown help with a vulnerable and a fixed example. */
  help: string;
  /** e.g. ['CWE-89'] */
  cwe: string[];
  severity: Severity;
  /** GitHub security-severity, in (0, 10]. */
  securitySeverity: number;
  precision: Precision;
  tags: string[];
}

/** Data passed to a message template: `{{name}}` placeholders. */
export type MessageData = Record<string, string | number>;

export interface ReportDescriptor {
  node?: ts.Node;
  /** Used when there is no node (config files, text matches). */
  location?: Location;
  messageId: string;
  data?: MessageData;
  /** Message id of the fix text in `messages`, or a literal fix. */
  fix?: string;
  severity?: Severity;
  precision?: Precision;
  steps?: FlowStep[];
  related?: RelatedLocation[];
}

/** Per-file context handed to a rule's `create`. */
export interface RuleContext {
  readonly ruleId: string;
  /** Path relative to the scan root, forward slashes. */
  readonly file: string;
  readonly absolutePath: string;
  readonly sourceFile: ts.SourceFile;
  readonly text: string;
  readonly options: Record<string, unknown>;
  readonly project: import('./analysis/project.js').ProjectIndex;
  report(descriptor: ReportDescriptor): void;
  locationOf(node: ts.Node): Location;
  /** Hands a structured-cloneable fact to this rule's `finish` phase (e.g. "parameter 0 of f reaches a SQL sink"). */
  emit(fact: unknown): void;
}

/** A visitor: node handlers keyed by `ts.SyntaxKind`, plus an optional hook after the file. */
export interface RuleVisitor {
  [kind: number]: ((node: any) => void) | undefined;
  fileEnd?: () => void;
}

/** Context for a non-source file (config, .env, JSON, YAML, PEM). */
export interface TextFileContext {
  readonly ruleId: string;
  readonly file: string;
  readonly text: string;
  readonly options: Record<string, unknown>;
  report(descriptor: ReportDescriptor): void;
}

/** Context for the project-wide phase, after every file was visited. */
export interface ProjectContext {
  readonly ruleId: string;
  readonly options: Record<string, unknown>;
  readonly project: import('./analysis/project.js').ProjectIndex;
  /** Facts emitted by this rule's per-file phase, in file order. */
  readonly facts: unknown[];
  /** Relative path of every scanned source file. */
  readonly files: string[];
  report(descriptor: ReportDescriptor & { file: string }): void;
  /** Location of a node in any project file. */
  locationOf(node: ts.Node): Location;
}

export interface Rule {
  id: string;
  meta: RuleMeta;
  /** Message templates keyed by camelCase id. */
  messages: Record<string, string>;
  /** Default options; config may override. */
  defaultOptions?: Record<string, unknown>;
  /** Source-file visitor (TS/JS). */
  create?(context: RuleContext): RuleVisitor;
  /** Non-source files this rule reads, by predicate on the relative path. */
  matchesTextFile?(file: string): boolean;
  checkTextFile?(context: TextFileContext): void;
  /** Cross-file phase (summaries of callers, wrappers). Runs once per scan. */
  finish?(context: ProjectContext): void;
}

export interface ScanSummary {
  filesScanned: number;
  filesSkipped: number;
  findings: Record<Severity, number>;
  suppressed: number;
  baselineHidden: number;
  durationMs: number;
}

export interface ScanResult {
  root: string;
  findings: Finding[];
  /** Findings hidden by an inline suppression (kept for --include-suppressed). */
  suppressed: Finding[];
  notices: Notice[];
  rules: Rule[];
  summary: ScanSummary;
}
