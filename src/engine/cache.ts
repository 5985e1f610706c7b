/**
 * The result cache (`--cache [dir]`): the per-file phase's result for each file, reused while the file and every
 * project file it reaches are unchanged. One cache file per tool version, code, rule set and options; inside it,
 * entries keyed by root-relative path carry the content hash, the imports and reads of the last analysis, and a
 * digest of everything reachable from the file through them.
 *
 * Why reachability and not only the reads recorded during a file's visit: rules memoize across files (origins of a
 * node, summaries of a function), so a visit may reuse what another file's visit computed and never read the files
 * behind it. Everything a rule can reach from a file goes through imports and recorded reads, so a digest over that
 * closure catches every change that could alter the result.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';
import type { DependencyRecorder, ProjectIndex } from '../analysis/project.js';
import { isInside, toRelative, type ReadResult } from './files.js';
import type { Finding, Notice } from '../types.js';
import type { AnalysisMode, FileResult, WorkItem } from './scan.js';

/** Bump when FileResult or this file's format changes. */
const CACHE_FORMAT = 3;
/** Cache files (one per configuration) kept in the directory; older ones are removed. */
const KEEP_CACHE_FILES = 8;

/** What one file's analysis read besides the file itself. */
export interface FileDependencies {
  /** Root-relative project files read, each with the content hash seen ('' when unreadable). */
  files: Array<[file: string, hash: string]>;
  /** Module resolutions asked for: from file, specifier, resolved file (null when not a project file). */
  resolutions: Array<[from: string, specifier: string, resolved: string | null]>;
  /** The analysis built a type checker, which reads every file: such a result is never reused. */
  typeChecker: boolean;
}

/** Current state of the project, for checking recorded dependencies (memoized). */
export interface ProjectState {
  /** Text of a root-relative file now; undefined when unreadable or outside the root. */
  textOf(file: string): string | undefined;
  /** Content hash of a root-relative file now ('' when unreadable). */
  hashOf(file: string): string;
  /** Records a hash already computed (by the per-file phase), so the file is not read again. */
  rememberHash(file: string, hash: string): void;
  /** Root-relative file that the specifier resolves to now, or null. */
  resolve(from: string, specifier: string): string | null;
}

// `from 'x'`, `import 'x'`, `import('x')`, `require('x')`: may match inside comments and strings too, which only
// adds edges (more re-analysis), never misses one
const IMPORT_PATTERN = /\b(?:from|import|require)\s*\(?\s*(['"])([^'"\n\r]+)\1/g;

/** Module specifiers a file's text may import (an over-approximation). */
export function findImportSpecifiers(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(IMPORT_PATTERN)) found.add(match[2]);
  return [...found];
}

/** Files the analysis of `file` may read: its imports resolved now, plus the files and resolutions its last analysis recorded. */
export function getReachEdges(file: string, last: FileResult | undefined, state: ProjectState): string[] {
  const edges = new Set<string>();
  const specifiers = last ? (last.imports ?? []) : /\.[mc]?[jt]sx?$/.test(file) ? findImportSpecifiers(state.textOf(file) ?? '') : [];
  for (const specifier of specifiers) {
    const resolved = state.resolve(file, specifier);
    if (resolved !== null) edges.add(resolved);
  }
  for (const [dep] of last?.dependencies?.files ?? []) edges.add(dep);
  for (const [, , resolved] of last?.dependencies?.resolutions ?? []) if (resolved !== null) edges.add(resolved);
  edges.delete(file);
  return [...edges];
}

/**
 * For `files` and every file they reach through `edgesOf`, a digest of the content hashes of all reachable files.
 * Tarjan's strongly connected components (import cycles share a digest), in time linear in files and edges.
 */
export function computeReachDigests(files: Iterable<string>, edgesOf: (file: string) => string[], hashOf: (file: string) => string): Map<string, string> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const edges = new Map<string, string[]>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const digests = new Map<string, string>();
  let counter = 0;
  const frames: Array<{ file: string; next: number }> = [];
  const enter = (file: string) => {
    index.set(file, counter);
    low.set(file, counter);
    counter++;
    stack.push(file);
    onStack.add(file);
    edges.set(file, edgesOf(file));
    frames.push({ file, next: 0 });
  };
  for (const start of files) {
    if (index.has(start)) continue;
    enter(start);
    while (frames.length) {
      const frame = frames[frames.length - 1];
      const out = edges.get(frame.file)!;
      if (frame.next < out.length) {
        const target = out[frame.next++];
        if (!index.has(target)) enter(target);
        else if (onStack.has(target)) low.set(frame.file, Math.min(low.get(frame.file)!, index.get(target)!));
        continue;
      }
      frames.pop();
      if (frames.length) {
        const parent = frames[frames.length - 1].file;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.file)!));
      }
      if (low.get(frame.file) !== index.get(frame.file)) continue;
      // frame.file roots a component: every component it reaches already has its digest
      const members: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        members.push(member);
      } while (member !== frame.file);
      const memberSet = new Set(members);
      const reached = new Set<string>();
      for (const m of members) for (const target of edges.get(m)!) if (!memberSet.has(target)) reached.add(digests.get(target)!);
      const hash = crypto.createHash('sha1');
      for (const m of members.sort()) hash.update(`${m}\0${hashOf(m)}\n`);
      hash.update('--\n');
      for (const d of [...reached].sort()) hash.update(`${d}\n`);
      const digest = hash.digest('base64url');
      for (const m of members) digests.set(m, digest);
    }
  }
  return digests;
}

