/** The scanned project: parsed files (each parsed once, lazily) and module resolution between them. */
import fs from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import { isInside, toRelative, readTextFile } from '../engine/files.js';
import { timing } from '../engine/timing.js';
import { candidatePaths, readWorkspacePackages, splitSpecifier, type WorkspacePackage } from './workspaces.js';

const RESOLVE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

export interface PathAlias {
  pattern: string;
  targets: string[];
}

/**
 * Parses `text` as TS/JS with parent pointers (one parse per file per scan). The parser does not set parents: one walk
 * here does, and also lists the nodes below the file in `nodes` in source order (pre-order), so the engine's rule
 * dispatch needs no walk of its own: every node, or with `kinds` only the nodes of those kinds.
 */
export function parseSource(absPath: string, text: string, nodes?: ts.Node[], kinds?: NodeKinds): ts.SourceFile {
  return timing.parse(() => {
    const sf = ts.createSourceFile(absPath, text, PARSE_OPTIONS, false, scriptKindOf(absPath));
    bindParents(sf, nodes, kinds);
    return sf;
  });
}

/** A set of syntax kinds, indexed by kind. */
export type NodeKinds = readonly boolean[];

/** Nodes listed by a parse, and the kinds they were filtered to (undefined: every node). */
export interface NodeList {
  nodes: ts.Node[];
  kinds: NodeKinds | undefined;
}

/** No rule reads JSDoc: skipping it makes the parse about 10% faster and the retained trees smaller. */
const PARSE_OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

type Mutable = { parent: ts.Node; jsDoc?: ts.Node[] };

/** Sets `parent` on every node below `root` (JSDoc included, as the parser's `setParentNodes` does). */
function bindParents(root: ts.Node, nodes: ts.Node[] | undefined, kinds: NodeKinds | undefined): void {
  let parent: ts.Node = root;
  const visit = (child: ts.Node): void => {
    (child as unknown as Mutable).parent = parent;
    if (nodes && (!kinds || kinds[child.kind])) nodes.push(child);
    const docs = (child as unknown as Mutable).jsDoc;
    if (docs) for (const doc of docs) bindDoc(doc, child);
    const saved = parent;
    parent = child;
    ts.forEachChild(child, visit);
    parent = saved;
  };
  ts.forEachChild(root, visit);
}

function bindDoc(doc: ts.Node, owner: ts.Node): void {
  (doc as unknown as Mutable).parent = owner;
  const visit = (child: ts.Node, parent: ts.Node): void => {
    (child as unknown as Mutable).parent = parent;
    ts.forEachChild(child, (c) => visit(c, child));
  };
  ts.forEachChild(doc, (c) => visit(c, doc));
}

export function scriptKindOf(file: string): ts.ScriptKind {
  const ext = path.extname(file).toLowerCase();
  switch (ext) {
    case '.tsx':
      return ts.ScriptKind.TSX;
    case '.js':
    case '.mjs':
    case '.cjs':
      return ts.ScriptKind.JS;
    case '.jsx':
      return ts.ScriptKind.JSX;
    default:
      return ts.ScriptKind.TS;
  }
}

