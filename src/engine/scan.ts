/** The scan: discover files, parse each once, run every rule's visitor in one walk, then the cross-file phase. */
import fs from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import { ProjectIndex, getParseErrors, type NodeList } from '../analysis/project.js';
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
import { discoverFiles, isSourceFile, looksMinified, readTextFile, toRelative, UsageError, type ReadResult } from './files.js';
import { parseSuppressions, findSuppression, type ParsedSuppressions } from './suppressions.js';
import { computeFingerprints } from '../reporters/fingerprint.js';
import {
  computeCacheKey,
  computeFinishKey,
  createProjectState,
  DependencyCollector,
  findImportSpecifiers,
  getCacheDir,
  hashText,
  ScanCache,
  type FileDependencies,
  type FinishOutcome,
  type ProjectState,
} from './cache.js';
import { checkShard, isInShard, type Shard } from './shard.js';
import { findWorkerEntry, getThreadCount, splitIntoChunks, WorkerPool } from './workers.js';
import type { ScanProgress } from './progress.js';
import { timing } from './timing.js';
import { startCallRecording } from '../analysis/callIndex.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

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
  /** tsconfig for path aliases of files with no nearer tsconfig that declares some; default `<root>/tsconfig.json` when present. */
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
  /** Called as the scan advances (the CLI draws a progress line on a TTY from it). */
  onProgress?: (progress: ScanProgress) => void;
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
  const shard = checkShard(options.shard);
  const maxBytes = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const notices: Notice[] = [];

  let files: string[];
  if (options.files) {
    files = options.files.map((f) => path.resolve(root, f));
  } else {
    const discovered = await discoverFiles({ root, paths: options.paths?.length ? options.paths : ['.'], include: options.include, exclude: options.exclude });
    files = discovered.files;
    notices.push(...discovered.notices.filter((n) => !n.file || isInShard(n.file, shard)));
  }

  const sourceFiles = files.filter(isSourceFile);
  const tsconfig = options.tsconfig ? path.resolve(root, options.tsconfig) : path.join(root, 'tsconfig.json');
  const setup: AnalyzerSetup = {
    root,
    sourceFiles,
    maxBytes,
    tsconfig: fs.existsSync(tsconfig) ? tsconfig : undefined,
    contents: options.contents,
    rules: options.rules,
    disable: options.disable,
    ruleSettings: options.ruleSettings,
    recordDependencies: Boolean(options.cache),
  };
  if (timing.enabled) process.stderr.write(`timing: discovery ${Math.round(performance.now() - started)} ms\n`);
  const work = planWork(files, root, shard, active);
  const phase = await analyzeFiles(setup, work, active, options);
  const merged = mergeFileResults(work, phase.results);
  options.onProgress?.({ phase: 'project', done: work.length, total: work.length, threads: phase.threads });
  const outcomes = runFinishes(active.filter((r) => r.rule.finish), merged.facts, merged.scannedSources, phase);
  const { raw, suppressions, ownFiles } = merged;
  notices.push(...merged.notices);
  for (const outcome of outcomes) {
    // a shard reports only findings located in its own files
    raw.push(...outcome.findings.filter((f) => isInShard(f.location.file, shard)));
    notices.push(...outcome.notices);
  }
  const { findings, suppressed } = applySuppressions(dedupe(raw), suppressions, ownFiles, active.some((r) => r.rule.id === INVALID_SUPPRESSION.id));
  // texts are read again only for files with findings, rather than kept for the whole scan; findings from the cache
  // keep the fingerprint computed when they were made (their file is unchanged)
  computeFingerprints([...findings, ...suppressed], (file) => {
    if (!suppressions.has(file)) return undefined;
    const read = readForScan(path.resolve(root, file), file, setup);
    return read.ok ? read.text : undefined;
  });
  if (phase.cache) {
    // after the fingerprints, which the cached findings then carry
    const error = phase.cache.store.save();
    if (error) notices.push({ level: 'warning', reason: 'cache', message: error });
  }
  options.onProgress?.({ phase: 'done', done: work.length, total: work.length, threads: phase.threads });
  if (timing.enabled) process.stderr.write(`timing: scan ${Math.round(performance.now() - started)} ms\n${timing.report()}\n`);
  const counts: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  for (const f of findings) counts[f.severity]++;
  return {
    root,
    findings,
    suppressed,
    notices,
    rules: active.map((r) => r.rule),
    summary: {
      filesScanned: merged.scannedCount,
      filesSkipped: notices.filter((n) => n.file && n.reason).length,
      findings: counts,
      suppressed: suppressed.length,
      baselineHidden: 0,
      durationMs: Math.round(performance.now() - started),
    },
  };
}