/** Content hash of a file's decoded text. */
export function hashText(text: string): string {
  return crypto.hash('sha1', text, 'base64url');
}

/** The cache directory for a `cache` option: true means `<root>/node_modules/.cache/tsaudit`. */
export function getCacheDir(option: string | boolean | undefined, root: string): string | undefined {
  if (!option) return undefined;
  return option === true ? path.join(root, 'node_modules', '.cache', 'tsaudit') : path.resolve(root, option);
}

/** Records, while one file is visited, the files and resolutions its rules asked the project index for. */
export class DependencyCollector implements DependencyRecorder {
  private readonly files = new Set<string>();
  private readonly resolutions = new Map<string, [string, string, string | null]>();
  private usedTypeChecker = false;

  constructor(
    private readonly root: string,
    private readonly hashOf: (absPath: string) => string,
  ) {}

  file(absPath: string): void {
    this.files.add(absPath);
  }

  resolution(fromFile: string, specifier: string, result: string | undefined): void {
    const key = `${fromFile}\0${specifier}`;
    if (this.resolutions.has(key)) return;
    this.resolutions.set(key, [toRelative(this.root, fromFile), specifier, result === undefined ? null : toRelative(this.root, result)]);
  }

  typeChecker(): void {
    this.usedTypeChecker = true;
  }

  /** The dependencies seen, with content hashes taken now (after the visit). */
  getDependencies(): FileDependencies {
    return {
      files: [...this.files].map((abs) => [toRelative(this.root, abs), this.hashOf(abs)]),
      resolutions: [...this.resolutions.values()],
      typeChecker: this.usedTypeChecker,
    };
  }
}

/** What a rule's cross-file phase reported. */
export interface FinishOutcome {
  findings: Finding[];
  notices: Notice[];
}

/** A rule's cached cross-file outcome, valid while its input key and dependencies hold. */
interface FinishEntry extends FinishOutcome {
  key: string;
  dependencies: FileDependencies;
}

