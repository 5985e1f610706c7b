/** The scan: discover files, parse each once, run every rule's visitor in one walk, then the cross-file phase. */
import fs from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import { ProjectIndex, getParseErrors } from '../analysis/project.js';
import { formatMessage } from '../rule.js';
import { allRules, INVALID_SUPPRESSION } from '../../rules/index.js';
import type {
  Finding,
  Location,
  Notice,
  ReportDescriptor,
  Rule,
  RuleContext,
  RuleVisitor,
  ScanResult,
  Severity,
} from '../types.js';
import { discoverFiles, isSourceFile, looksMinified, readTextFile, toRelative, UsageError } from './files.js';
import { parseSuppressions, findSuppression, type ParsedSuppressions } from './suppressions.js';
import { computeFingerprints } from '../reporters/fingerprint.js';

export interface RuleSetting {
  enabled?: boolean;
  severity?: Severity;
  options?: Record<string, unknown>;
}

export interface ScanOptions {
  /** Files or directories, relative to `root` or absolute. Default: the root. */
  paths?: string[];
  /** Scan root: SARIF URIs and config lookup are relative to it. Default: the working directory. */
  root?: string;
  /** Only these rule ids. */
  rules?: string[];
  /** Turn these rule ids off. */
  disable?: string[];
  /** Per-rule settings from the config file. */
  ruleSettings?: Record<string, RuleSetting>;
  include?: string[];
  exclude?: string[];
  /** Skip files larger than this many bytes (default 2 MB). */
  maxFileSize?: number;
  /** tsconfig for path aliases; default `<root>/tsconfig.json` when present. */
  tsconfig?: string;
  /** Content that replaces the disk (the git index for --staged): absolute path → text. */
  contents?: Map<string, string>;
  /** Scan exactly these absolute files, skipping discovery. */
  files?: string[];
  /** Worker threads for parsing and visiting: a count, or 'auto' for one per spare CPU (--workers). */
  workers?: number | 'auto';
  /** Result cache: true for the default directory, a string for a directory (--cache [dir]). */
  cache?: boolean | string;
  /** Scan only the 1-based `index`-th of `count` slices of the file list (--shard 2/4). */
  shard?: { index: number; count: number };
  /** Rules added to the registry for this scan (tests, embedders). */
  extraRules?: Rule[];
}

export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

interface ActiveRule {
  rule: Rule;
  severity: Severity;
  options: Record<string, unknown>;
}

/** Selects the rules to run from ids, disables and config settings. */
export function selectRules(options: Pick<ScanOptions, 'rules' | 'disable' | 'ruleSettings' | 'extraRules'>): ActiveRule[] {
  const registry = [...allRules, ...(options.extraRules ?? [])];
  const known = new Set(registry.map((r) => r.id));
  for (const id of [...(options.rules ?? []), ...(options.disable ?? []), ...Object.keys(options.ruleSettings ?? {})]) {
    if (!known.has(id)) throw new UsageError(`unknown rule '${id}' (see --list-rules)`);
  }
  return registry
    .filter((rule) => {
      if (options.rules?.length) return options.rules.includes(rule.id);
      if (options.disable?.includes(rule.id)) return false;
      return options.ruleSettings?.[rule.id]?.enabled !== false;
    })
    .map((rule) => {
      const setting = options.ruleSettings?.[rule.id];
      return {
        rule,
        severity: setting?.severity ?? rule.meta.severity,
        options: { ...(rule.defaultOptions ?? {}), ...(setting?.options ?? {}) },
      };
    });
}