/** The per-file results gathered in file order: the same lists a single-threaded, uncached scan builds. */
interface MergedResults {
  /** Findings of the shard's own files. */
  raw: Finding[];
  notices: Notice[];
  /** Suppression comments of every file read (own or not: a finding may point into another file). */
  suppressions: Map<string, ParsedSuppressions>;
  /** The shard's own files that a rule read, for reporting malformed suppression comments. */
  ownFiles: string[];
  /** Every source file visited (own or not), for the cross-file phase. */
  scannedSources: string[];
  scannedCount: number;
  /** Facts by rule id, in file order. */
  facts: Map<string, unknown[]>;
}

function mergeFileResults(work: WorkItem[], results: FileResult[]): MergedResults {
  const merged: MergedResults = { raw: [], notices: [], suppressions: new Map(), ownFiles: [], scannedSources: [], scannedCount: 0, facts: new Map() };
  for (let i = 0; i < work.length; i++) {
    const result = results[i];
    for (const [ruleId, fact] of result.facts) {
      let list = merged.facts.get(ruleId);
      if (!list) merged.facts.set(ruleId, (list = []));
      list.push(fact);
    }
    if (work[i].mode !== 'full') {
      if (result.kind === 'source') merged.scannedSources.push(result.file);
      if (result.kind !== 'none') merged.suppressions.set(result.file, result.suppressions ?? NO_SUPPRESSIONS);
      continue;
    }
    merged.notices.push(...result.notices);
    if (result.kind === 'none') continue;
    if (result.kind === 'source') merged.scannedSources.push(result.file);
    merged.suppressions.set(result.file, result.suppressions ?? NO_SUPPRESSIONS);
    merged.raw.push(...result.findings);
    merged.ownFiles.push(result.file);
    merged.scannedCount++;
  }
  return merged;
}

/** A file of the per-file phase: 'full' runs every rule; 'facts' (files outside the shard) runs only rules with a cross-file phase, for their facts. */
export type AnalysisMode = 'full' | 'facts';

export interface WorkItem {
  /** Absolute path. */
  file: string;
  mode: AnalysisMode;
}

/** The per-file phase's result for one file; structured-cloneable, so workers return it and the cache stores it. */
export interface FileResult {
  /** Root-relative path. */
  file: string;
  mode: AnalysisMode;
  /** 'source': parsed and visited; 'text': read by a text rule; 'none': skipped, or wanted by no rule. */
  kind: 'source' | 'text' | 'none';
  findings: Finding[];
  notices: Notice[];
  /** Facts for the cross-file phase, in emission order. */
  facts: Array<[ruleId: string, fact: unknown]>;
  suppressions?: ParsedSuppressions;
  /** Content hash, with the cache on. */
  hash?: string;
  /** What the analysis read besides the file, with the cache on. */
  dependencies?: FileDependencies;
  /** Module specifiers the file may import, with the cache on. */
  imports?: string[];
  /** Digest of every file this one reaches, set by the cache before saving. */
  reach?: string;
}

/** What a worker needs to analyse files exactly as the main thread does; structured-cloneable. */
export interface AnalyzerSetup {
  root: string;
  /** Every source file of the project, absolute (shards included), for module resolution. */
  sourceFiles: string[];
  maxBytes: number;
  /** Absolute path of the tsconfig, when there is one. */
  tsconfig?: string;
  contents?: Map<string, string>;
  rules?: string[];
  disable?: string[];
  ruleSettings?: Record<string, RuleSetting>;
  /** Record content hashes and dependencies (for the cache). */
  recordDependencies: boolean;
}

/** A task for a worker thread: a chunk of the per-file phase. */
export interface WorkerTask {
  items: WorkItem[];
}

/** A rule's cross-file outcome, with what it read when the cache is on. */
export interface FinishResult extends FinishOutcome {
  dependencies?: FileDependencies;
}