/** The project as it is now, read through `read` (staged contents first) and memoized, for checking cached results. */
export function createProjectState(root: string, read: (abs: string, rel: string) => ReadResult, getProject: () => ProjectIndex): ProjectState {
  const texts = new Map<string, string | null>();
  const hashes = new Map<string, string>();
  const resolutions = new Map<string, string | null>();
  const textOf = (file: string): string | undefined => {
    let text = texts.get(file);
    if (text === undefined) {
      const abs = path.resolve(root, file);
      const result = isInside(root, abs) ? read(abs, file) : undefined;
      text = result?.ok ? result.text : null;
      texts.set(file, text);
    }
    return text ?? undefined;
  };
  return {
    textOf,
    hashOf(file) {
      let hash = hashes.get(file);
      if (hash === undefined) {
        const text = textOf(file);
        hash = text === undefined ? '' : hashText(text);
        hashes.set(file, hash);
      }
      return hash;
    },
    rememberHash(file, hash) {
      hashes.set(file, hash);
    },
    resolve(from, specifier) {
      // every file of a folder resolves a specifier alike (bare ones too: aliases come from the nearest tsconfig)
      const key = `${path.dirname(from)}\0${specifier}`;
      let resolved = resolutions.get(key);
      if (resolved === undefined) {
        const abs = getProject().resolveModule(path.resolve(root, from), specifier);
        resolutions.set(key, (resolved = abs === undefined ? null : toRelative(root, abs)));
      }
      return resolved;
    },
  };
}

/** True when a cached result can stand in for analysing the file (in `mode`) now: same content, same reach digest, same recorded reads. */
export function isFresh(cached: FileResult, hash: string, reach: string | undefined, mode: AnalysisMode, state: ProjectState): boolean {
  if (cached.hash !== hash || cached.reach === undefined || cached.reach !== reach) return false;
  if (mode === 'full' && cached.mode !== 'full') return false;
  return cached.dependencies !== undefined && areDependenciesFresh(cached.dependencies, state);
}

/** True when every file read still has the hash seen and every resolution still gives the same file. */
function areDependenciesFresh(deps: FileDependencies, state: ProjectState): boolean {
  if (deps.typeChecker) return false;
  for (const [file, seen] of deps.files) if (state.hashOf(file) !== seen) return false;
  for (const [from, specifier, resolved] of deps.resolutions) if (state.resolve(from, specifier) !== resolved) return false;
  return true;
}

/**
 * The input key of a rule's cross-file phase: its facts, the scanned files and the digest of the whole project (the
 * phase may read any file, through memos of the per-file phase too); undefined when the facts cannot be serialized.
 */
export function computeFinishKey(facts: unknown[], files: string[], projectDigest: string): string | undefined {
  try {
    const parts: string[] = [projectDigest, files.join('\n')];
    writeCanonical(facts, (part) => parts.push(part), new Set());
    return crypto.createHash('sha1').update(parts.join('\0')).digest('base64url');
  } catch {
    return undefined;
  }
}

/**
 * Feeds a canonical text of structured-cloneable data to `write` (object keys sorted). Not v8.serialize: an array read
 * back with v8.deserialize serializes as a sparse one, so fresh facts and the same facts from the cache would differ.
 */
function writeCanonical(value: unknown, write: (part: string) => void, ancestors: Set<object>): void {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string') write(JSON.stringify(value));
    else if (typeof value === 'number' || typeof value === 'boolean') write(String(value));
    else if (value === undefined) write('u');
    else if (typeof value === 'bigint') write(`${value}n`);
    else throw new Error(`not structured-cloneable: ${typeof value}`);
    return;
  }
  if (ancestors.has(value)) throw new Error('cyclic fact');
  ancestors.add(value);
  if (Array.isArray(value)) {
    write('[');
    for (let i = 0; i < value.length; i++) {
      writeCanonical(value[i], write, ancestors);
      write(',');
    }
    write(']');
  } else if (value instanceof Map) {
    write('M{');
    for (const [k, v] of value) {
      writeCanonical(k, write, ancestors);
      write(':');
      writeCanonical(v, write, ancestors);
      write(',');
    }
    write('}');
  } else if (value instanceof Set) {
    write('S[');
    for (const v of value) {
      writeCanonical(v, write, ancestors);
      write(',');
    }
    write(']');
  } else if (value instanceof Date) {
    write(`D${value.getTime()}`);
  } else {
    write('{');
    for (const key of Object.keys(value).sort()) {
      write(`${JSON.stringify(key)}:`);
      writeCanonical((value as Record<string, unknown>)[key], write, ancestors);
      write(',');
    }
    write('}');
  }
  ancestors.delete(value);
}

