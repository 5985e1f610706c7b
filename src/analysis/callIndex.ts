/**
 * Who calls what, across the scanned files, for the cross-file phase. Built once per scan: the engine's walk records
 * each visited file's calls by callee name (recordCall); files visited elsewhere (a worker, the cache) fall back to a
 * regex pass over their text, and are parsed and walked at most once, when a name they may call is first asked for.
 */
import path from 'node:path';
import { ts } from 'ts-morph';
import type { ProjectIndex } from './project.js';
import { getCallableName, resolveCallee, type FunctionNode } from './values.js';

type Call = ts.CallExpression | ts.NewExpression;

/** `name(` or `name<T>(`: every word followed by a call parenthesis (declarations too; a superset is fine). */
const CALL_WORD = /([A-Za-z_$][\w$]*)\s*(?:<[^()<>]*>\s*)?\(/g;
/** `import auth from './auth'`, `import auth, { x } from './auth'`. */
const DEFAULT_IMPORT = /\bimport\s+([A-Za-z_$][\w$]*)\s*(?:,\s*(?:\{[^}]*\}|\*\s+as\s+[\w$]+)\s*)?from\s*['"]([^'"]+)['"]/g;
/** `const auth = require('./auth')`, `import auth = require('./auth')`. */
const REQUIRE_IMPORT = /\b(?:const|let|var|import)\s+([A-Za-z_$][\w$]*)\s*=\s*require\(\s*['"]([^'"]+)['"]\s*\)/g;

export class CallIndex {
  /** name → relative paths of files whose text calls it. */
  private readonly filesByName = new Map<string, string[]>();
  /** resolved absolute module path → local names its default export gets. */
  private readonly aliasesByModule = new Map<string, Set<string>>();
  private readonly byName = new Map<string, Call[]>();
  private readonly byFile = new Map<ts.SourceFile, Map<string, Call[]>>();

  constructor(
    private readonly project: ProjectIndex,
    files: readonly string[],
  ) {
    for (const rel of files) {
      const abs = path.join(project.root, rel);
      const text = project.getText(abs);
      if (text === undefined) continue;
      const recorded = recordedCalls.get(project.getParsed(abs)!);
      const names = recorded ? recorded.keys() : callWords(text);
      for (const name of names) {
        const list = this.filesByName.get(name);
        if (list) list.push(rel);
        else this.filesByName.set(name, [rel]);
      }
      if (!text.includes('import') && !text.includes('require')) continue;
      for (const pattern of [DEFAULT_IMPORT, REQUIRE_IMPORT]) {
        for (const m of text.matchAll(pattern)) {
          if (!m[2].startsWith('.') && !m[2].startsWith('/')) continue;
          const target = project.resolveModule(abs, m[2]);
          if (!target) continue;
          const names = this.aliasesByModule.get(target) ?? new Set<string>();
          names.add(m[1]);
          this.aliasesByModule.set(target, names);
        }
      }
    }
  }

  /** Local names other files give a module's default export (`const auth = require('./auth')`). */
  defaultImportNames(file: string): string[] {
    return [...(this.aliasesByModule.get(file) ?? [])];
  }

  /**
   * The calls of a project function anywhere in the scanned files: calls by its name, and (unless `byName`) by the names
   * other files import its module's default export under; memoized, as many facts name the same function.
   */
  callersOf(fn: FunctionNode, options: { byName?: boolean } = {}): Call[] {
    const memo = options.byName ? this.callersByName : this.callersByAlias;
    let calls = memo.get(fn);
    if (calls) return calls;
    const own = getCallableName(fn);
    const names = new Set([own, ...(options.byName ? [] : this.defaultImportNames(fn.getSourceFile().fileName))].filter((n): n is string => !!n));
    calls = [...names].flatMap((name) => this.calleesOf(name).get(fn) ?? []);
    memo.set(fn, calls);
    return calls;
  }

  /** The calls named `name`, grouped by the project functions they resolve to: each call is resolved once, however many functions share the name. */
  private calleesOf(name: string): Map<FunctionNode, Call[]> {
    let byCallee = this.callsByCallee.get(name);
    if (byCallee) return byCallee;
    byCallee = new Map();
    for (const call of this.callsTo(name)) {
      for (const fn of new Set(resolveCallee(call, this.project))) {
        const list = byCallee.get(fn);
        if (list) list.push(call);
        else byCallee.set(fn, [call]);
      }
    }
    this.callsByCallee.set(name, byCallee);
    return byCallee;
  }

  private readonly callsByCallee = new Map<string, Map<FunctionNode, Call[]>>();

  private readonly callersByName = new WeakMap<FunctionNode, Call[]>();
  private readonly callersByAlias = new WeakMap<FunctionNode, Call[]>();

  /** Calls and `new` expressions whose callee is named `name` (`name(…)`, `x.name(…)`). */
  callsTo(name: string): Call[] {
    const hit = this.byName.get(name);
    if (hit) return hit;
    const out: Call[] = [];
    for (const rel of this.filesByName.get(name) ?? []) {
      const sf = this.project.getSourceFile(path.join(this.project.root, rel));
      if (sf) out.push(...(this.fileIndex(sf).get(name) ?? []));
    }
    this.byName.set(name, out);
    return out;
  }

  private fileIndex(sf: ts.SourceFile): Map<string, Call[]> {
    let index = this.byFile.get(sf) ?? recordedCalls.get(sf);
    if (index) return index;
    const built = new Map<string, Call[]>();
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const name = calleeName(node.expression);
        if (name !== undefined) {
          const list = built.get(name);
          if (list) list.push(node);
          else built.set(name, [node]);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
    this.byFile.set(sf, (index = built));
    return index;
  }
}

/** Every word of `text` followed by a call parenthesis, once each. */
function callWords(text: string): Set<string> {
  const seen = new Set<string>();
  for (const m of text.matchAll(CALL_WORD)) seen.add(m[1]);
  return seen;
}

/** Calls by callee name of the files the engine walked, recorded during its walk. */
const recordedCalls = new WeakMap<ts.SourceFile, Map<string, Call[]>>();

/** The calls of a file being walked (the engine adds each call and `new` expression in source order). */
export function startCallRecording(sf: ts.SourceFile): (node: Call) => void {
  const calls = new Map<string, Call[]>();
  recordedCalls.set(sf, calls);
  return (node) => {
    const name = calleeName(node.expression);
    if (name === undefined) return;
    const list = calls.get(name);
    if (list) list.push(node);
    else calls.set(name, [node]);
  };
}

function calleeName(e: ts.Expression): string | undefined {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

const indexes = new WeakMap<ProjectIndex, WeakMap<readonly string[], CallIndex>>();

/** The call index of a scan (one per project and file list, shared by every rule's cross-file phase). */
export function getCallIndex(project: ProjectIndex, files: readonly string[]): CallIndex {
  let byFiles = indexes.get(project);
  if (!byFiles) indexes.set(project, (byFiles = new WeakMap()));
  let index = byFiles.get(files);
  if (!index) byFiles.set(files, (index = new CallIndex(project, files)));
  return index;
}