export interface FileAnalyzer {
  /** The index the visits parse into; the cross-file phase reuses its parses. */
  readonly project: ProjectIndex;
  /** Runs the per-file phase on one file; `text` skips reading it again. */
  analyze(item: WorkItem, text?: string): FileResult;
  /** Runs a rule's cross-file phase over all its facts. */
  finish(ruleId: string, facts: unknown[], files: string[]): FinishResult;
}

const NO_SUPPRESSIONS: ParsedSuppressions = { entries: [], malformed: [] };

/** The project index for a setup: every source file, staged contents, tsconfig aliases. */
export function createProject(setup: AnalyzerSetup): ProjectIndex {
  const project = new ProjectIndex(setup.root, setup.sourceFiles, setup.maxBytes);
  for (const [file, text] of setup.contents ?? []) project.setText(file, text);
  if (setup.tsconfig) project.loadTsconfig(setup.tsconfig);
  return project;
}

/** Reads a file for the scan: staged content wins over the disk. */
function readForScan(abs: string, rel: string, setup: AnalyzerSetup): ReadResult {
  const given = setup.contents?.get(abs);
  return given !== undefined ? readTextFile(abs, rel, setup.maxBytes, Buffer.from(given, 'utf8')) : readTextFile(abs, rel, setup.maxBytes);
}

/** The per-file phase (read, parse, one walk feeding every rule's visitor, text rules, suppression comments), shared by the main thread and workers. */
export function createFileAnalyzer(setup: AnalyzerSetup, extraRules?: Rule[]): FileAnalyzer {
  const active = selectRules({ ...setup, extraRules });
  const known = new Set([...allRules, ...(extraRules ?? [])].map((r) => r.id));
  const project = createProject(setup);
  const sourceRules = active.filter((r) => r.rule.create);
  const factRules = sourceRules.filter((r) => r.rule.finish);
  const textRules = active.filter((r) => r.rule.checkTextFile);
  const dependencyHashes = new Map<string, string>();
  const hashDependency = (abs: string): string => {
    let hash = dependencyHashes.get(abs);
    if (hash === undefined) {
      hash = hashProjectText(project, abs);
      dependencyHashes.set(abs, hash);
    }
    return hash;
  };

  const analyze = (item: WorkItem, givenText?: string): FileResult => {
    const abs = item.file;
    const rel = toRelative(setup.root, abs);
    const result: FileResult = { file: rel, mode: item.mode, kind: 'none', findings: [], notices: [], facts: [] };
    // a file another file's analysis already read (following an import) is not read again
    let text = givenText ?? (isSourceFile(abs) ? project.getLoadedText(abs) : undefined);
    if (text === undefined) {
      const read = readForScan(abs, rel, setup);
      if (!read.ok) {
        result.notices.push(read.notice);
        return result;
      }
      text = read.text;
    }
    if (setup.recordDependencies) result.hash = hashText(text);
    const report: Reporter =
      item.mode === 'full'
        ? (rule, file, sf, d) => {
            const finding = createFinding(rule, file, sf, d);
            if (finding) result.findings.push(finding);
          }
        : () => {};
    const emitFact = (ruleId: string, fact: unknown) => result.facts.push([ruleId, fact]);

    if (isSourceFile(abs)) {
      if (looksMinified(text)) {
        result.notices.push({ level: 'warning', reason: 'minified', file: rel, message: 'skipped: minified or generated code' });
        return result;
      }
      // the parse's parent-binding walk lists the nodes for the rules' dispatch (a parse without a list is walked here)
      const parsed = project.parseWithText(abs, text);
      const sf = parsed.sf;
      const errors = getParseErrors(sf);
      if (errors.length) {
        const first = errors[0];
        const pos = first.start !== undefined ? sf.getLineAndCharacterOfPosition(first.start) : undefined;
        const where = pos ? ` at line ${pos.line + 1}` : '';
        result.notices.push({ level: 'warning', reason: 'parse-error', file: rel, message: `skipped: syntax error${where}: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}` });
        return result;
      }
      result.kind = 'source';
      result.suppressions = parseSuppressions(text, known);
      const collector = setup.recordDependencies ? new DependencyCollector(setup.root, hashDependency) : undefined;
      project.recorder = collector;
      try {
        runVisitors(item.mode === 'full' ? sourceRules : factRules, sf, parsed.list, abs, rel, text, project, report, result.notices, emitFact);
      } finally {
        project.recorder = undefined;
      }
      if (collector) {
        result.dependencies = collector.getDependencies();
        result.imports = findImportSpecifiers(text);
      }
      return result;
    }

    let matched = false;
    for (const r of textRules) {
      if (r.rule.matchesTextFile && !r.rule.matchesTextFile(rel)) continue;
      matched = true;
      try {
        r.rule.checkTextFile!({ ruleId: r.rule.id, file: rel, text, options: r.options, report: (d) => report(r, rel, undefined, d) });
      } catch (error) {
        result.notices.push(internalNotice(r.rule.id, rel, error));
      }
    }
    if (matched) {
      result.kind = 'text';
      result.suppressions = parseSuppressions(text, known);
      if (setup.recordDependencies) result.dependencies = { files: [], resolutions: [], typeChecker: false };
    }
    return result;
  };

  const finish = (ruleId: string, facts: unknown[], files: string[]): FinishResult => {
    const outcome: FinishResult = { findings: [], notices: [] };
    const r = active.find((a) => a.rule.id === ruleId);
    if (!r?.rule.finish) return outcome;
    const collector = setup.recordDependencies ? new DependencyCollector(setup.root, (abs) => hashProjectText(project, abs)) : undefined;
    project.recorder = collector;
    project.listEarlyParses = false;
    try {
      r.rule.finish({
        ruleId,
        options: r.options,
        project,
        facts,
        files,
        locationOf: (node) => locate(project.relative(node.getSourceFile().fileName), node.getSourceFile(), node),
        report: (d) => {
          const finding = createFinding(r, d.file, d.node?.getSourceFile(), d);
          if (finding) outcome.findings.push(finding);
        },
      });
    } catch (error) {
      outcome.notices.push(internalNotice(ruleId, undefined, error));
    } finally {
      project.recorder = undefined;
    }
    if (collector) outcome.dependencies = collector.getDependencies();
    return outcome;
  };
  return { project, analyze, finish };
}