/** The cache file of one configuration: root-relative path → last result. */
export class ScanCache {
  /** What findFresh found: reach digests, and the cached results it returned. */
  private checked: { reach: Map<string, string>; fresh: Set<FileResult> } | undefined;
  /** Something changed since the cache was read (a scan that reused every result writes nothing). */
  private dirty = false;

  private constructor(
    readonly file: string,
    private readonly entries: Map<string, FileResult>,
    private readonly finishes: Map<string, FinishEntry>,
  ) {}

  /** Opens the cache for a configuration key; a missing, foreign or corrupt file gives an empty cache. */
  static open(dir: string, key: string): ScanCache {
    const file = path.join(dir, `scan-${key}.bin`);
    let entries = new Map<string, FileResult>();
    let finishes = new Map<string, FinishEntry>();
    try {
      const data = v8.deserialize(fs.readFileSync(file)) as { format?: number; key?: string; entries?: unknown; finishes?: unknown };
      if (data.format === CACHE_FORMAT && data.key === key && data.entries instanceof Map && data.finishes instanceof Map) {
        entries = data.entries as Map<string, FileResult>;
        finishes = data.finishes as Map<string, FinishEntry>;
      }
    } catch {
      // no cache yet, or unreadable: start empty
    }
    return new ScanCache(file, entries, finishes);
  }

  get size(): number {
    return this.entries.size;
  }

  get(file: string): FileResult | undefined {
    return this.entries.get(file);
  }

  set(result: FileResult): void {
    if (result.hash === undefined || result.dependencies?.typeChecker) return;
    if (this.entries.get(result.file) !== result) this.dirty = true;
    this.entries.set(result.file, result);
  }

  /** The cached cross-file outcome of a rule for this input key, when everything it read is unchanged. */
  getFinish(ruleId: string, key: string, state: ProjectState): FinishOutcome | undefined {
    const entry = this.finishes.get(ruleId);
    if (!entry || entry.key !== key || !areDependenciesFresh(entry.dependencies, state)) return undefined;
    return { findings: entry.findings, notices: entry.notices };
  }

  setFinish(ruleId: string, entry: FinishEntry): void {
    this.dirty = true;
    if (entry.dependencies.typeChecker) this.finishes.delete(ruleId);
    else this.finishes.set(ruleId, entry);
  }

  /** For each work item (`files[i]` is its relative path), the cached result when it is fresh. */
  findFresh(files: string[], work: WorkItem[], state: ProjectState): Array<FileResult | undefined> {
    if (this.entries.size === 0) return files.map(() => undefined);
    const reach = computeReachDigests(files, (file) => getReachEdges(file, this.entries.get(file), state), state.hashOf);
    const found = files.map((file, i) => {
      const cached = this.entries.get(file);
      return cached && isFresh(cached, state.hashOf(file), reach.get(file), work[i].mode, state) ? cached : undefined;
    });
    this.checked = { reach, fresh: new Set(found.filter((r): r is FileResult => r !== undefined)) };
    return found;
  }

