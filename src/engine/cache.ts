/**
 * The result cache (`--cache [dir]`): the per-file phase's result for each file, reused while the file and
 * every project file its analysis read are unchanged. One cache file per tool version, code, rule set and
 * options; inside it, entries keyed by root-relative path carry the content hash and the dependencies.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';
import type { DependencyRecorder } from '../analysis/project.js';
import { toRelative } from './files.js';
import type { AnalysisMode, FileResult } from './scan.js';

/** Bump when FileResult or this file's format changes. */
const CACHE_FORMAT = 1;
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

/** Current state of the project, for checking recorded dependencies. */
export interface ProjectState {
  /** Content hash of a root-relative file now ('' when unreadable). */
  hashOf(file: string): string;
  /** Root-relative file that the specifier resolves to now, or null. */
  resolve(from: string, specifier: string): string | null;
}

/** Content hash of a file's decoded text. */
export function hashText(text: string): string {
  return crypto.createHash('sha1').update(text).digest('base64url');
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

/** True when a cached result can stand in for analysing the file (in `mode`) with content `hash` now. */
export function isFresh(cached: FileResult, hash: string, mode: AnalysisMode, state: ProjectState): boolean {
  if (cached.hash !== hash) return false;
  if (mode === 'full' && cached.mode !== 'full') return false;
  const deps = cached.dependencies;
  if (!deps || deps.typeChecker) return false;
  for (const [file, seen] of deps.files) if (state.hashOf(file) !== seen) return false;
  for (const [from, specifier, resolved] of deps.resolutions) if (state.resolve(from, specifier) !== resolved) return false;
  return true;
}

/** The cache file of one configuration: root-relative path → last result. */
export class ScanCache {
  private constructor(
    readonly file: string,
    private readonly entries: Map<string, FileResult>,
  ) {}

  /** Opens the cache for a configuration key; a missing, foreign or corrupt file gives an empty cache. */
  static open(dir: string, key: string): ScanCache {
    const file = path.join(dir, `scan-${key}.bin`);
    let entries = new Map<string, FileResult>();
    try {
      const data = v8.deserialize(fs.readFileSync(file)) as { format?: number; key?: string; entries?: Map<string, FileResult> };
      if (data.format === CACHE_FORMAT && data.key === key && data.entries instanceof Map) entries = data.entries;
    } catch {
      // no cache yet, or unreadable: start empty
    }
    return new ScanCache(file, entries);
  }

  get size(): number {
    return this.entries.size;
  }

  get(file: string): FileResult | undefined {
    return this.entries.get(file);
  }

  set(result: FileResult): void {
    if (result.hash === undefined || result.dependencies?.typeChecker) return;
    this.entries.set(result.file, result);
  }

  /** Drops entries of files that are no longer in the project. */
  retain(files: ReadonlySet<string>): void {
    for (const file of this.entries.keys()) if (!files.has(file)) this.entries.delete(file);
  }

  /** Writes the cache atomically; returns a one-line error instead of throwing. */
  save(): string | undefined {
    const dir = path.dirname(this.file);
    const temp = `${this.file}.${process.pid}-${crypto.randomBytes(4).toString("hex")}.tmp`;
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(temp, v8.serialize({ format: CACHE_FORMAT, key: path.basename(this.file, '.bin').slice(5), entries: this.entries }));
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