/**
 * The files of the per-file phase, in file order: every file without a shard; with one, the shard's own files,
 * plus the other source files in 'facts' mode when a rule has a cross-file phase (its facts come from every file).
 */
function planWork(files: string[], root: string, shard: Shard | undefined, active: ActiveRule[]): WorkItem[] {
  if (!shard || shard.count === 1) return files.map((file) => ({ file, mode: 'full' }));
  const needsFacts = active.some((r) => r.rule.create && r.rule.finish);
  const work: WorkItem[] = [];
  for (const file of files) {
    if (isInShard(toRelative(root, file), shard)) work.push({ file, mode: 'full' });
    else if (needsFacts && isSourceFile(file)) work.push({ file, mode: 'facts' });
  }
  return work;
}

interface FilePhase {
  /** One result per work item, in work order. */
  results: FileResult[];
  /** The main thread's analyzer (created on first use), whose index holds the parses made here. */
  getAnalyzer(): FileAnalyzer;
  /** The open cache, the project's current state and its digest, with the cache on; saved after the cross-file phase. */
  cache?: { store: ScanCache; state: ProjectState; projectDigest: string };
  /** Threads that analysed files, the main thread included. */
  threads: number;
}

/** Runs the per-file phase: fresh cached results are reused, the rest run on worker threads or on this thread. */
async function analyzeFiles(setup: AnalyzerSetup, work: WorkItem[], active: ActiveRule[], options: ScanOptions): Promise<FilePhase> {
  let analyzer: FileAnalyzer | undefined;
  const getAnalyzer = () => (analyzer ??= createFileAnalyzer(setup, options.extraRules));
  const results: Array<FileResult | undefined> = new Array(work.length);
  const texts = new Map<number, string>();
  let done = 0;
  let threadsInUse = 1;
  const advance = (count: number) => {
    done += count;
    options.onProgress?.({ phase: 'files', done, total: work.length, threads: threadsInUse });
  };
  advance(0);

  const cacheDir = getCacheDir(options.cache, setup.root);
  const cache = cacheDir ? ScanCache.open(cacheDir, computeCacheKey(describeConfiguration(setup, active))) : undefined;
  const state = cache ? createProjectState(setup.root, (abs, rel) => readForScan(abs, rel, setup), () => getAnalyzer().project) : undefined;
  const rels = work.map((item) => toRelative(setup.root, item.file));
  if (cache && state) {
    cache.findFresh(rels, work, state).forEach((cached, i) => {
      const text = cached || !cache.get(rels[i]) ? undefined : state.textOf(rels[i]);
      if (cached) results[i] = cached;
      else if (text !== undefined) texts.set(i, text);
    });
    advance(results.filter(Boolean).length);
  }

  const pending: number[] = [];
  for (let i = 0; i < work.length; i++) if (!results[i]) pending.push(i);
  const analyzeHere = (i: number): FileResult => (results[i] = getAnalyzer().analyze(work[i], texts.get(i)));
  // rules given as objects (extraRules) cannot cross to a worker
  const threads = options.extraRules?.length ? 1 : getThreadCount(options.workers, pending.length);
  const entry = threads > 1 ? findWorkerEntry() : undefined;
  let usedThreads = 1;
  const chunks = entry ? splitIntoChunks(pending, threads) : [];
  if (entry && chunks.length > 1) {
    usedThreads = Math.min(threads, chunks.length);
    threadsInUse = usedThreads;
    const pool = await WorkerPool.open(entry, setup, usedThreads - 1);
    try {
      const outcomes = await pool.run<number[], FileResult[]>({
        tasks: chunks,
        toMessage: (chunk): WorkerTask => ({ items: chunk.map((i) => work[i]) }),
        runHere: (chunk) => chunk.map(analyzeHere),
        onDone: (chunk) => advance(chunk.length),
      });
      chunks.forEach((chunk, c) => {
        const outcome = outcomes[c];
        if (outcome instanceof Error) reportWorkerFailure(outcome);
        else chunk.forEach((i, k) => (results[i] ??= outcome[k]));
      });
    } finally {
      // the cross-file phase runs here, on the main thread: release the workers and their parses first
      await pool.close();
    }
    threadsInUse = 1;
  }
  for (const i of pending) {
    if (results[i]) continue;
    analyzeHere(i);
    advance(1);
  }

  let cacheSession: FilePhase['cache'];
  if (cache && state) {
    const wholeProject = !options.files && !options.shard && (!options.paths?.length || options.paths.every((p) => path.resolve(setup.root, p) === setup.root));
    const projectDigest = cache.update(results as FileResult[], state, wholeProject);
    cacheSession = { store: cache, state, projectDigest };
  }
  return { results: results as FileResult[], getAnalyzer, cache: cacheSession, threads: usedThreads };
}