/** Syntax errors recorded by the parser (an internal field, stable across TS versions). */
export function getParseErrors(sf: ts.SourceFile): readonly ts.Diagnostic[] {
  return ((sf as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? []);
}

/** Observes what an analysis reads through the index (the result cache records these as a file's dependencies). */
export interface DependencyRecorder {
  file(absPath: string): void;
  resolution(fromFile: string, specifier: string, result: string | undefined): void;
  typeChecker(): void;
}

export class ProjectIndex {
  readonly root: string;
  /** The root with a trailing separator, for prefix tests. */
  private readonly rootPrefix: string;
  /** Set by the engine while a file is visited with the cache on; undefined otherwise. */
  recorder: DependencyRecorder | undefined;
  private readonly sources = new Map<string, ts.SourceFile | null>();
  /** Keep the node lists of scanned files parsed before their visit (off once no visit is left, in the cross-file phase). */
  listEarlyParses = true;
  /** Pre-order nodes of scanned files parsed before their own visit, until that visit takes them. */
  private readonly nodeLists = new Map<string, NodeList>();
  /** The kinds of nodes the engine's dispatch visits (set by the engine; undefined lists every node). */
  listKinds: NodeKinds | undefined;
  private readonly texts = new Map<string, string>();
  private readonly diskTexts = new Map<string, string | null>();
  private readonly relativePaths = new Map<string, string>();
  private readonly textByPath = new Map<string, string | null>();
  private readonly resolved = new Map<string, string | null>();
  /** Aliases of the scan's tsconfig (`--tsconfig`, or the root's). */
  private rootConfig: AliasConfig | undefined;
  /** Aliases of the nearest tsconfig declaring some, by folder (null: none). */
  private readonly configByDir = new Map<string, AliasConfig | null>();
  /** Files in the scan set (absolute). */
  readonly scanned: Set<string>;
  private readonly maxBytes: number;
  private checker: ts.TypeChecker | undefined;

  constructor(root: string, scanned: Iterable<string>, maxBytes = 2 * 1024 * 1024) {
    this.root = root;
    this.rootPrefix = root.endsWith(path.sep) ? root : root + path.sep;
    this.scanned = new Set(scanned);
    this.maxBytes = maxBytes;
  }

  /** Reads `compilerOptions.baseUrl` and `paths` from the scan's tsconfig: the aliases of files with no nearer tsconfig. */
  loadTsconfig(tsconfigPath: string): void {
    const config = readAliasConfig(tsconfigPath);
    if (config) this.rootConfig = config;
  }

  /**
   * The aliases that apply to a file: those of the nearest tsconfig.json (or jsconfig.json) above it inside the root
   * that declares `paths` or `baseUrl` (a monorepo's `apps/web/tsconfig.json` with `"@/*": ["./*"]`), else the scan's.
   */
  private aliasConfigFor(fromFile: string): AliasConfig | undefined {
    return this.configOfDir(path.dirname(fromFile)) ?? this.rootConfig;
  }

  private configOfDir(dir: string): AliasConfig | undefined {
    const hit = this.configByDir.get(dir);
    if (hit !== undefined) return hit ?? undefined;
    let config: AliasConfig | undefined;
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const file = path.join(dir, name);
      if (!this.exists(file)) continue;
      config = readAliasConfig(file);
      if (config) break;
    }
    const parent = path.dirname(dir);
    if (!config && dir !== this.root && parent !== dir && (parent === this.root || parent.startsWith(this.rootPrefix))) config = this.configOfDir(parent);
    this.configByDir.set(dir, config ?? null);
    return config;
  }

  /** Registers in-memory content (staged files) that wins over the disk. */
  setText(absPath: string, text: string): void {
    this.texts.set(absPath, text);
  }

  /** The file parsed from `text`, reusing the parse made when another file's analysis followed an import into it. */
  parseWithText(absPath: string, text: string): { sf: ts.SourceFile; list: NodeList | undefined } {
    const cached = this.sources.get(absPath);
    const listed = this.nodeLists.get(absPath);
    this.nodeLists.delete(absPath);
    if (cached && cached.text === text) return { sf: cached, list: listed };
    const list: NodeList = { nodes: [], kinds: this.listKinds };
    const sf = parseSource(absPath, text, list.nodes, list.kinds);
    this.sources.set(absPath, sf);
    return { sf, list };
  }

  /** Root-relative path with forward slashes (memoized: every reported location asks for one). */
  relative(absPath: string): string {
    let rel = this.relativePaths.get(absPath);
    if (rel === undefined) {
      rel = toRelative(this.root, absPath);
      this.relativePaths.set(absPath, rel);
    }
    return rel;
  }

  /** The file's parse when it was already made, without parsing or recording a dependency. */
  getParsed(absPath: string): ts.SourceFile | undefined {
    return this.sources.get(absPath) ?? undefined;
  }

  /** The parsed file, parsing it on first use; undefined when unreadable or outside the root. */
  getSourceFile(absPath: string): ts.SourceFile | undefined {
    this.recorder?.file(absPath);
    const cached = this.sources.get(absPath);
    if (cached !== undefined) return cached ?? undefined;
    let sf: ts.SourceFile | null = null;
    if (isInside(this.root, absPath)) {
      const text = this.texts.get(absPath) ?? this.readText(absPath);
      if (text !== undefined) {
        // a scanned file parsed early (another file's analysis followed an import into it) keeps its node list for its own visit
        const list: NodeList | undefined = this.listEarlyParses && this.scanned.has(absPath) ? { nodes: [], kinds: this.listKinds } : undefined;
        sf = parseSource(absPath, text, list?.nodes, list?.kinds);
        if (list) this.nodeLists.set(absPath, list);
      }
    }
    this.sources.set(absPath, sf);
    return sf ?? undefined;
  }

  /** The text already read for a file (by another file's analysis following an import into it), without reading the disk. */
  getLoadedText(absPath: string): string | undefined {
    return this.texts.get(absPath) ?? this.sources.get(absPath)?.text ?? this.diskTexts.get(absPath) ?? undefined;
  }

  /** The text of a project file (the in-memory version when given, else the parsed or disk text). */
  getText(absPath: string): string | undefined {
    this.recorder?.file(absPath);
    // one look-up per call: cross-file phases test the text of every file once per name they look for
    let text = this.textByPath.get(absPath);
    if (text === undefined) {
      text = this.texts.get(absPath) ?? this.sources.get(absPath)?.text ?? this.readText(absPath) ?? null;
      this.textByPath.set(absPath, text);
    }
    return text ?? undefined;
  }

  private readText(absPath: string): string | undefined {
    // memoized: the cross-file phase tests every file's text once per callee name before parsing any
    let text = this.diskTexts.get(absPath);
    if (text === undefined) {
      const result = readTextFile(absPath, this.relative(absPath), this.maxBytes);
      text = result.ok ? result.text : null;
      this.diskTexts.set(absPath, text);
    }
    return text ?? undefined;
  }

  /** Resolves an import specifier from `fromFile` to a project file, or undefined for packages. */
  resolveModule(fromFile: string, specifier: string): string | undefined {
    const result = this.findModule(fromFile, specifier);
    this.recorder?.resolution(fromFile, specifier, result);
    return result;
  }

  private findModule(fromFile: string, specifier: string): string | undefined {
    // a relative specifier resolves the same from every file of a folder, a bare one from every file
    const relative = specifier.startsWith('.') || specifier.startsWith('/');
    const config = relative ? undefined : this.aliasConfigFor(fromFile);
    const key = relative ? `${path.dirname(fromFile)}\0${specifier}` : `${config?.file ?? ''}\0${specifier}`;
    const hit = this.resolved.get(key);
    if (hit !== undefined) return hit ?? undefined;
    let result: string | undefined;
    if (relative) {
      result = this.resolvePath(path.resolve(path.dirname(fromFile), specifier));
    } else if (config) {
      for (const alias of config.aliases) {
        const star = alias.pattern.indexOf('*');
        const prefix = star < 0 ? alias.pattern : alias.pattern.slice(0, star);
        const suffix = star < 0 ? '' : alias.pattern.slice(star + 1);
        if (star < 0 ? specifier !== alias.pattern : !(specifier.startsWith(prefix) && specifier.endsWith(suffix))) continue;
        const middle = star < 0 ? '' : specifier.slice(prefix.length, specifier.length - suffix.length);
        for (const target of alias.targets) {
          result = this.resolvePath(target.replace('*', middle));
          if (result) break;
        }
        if (result) break;
      }
      if (!result && config.baseUrl) result = this.resolvePath(path.resolve(config.baseUrl, specifier));
    }
    if (!relative && !result) result = this.resolveWorkspaceImport(specifier);
    this.resolved.set(key, result ?? null);
    return result;
  }

  /** Workspace packages by name, read on the first bare specifier no alias resolves. */
  private workspace: Map<string, WorkspacePackage> | undefined;

  /** `@acme/db` or `@acme/db/users` when `@acme/db` is a package of the scanned monorepo: its source file. */
  private resolveWorkspaceImport(specifier: string): string | undefined {
    this.workspace ??= readWorkspacePackages(this.root);
    if (!this.workspace.size) return undefined;
    const { name, subpath } = splitSpecifier(specifier);
    const pkg = this.workspace.get(name);
    if (!pkg) return undefined;
    for (const candidate of candidatePaths(pkg, subpath)) {
      const found = this.resolvePath(candidate);
      if (found) return found;
    }
    return undefined;
  }

  private resolvePath(base: string): string | undefined {
    // `base` comes from path.resolve, so a prefix test tells whether it is inside the root
    if (base !== this.root && !base.startsWith(this.rootPrefix)) return undefined;
    const ext = path.extname(base);
    if (ext && RESOLVE_EXTENSIONS.includes(ext)) {
      if (this.exists(base)) return base;
      // ESM TypeScript imports name the emitted .js file: './db.js' means './db.ts'
      const stem = base.slice(0, -ext.length);
      const emitted = ext === '.js' || ext === '.jsx' ? ['.ts', '.tsx'] : ext === '.mjs' ? ['.mts'] : ext === '.cjs' ? ['.cts'] : [];
      for (const e of emitted) if (this.exists(stem + e)) return stem + e;
    }
    for (const e of RESOLVE_EXTENSIONS) if (this.exists(base + e)) return base + e;
    for (const e of RESOLVE_EXTENSIONS) {
      const index = path.join(base, `index${e}`);
      if (this.exists(index)) return index;
    }
    return undefined;
  }

  private exists(file: string): boolean {
    return this.scanned.has(file) || this.texts.has(file) || this.isFile(file);
  }

  private readonly dirListings = new Map<string, Set<string> | null>();

  /** File existence through one cached directory listing per folder (module resolution probes many names). */
  private isFile(p: string): boolean {
    const dir = path.dirname(p);
    let listing = this.dirListings.get(dir);
    if (listing === undefined) {
      try {
        listing = new Set(fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name));
      } catch {
        listing = null;
      }
      this.dirListings.set(dir, listing);
    }
    return !!listing && listing.has(path.basename(p));
  }

  /** A type checker over the scanned files, created on first request only. */
  getTypeChecker(): ts.TypeChecker {
    this.recorder?.typeChecker();
    if (!this.checker) {
      const host = ts.createCompilerHost({ allowJs: true, noLib: false, skipLibCheck: true });
      const original = host.getSourceFile.bind(host);
      host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) =>
        this.sources.get(path.resolve(fileName)) ?? original(fileName, languageVersion, onError, shouldCreate);
      const program = ts.createProgram({
        rootNames: [...this.scanned].filter((f) => /\.[mc]?[tj]sx?$/.test(f)),
        options: { allowJs: true, noEmit: true, skipLibCheck: true, noResolve: false, types: [] },
        host,
      });
      this.checker = program.getTypeChecker();
    }
    return this.checker;
  }
}