/** Scans files and returns findings, suppressed findings and notices. Throws UsageError for bad paths or rule ids. */
export async function scan(options: ScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const root = fs.realpathSync(path.resolve(options.root ?? process.cwd()));
  const active = selectRules(options);
  const maxBytes = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const notices: Notice[] = [];

  let files: string[];
  if (options.files) {
    files = options.files.map((f) => path.resolve(root, f));
  } else {
    const discovered = await discoverFiles({ root, paths: options.paths?.length ? options.paths : ['.'], include: options.include, exclude: options.exclude });
    files = discovered.files;
    notices.push(...discovered.notices);
  }

  const sourceFiles = files.filter(isSourceFile);
  const project = new ProjectIndex(root, sourceFiles, maxBytes);
  for (const [file, text] of options.contents ?? []) project.setText(file, text);
  const tsconfig = options.tsconfig ? path.resolve(root, options.tsconfig) : path.join(root, 'tsconfig.json');
  if (fs.existsSync(tsconfig)) project.loadTsconfig(tsconfig);

  const raw: Finding[] = [];
  const texts = new Map<string, string>();
  let scannedCount = 0;

  const report = (rule: ActiveRule, file: string, sf: ts.SourceFile | undefined, d: ReportDescriptor): void => {
    const location = d.location ?? (d.node && sf ? locate(file, sf, d.node) : undefined);
    if (!location) return;
    const template = rule.rule.messages[d.messageId] ?? d.messageId;
    const fixTemplate = d.fix ? (rule.rule.messages[d.fix] ?? d.fix) : undefined;
    raw.push({
      ruleId: rule.rule.id,
      severity: d.severity && rule.severity === rule.rule.meta.severity ? d.severity : rule.severity,
      message: formatMessage(template, d.data),
      fix: fixTemplate ? formatMessage(fixTemplate, d.data) : undefined,
      location,
      steps: d.steps,
      related: d.related,
      precision: d.precision ?? rule.rule.meta.precision,
    });
  };

  const facts = new Map<string, unknown[]>();
  const emitFact = (ruleId: string, fact: unknown) => {
    let list = facts.get(ruleId);
    if (!list) facts.set(ruleId, (list = []));
    list.push(fact);
  };
  const scannedSources: string[] = [];
  const sourceRules = active.filter((r) => r.rule.create);
  const textRules = active.filter((r) => r.rule.checkTextFile);

  for (const abs of files) {
    const rel = toRelative(root, abs);
    const given = options.contents?.get(abs);
    const read = given !== undefined ? readTextFile(abs, rel, maxBytes, Buffer.from(given, 'utf8')) : readTextFile(abs, rel, maxBytes);
    if (!read.ok) {
      notices.push(read.notice);
      continue;
    }
    const text = read.text;
    if (isSourceFile(abs)) {
      if (looksMinified(text)) {
        notices.push({ level: 'warning', reason: 'minified', file: rel, message: 'skipped: minified or generated code' });
        continue;
      }
      const sf = project.parseWithText(abs, text);
      const errors = getParseErrors(sf);
      if (errors.length) {
        const first = errors[0];
        const pos = first.start !== undefined ? sf.getLineAndCharacterOfPosition(first.start) : undefined;
        const where = pos ? ` at line ${pos.line + 1}` : '';
        notices.push({ level: 'warning', reason: 'parse-error', file: rel, message: `skipped: syntax error${where}: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}` });
        continue;
      }
      scannedSources.push(rel);
      texts.set(rel, text);
      scannedCount++;
      runVisitors(sourceRules, sf, abs, rel, text, project, report, notices, emitFact);
    } else {
      let matched = false;
      for (const r of textRules) {
        if (r.rule.matchesTextFile && !r.rule.matchesTextFile(rel)) continue;
        matched = true;
        try {
          r.rule.checkTextFile!({ ruleId: r.rule.id, file: rel, text, options: r.options, report: (d) => report(r, rel, undefined, d) });
        } catch (error) {
          notices.push(internalNotice(r.rule.id, rel, error));
        }
      }
      if (matched) {
        texts.set(rel, text);
        scannedCount++;
      }
    }
  }

  for (const r of active) {
    if (!r.rule.finish) continue;
    try {
      r.rule.finish({
        ruleId: r.rule.id,
        options: r.options,
        project,
        facts: facts.get(r.rule.id) ?? [],
        files: scannedSources,
        locationOf: (node) => locate(toRelative(root, node.getSourceFile().fileName), node.getSourceFile(), node),
        report: (d) => {
          const sf = d.node?.getSourceFile();
          report(r, d.file, sf, d);
        },
      });
    } catch (error) {
      notices.push(internalNotice(r.rule.id, undefined, error));
    }
  }

  const { findings, suppressed } = applySuppressions(dedupe(raw), texts, new Set([...allRules, ...(options.extraRules ?? [])].map((r) => r.id)), active.some((r) => r.rule.id === INVALID_SUPPRESSION.id));
  computeFingerprints([...findings, ...suppressed], (file) => texts.get(file));
  const counts: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  for (const f of findings) counts[f.severity]++;
  return {
    root,
    findings,
    suppressed,
    notices,
    rules: active.map((r) => r.rule),
    summary: {
      filesScanned: scannedCount,
      filesSkipped: notices.filter((n) => n.file && n.reason).length,
      findings: counts,
      suppressed: suppressed.length,
      baselineHidden: 0,
      durationMs: Math.round(performance.now() - started),
    },
  };
}

type Reporter = (rule: ActiveRule, file: string, sf: ts.SourceFile | undefined, d: ReportDescriptor) => void;