/** Everything besides file contents that decides per-file results (the cache key). */
function describeConfiguration(setup: AnalyzerSetup, active: ActiveRule[]): unknown {
  return {
    ts: ts.version,
    maxBytes: setup.maxBytes,
    tsconfig: setup.tsconfig ? [toRelative(setup.root, setup.tsconfig), fs.readFileSync(setup.tsconfig, 'utf8')] : null,
    rules: active.map((r) => [r.rule.id, r.severity, r.options]),
  };
}

/**
 * Runs each rule's cross-file phase on the main thread, over all of its facts, reusing the cached outcome when the
 * facts, the file list and the project are unchanged; outcomes in rule order.
 */
function runFinishes(rules: ActiveRule[], facts: Map<string, unknown[]>, files: string[], phase: FilePhase): FinishOutcome[] {
  const { cache } = phase;
  return rules.map((r) => {
    const ruleFacts = facts.get(r.rule.id) ?? [];
    const key = cache ? computeFinishKey(ruleFacts, files, cache.projectDigest) : undefined;
    const cached = key ? cache!.store.getFinish(r.rule.id, key, cache!.state) : undefined;
    if (cached) return cached;
    const { dependencies, ...outcome } = timing.measure(`finish ${r.rule.id}`, () => phase.getAnalyzer().finish(r.rule.id, ruleFacts, files));
    if (key && dependencies) cache!.store.setFinish(r.rule.id, { key, dependencies, ...outcome });
    return outcome;
  });
}

/** A worker task failed (say, a fact that is not structured-cloneable): the chunk runs again on the main thread. */
function reportWorkerFailure(error: Error): void {
  if (process.env.TSAUDIT_DEBUG) process.stderr.write(`tsaudit: a worker task failed, running it on the main thread: ${error.stack ?? error.message}\n`);
}

/** Content hash of a project file as the index sees it ('' when unreadable). */
function hashProjectText(project: ProjectIndex, abs: string): string {
  const text = project.getText(abs);
  return text === undefined ? '' : hashText(text);
}