/** Path aliases of one tsconfig. */
interface AliasConfig {
  /** The tsconfig they come from. */
  file: string;
  aliases: PathAlias[];
  baseUrl: string | undefined;
}

/**
 * `compilerOptions.baseUrl` and `paths` of a tsconfig, with those of a relative `extends` (one level) underneath;
 * undefined when it declares neither or cannot be read. `paths` without `baseUrl` are relative to the tsconfig's folder.
 */
function readAliasConfig(tsconfigPath: string): AliasConfig | undefined {
  const read = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  if (read.error || !read.config) return undefined;
  const dir = path.dirname(tsconfigPath);
  let options = (read.config.compilerOptions ?? {}) as { baseUrl?: string; paths?: Record<string, string[]> };
  let optionsDir = dir;
  const extended = typeof read.config.extends === 'string' ? read.config.extends : undefined;
  if (extended?.startsWith('.')) {
    const parentPath = path.resolve(dir, extended.endsWith('.json') ? extended : `${extended}.json`);
    const parent = ts.readConfigFile(parentPath, ts.sys.readFile);
    const inherited = (parent.config?.compilerOptions ?? {}) as typeof options;
    // inherited paths and baseUrl stay relative to the tsconfig that wrote them
    if (!options.paths && !options.baseUrl && (inherited.paths || inherited.baseUrl)) optionsDir = path.dirname(parentPath);
    options = { ...inherited, ...options };
  }
  if (!options.paths && !options.baseUrl) return undefined;
  const base = path.resolve(optionsDir, options.baseUrl ?? '.');
  const aliases = Object.entries(options.paths ?? {}).map(([pattern, targets]) => ({
    pattern,
    targets: (Array.isArray(targets) ? targets : []).map((t) => path.resolve(base, t)),
  }));
  return { file: tsconfigPath, aliases, baseUrl: options.baseUrl ? base : undefined };
}