/** One walk over the file's compiler nodes feeds the visitors of every rule. */
function runVisitors(rules: ActiveRule[], sf: ts.SourceFile, abs: string, rel: string, text: string, project: ProjectIndex, report: Reporter, notices: Notice[], emitFact: (ruleId: string, fact: unknown) => void): void {
  const handlers: Array<Array<(node: ts.Node) => void> | undefined> = [];
  const fileEnds: Array<() => void> = [];
  for (const r of rules) {
    const context: RuleContext = {
      ruleId: r.rule.id,
      file: rel,
      absolutePath: abs,
      sourceFile: sf,
      text,
      options: r.options,
      project,
      report: (d) => report(r, rel, sf, d),
      emit: (fact) => emitFact(r.rule.id, fact),
      locationOf: (node) => {
        const own = node.getSourceFile() ?? sf;
        return locate(own === sf ? rel : project.relative(own.fileName), own, node);
      },
    };
    let visitor: RuleVisitor;
    try {
      visitor = r.rule.create!(context);
    } catch (error) {
      notices.push(internalNotice(r.rule.id, rel, error));
      continue;
    }
    for (const key of Object.keys(visitor)) {
      if (key === 'fileEnd') continue;
      const kind = Number(key);
      const fn = visitor[kind];
      if (!fn) continue;
      const guarded = (node: ts.Node) => {
        try {
          fn(node);
        } catch (error) {
          notices.push(internalNotice(r.rule.id, rel, error));
        }
      };
      (handlers[kind] ??= []).push(guarded);
    }
    if (visitor.fileEnd) fileEnds.push(visitor.fileEnd);
  }
  const visit = (node: ts.Node): void => {
    const list = handlers[node.kind];
    if (list) for (const h of list) h(node);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  for (const end of fileEnds) {
    try {
      end();
    } catch (error) {
      notices.push(internalNotice('engine', rel, error));
    }
  }
}

/** Location of a node in its own file (which may differ from the one being visited). */
export function locate(rel: string, sf: ts.SourceFile, node: ts.Node): Location {
  const start = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  const end = sf.getLineAndCharacterOfPosition(node.getEnd());
  return { file: rel, startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

function internalNotice(ruleId: string, file: string | undefined, error: unknown): Notice {
  const message = error instanceof Error ? error.message : String(error);
  if (process.env.TSAUDIT_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return { level: 'error', reason: 'internal', file, message: `rule ${ruleId} failed on this file: ${message}` };
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of findings) {
    const l = f.location;
    const key = `${f.ruleId}|${l.file}|${l.startLine}|${l.startColumn}|${l.endLine}|${l.endColumn}|${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out.sort(compareFindings);
}

export function compareFindings(a: Finding, b: Finding): number {
  const la = a.location;
  const lb = b.location;
  return (
    (la.file < lb.file ? -1 : la.file > lb.file ? 1 : 0) ||
    la.startLine - lb.startLine ||
    la.startColumn - lb.startColumn ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/** Splits findings into shown and suppressed; reports malformed suppression comments. */
function applySuppressions(findings: Finding[], texts: Map<string, string>, known: Set<string>, reportMalformed: boolean): { findings: Finding[]; suppressed: Finding[] } {
  const parsed = new Map<string, ParsedSuppressions>();
  const get = (file: string) => {
    let p = parsed.get(file);
    if (!p) {
      p = parseSuppressions(texts.get(file) ?? '', known);
      parsed.set(file, p);
    }
    return p;
  };
  const shown: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of findings) {
    const entry = findSuppression(get(f.location.file).entries, f.ruleId, f.location.startLine);
    if (entry) suppressed.push({ ...f, suppression: { kind: 'inSource', justification: entry.reason } });
    else shown.push(f);
  }
  if (reportMalformed) {
    for (const file of texts.keys()) {
      for (const m of get(file).malformed) {
        const message =
          m.problem === 'missing-rule'
            ? 'This suppression comment names no rule id, so it suppresses nothing.'
            : m.problem === 'unknown-rule'
              ? `This suppression comment names an unknown rule: ${m.text}.`
              : 'This suppression comment gives no reason after `--`, so it suppresses nothing.';
        shown.push({
          ruleId: INVALID_SUPPRESSION.id,
          severity: 'note',
          message,
          fix: 'Write `// tsaudit-ignore-next-line <rule-id> -- <why this is safe>`.',
          location: { file, startLine: m.line, startColumn: m.column, endLine: m.line, endColumn: m.endColumn },
          precision: 'very-high',
        });
      }
    }
    shown.sort(compareFindings);
  }
  return { findings: shown, suppressed };
}