  /**
   * Stores this scan's results with their reach digests; drops entries of files no longer in the project after a scan
   * of the whole project. Returns the digest of the whole project (the key of the cross-file phases).
   */
  update(results: FileResult[], state: ProjectState, wholeProject: boolean): string {
    const byFile = new Map<string, FileResult>();
    for (const result of results) {
      byFile.set(result.file, result);
      if (result.hash !== undefined) state.rememberHash(result.file, result.hash);
    }
    const files = results.map((r) => r.file);
    // when every result came from the cache, the graph is the one findFresh walked
    const reused = this.checked && results.every((r) => this.checked!.fresh.has(r));
    const reach = reused ? this.checked!.reach : computeReachDigests(files, (file) => getReachEdges(file, byFile.get(file) ?? this.entries.get(file), state), state.hashOf);
    for (const result of results) {
      const digest = reach.get(result.file);
      if (result.reach !== digest) this.dirty = true;
      result.reach = digest;
      this.set(result);
    }
    if (wholeProject) this.retain(new Set(files));
    return hashText(files.map((file) => `${file}\0${reach.get(file)}`).join('\n'));
  }

  /** Drops entries of files that are no longer in the project. */
  retain(files: ReadonlySet<string>): void {
    for (const file of this.entries.keys()) {
      if (files.has(file)) continue;
      this.entries.delete(file);
      this.dirty = true;
    }
  }

  /** Writes the cache atomically; returns a one-line error instead of throwing. */
  save(): string | undefined {
    if (!this.dirty) return undefined;
    const dir = path.dirname(this.file);
    const temp = `${this.file}.${process.pid}-${crypto.randomBytes(4).toString("hex")}.tmp`;
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(temp, v8.serialize({ format: CACHE_FORMAT, key: path.basename(this.file, '.bin').slice(5), entries: this.entries, finishes: this.finishes }));
      fs.renameSync(temp, this.file);
    } catch (error) {
      try {
        fs.rmSync(temp, { force: true });
      } catch {
        // nothing was written
      }
      return `could not write the cache to ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)}): check that the --cache directory is writable`;
    }
    try {
      removeOldCacheFiles(dir, this.file);
    } catch {
      // another scan is pruning the same directory
    }
    return undefined;
  }
}

/** Keeps the newest cache files of other configurations (rule sets, options) and removes the rest. */
function removeOldCacheFiles(dir: string, keep: string): void {
  const files = fs
    .readdirSync(dir)
    .filter((name) => /^scan-[\w-]+\.bin$/.test(name))
    .map((name) => path.join(dir, name))
    .filter((file) => file !== keep)
    .map((file) => ({ file, mtime: fs.statSync(file).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { file } of files.slice(KEEP_CACHE_FILES - 1)) fs.rmSync(file, { force: true });
}

/** A key for everything besides file contents that decides results: tool version and code, rules, options. */
export function computeCacheKey(configuration: unknown): string {
  const tool = getToolStamp();
  return crypto.createHash('sha1').update(JSON.stringify({ format: CACHE_FORMAT, tool, configuration })).digest('base64url').slice(0, 20);
}

let toolStamp: { version: string; code: string } | undefined;

/** The tool's version and a stamp of its own code (sizes and times of the engine and rule modules), so a rebuilt tool never reads stale results. */
function getToolStamp(): { version: string; code: string } {
  if (toolStamp) return toolStamp;
  // this module is <base>/src/engine/cache.{ts,js}; <base> is the package root, or dist/ when built
  const base = fileURLToPath(new URL('../../', import.meta.url));
  const hash = crypto.createHash('sha1');
  for (const dir of ['src', 'rules']) {
    const abs = path.join(base, dir);
    if (!fs.existsSync(abs)) continue;
    for (const entry of fs.readdirSync(abs, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.[mc]?[jt]s$/.test(entry.name)) continue;
      const file = path.join(entry.parentPath, entry.name);
      const stat = fs.statSync(file);
      hash.update(`${path.relative(base, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  }
  toolStamp = { version: readVersion(base), code: hash.digest('base64url') };
  return toolStamp;
}

function readVersion(base: string): string {
  for (const candidate of [path.join(base, 'package.json'), path.join(base, '..', 'package.json')]) {
    try {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'tsaudit' && pkg.version) return pkg.version;
    } catch {
      // try the next one
    }
  }
  return 'unknown';
}