/** Turns a rule's report into a finding; undefined when it names no location. */
function createFinding(rule: ActiveRule, file: string, sf: ts.SourceFile | undefined, d: ReportDescriptor): Finding | undefined {
  const location = d.location ?? (d.node && sf ? locate(file, sf, d.node) : undefined);
  if (!location) return undefined;
  const template = rule.rule.messages[d.messageId] ?? d.messageId;
  const fixTemplate = d.fix ? (rule.rule.messages[d.fix] ?? d.fix) : undefined;
  return {
    ruleId: rule.rule.id,
    severity: d.severity && rule.severity === rule.rule.meta.severity ? d.severity : rule.severity,
    message: formatMessage(template, d.data),
    fix: fixTemplate ? formatMessage(fixTemplate, d.data) : undefined,
    location,
    steps: d.steps,
    related: d.related,
    precision: d.precision ?? rule.rule.meta.precision,
  };
}

type Reporter = (rule: ActiveRule, file: string, sf: ts.SourceFile | undefined, d: ReportDescriptor) => void;

/** Every node below `root` in pre-order, as the parse's parent-binding walk lists them. */
function listNodes(root: ts.Node): ts.Node[] {
  const nodes: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    nodes.push(node);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(root, visit);
  return nodes;
}

/** Calls and `new` expressions: the engine records them for the cross-file phase's call index. */
const RECORDED_KINDS = [SyntaxKind.CallExpression, SyntaxKind.NewExpression];

/**
 * The nodes to dispatch: the parse's list when it holds every kind a handler wants (parses list only the kinds the
 * engine dispatches, which the first visit tells the index), else a walk of the whole file.
 */
function nodesToVisit(sf: ts.SourceFile, list: NodeList | undefined, wanted: number[], project: ProjectIndex): readonly ts.Node[] {
  const listed = project.listKinds;
  if (!listed || wanted.some((k) => !listed[k])) {
    const kinds: boolean[] = listed ? [...listed] : [];
    for (const k of wanted) kinds[k] = true;
    project.listKinds = kinds;
  }
  if (list && (!list.kinds || wanted.every((k) => list.kinds![k]))) return list.nodes;
  return listNodes(sf);
}

/** Feeds the nodes of the file in source order (pre-order, the file itself excluded) to the visitors of every rule: one walk feeds every rule. */
function runVisitors(rules: ActiveRule[], sf: ts.SourceFile, list: NodeList | undefined, abs: string, rel: string, text: string, project: ProjectIndex, report: Reporter, notices: Notice[], emitFact: (ruleId: string, fact: unknown) => void): void {
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
      const label = `visit ${r.rule.id}`;
      const guarded = (node: ts.Node) => {
        try {
          if (timing.enabled) timing.measure(label, () => fn(node));
          else fn(node);
        } catch (error) {
          notices.push(internalNotice(r.rule.id, rel, error));
        }
      };
      (handlers[kind] ??= []).push(guarded);
    }
    const fileEnd = visitor.fileEnd;
    if (fileEnd) fileEnds.push(timing.enabled ? () => timing.measure(`visit ${r.rule.id}`, fileEnd) : fileEnd);
  }
  const wanted = [...RECORDED_KINDS];
  handlers.forEach((list, kind) => list && wanted.push(kind));
  const nodes = nodesToVisit(sf, list, wanted, project);
  const recordCall = startCallRecording(sf);
  const sfHandlers = handlers[sf.kind];
  if (sfHandlers) for (const h of sfHandlers) h(sf);
  for (const node of nodes) {
    const kind = node.kind;
    if (kind === SyntaxKind.CallExpression || kind === SyntaxKind.NewExpression) recordCall(node as ts.CallExpression | ts.NewExpression);
    const list = handlers[kind];
    if (list) for (const h of list) h(node);
  }
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
function applySuppressions(findings: Finding[], parsed: Map<string, ParsedSuppressions>, ownFiles: string[], reportMalformed: boolean): { findings: Finding[]; suppressed: Finding[] } {
  const get = (file: string) => parsed.get(file) ?? NO_SUPPRESSIONS;
  const shown: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of findings) {
    const entry = findSuppression(get(f.location.file).entries, f.ruleId, f.location.startLine);
    if (entry) suppressed.push({ ...f, suppression: { kind: 'inSource', justification: entry.reason } });
    else shown.push(f);
  }
  if (reportMalformed) {
    for (const file of ownFiles) {
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
