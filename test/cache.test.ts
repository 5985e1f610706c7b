/**
 * The result cache: an unchanged tree is not analysed again, an edited file and the files whose analysis read it
 * are, and the results always equal an uncached scan.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ts } from 'ts-morph';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineRule } from '../src/rule.js';
import { scan, type ScanOptions } from '../src/engine/scan.js';
import type { ScanResult } from '../src/types.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

/** Root-relative files whose rules ran, in order (reset per scan). */
let visited: string[] = [];

/** Reports an import whose target file mentions DANGER: the result depends on another file's content. */
const importRule = defineRule({
  id: 'test-dangerous-import',
  meta: {
    name: 'Dangerous import',
    description: 'An import of a module that mentions DANGER lets the danger in.',
    fullDescription: 'Test-only rule: follows each relative import through the project index and reports it when the imported file mentions DANGER.',
    help: '## Dangerous import\n\nImport something else.',
    cwe: [],
    severity: 'warning',
    securitySeverity: 5,
    precision: 'high',
    tags: ['test'],
  },
  messages: { dangerous: '`{{module}}` mentions DANGER.' },
  create(context) {
    visited.push(context.file);
    return {
      [ts.SyntaxKind.ImportDeclaration]: (node: ts.ImportDeclaration) => {
        const specifier = (node.moduleSpecifier as ts.StringLiteral).text;
        const target = context.project.resolveModule(context.absolutePath, specifier);
        const sf = target ? context.project.getSourceFile(target) : undefined;
        if (sf?.text.includes('DANGER')) context.report({ node, messageId: 'dangerous', data: { module: specifier } });
      },
    };
  },
});

/** Times the cross-file rule's finish ran (reset per scan). */
let finishRuns = 0;

/** Per file, a fact naming the file; across files, a finding on each when `flags.ts` says REPORT (read in finish only). */
const crossFileRule = defineRule({
  id: 'test-cross-file',
  meta: { ...importRule.meta, name: 'Cross-file flag', description: 'A REPORT flag lets every file be reported.' },
  messages: { flagged: 'flags.ts asks for a report on `{{file}}`.' },
  create(context) {
    return {
      // arrays and strings sliced from the source: V8 may encode them differently once read back from the cache file
      fileEnd: () => context.emit({ file: context.file, steps: [{ head: context.text.slice(0, 20), line: 1 }] }),
    };
  },
  finish(context) {
    finishRuns++;
    const flags = context.project.getText(path.join(context.project.root, 'flags.ts')) ?? '';
    if (!flags.includes('REPORT')) return;
    for (const fact of context.facts as Array<{ file: string }>) {
      const location = { file: fact.file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 };
      context.report({ file: fact.file, location, messageId: 'flagged', data: { file: fact.file } });
    }
  },
});

/** Memo per scan (keyed by the project index, as the data-flow core does): does a module or what it imports mention DANGER? */
const dangerMemo = new WeakMap<object, Map<string, boolean>>();

/** Reports a file whose imports reach DANGER, memoizing per module: a later visit reuses what an earlier one read. */
const memoRule = defineRule({
  id: 'test-memo',
  meta: { ...importRule.meta, name: 'Memoized reach', description: 'A module that reaches DANGER lets the danger in.' },
  messages: { reaches: 'This module reaches DANGER through its imports.' },
  create(context) {
    visited.push(context.file);
    const project = context.project;
    let memo = dangerMemo.get(project);
    if (!memo) dangerMemo.set(project, (memo = new Map()));
    const reaches = (file: string, seen = new Set<string>()): boolean => {
      const hit = memo!.get(file);
      if (hit !== undefined) return hit;
      if (seen.has(file)) return false;
      seen.add(file);
      const text = project.getText(file) ?? '';
      const imported = [...text.matchAll(/from '([^']+)'/g)].map((m) => project.resolveModule(file, m[1])).filter((f): f is string => !!f);
      const result = imported.some((f) => project.getText(f)?.includes('DANGER') || reaches(f, seen));
      memo!.set(file, result);
      return result;
    };
    return {
      fileEnd: () => {
        if (reaches(context.absolutePath)) context.report({ location: { file: context.file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 }, messageId: 'reaches' });
      },
    };
  },
});

let root: string;
let cacheDir: string;

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
}

/** Scans `root` with the test rule; returns the result and the files analysed. */
async function scanProject(options: Partial<ScanOptions> = {}): Promise<{ result: ScanResult; visited: string[] }> {
  visited = [];
  const result = await scan({ root, rules: ['test-dangerous-import'], extraRules: [importRule], workers: 1, ...options });
  return { result, visited: [...visited].sort() };
}

function comparable(result: ScanResult) {
  return { findings: result.findings, suppressed: result.suppressed, notices: result.notices, filesScanned: result.summary.filesScanned };
}

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tsaudit-cache-')));
  cacheDir = path.join(root, '.cache');
  write('a.ts', "import { b } from './b.js';\nexport const a = b + 1;\n");
  write('b.ts', 'export const b = 1;\n');
  write('c.ts', 'export const c = 3; // costs 3 €\n');
  write('d.ts', "import { m } from './missing.js';\nexport const d = m;\n");
  write('e.ts', "import { c } from './c.js';\n// tsaudit-ignore-next-line test-dangerous-import -- c is fine\nimport { c as c2 } from './c.js';\nexport const e = c + c2;\n");
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('cache', () => {
  it('analyses every file on a cold run and none on a warm run, with the same results as without a cache', async () => {
    const uncached = await scanProject();
    const cold = await scanProject({ cache: cacheDir });
    expect(cold.visited).toEqual(['a.ts', 'b.ts', 'c.ts', 'd.ts', 'e.ts']);
    expect(comparable(cold.result)).toEqual(comparable(uncached.result));
    const warm = await scanProject({ cache: cacheDir });
    expect(warm.visited).toEqual([]);
    expect(comparable(warm.result)).toEqual(comparable(uncached.result));
  });

  it('leaves the cache file untouched when every result is reused, and rewrites it after an edit', async () => {
    await scanProject({ cache: cacheDir });
    const [cacheFile] = fs.readdirSync(cacheDir).map((name) => path.join(cacheDir, name));
    fs.utimesSync(cacheFile, new Date(0), new Date(0));
    await scanProject({ cache: cacheDir });
    expect(fs.statSync(cacheFile).mtimeMs).toBe(0);
    write('b.ts', 'export const b = 2;\n');
    await scanProject({ cache: cacheDir });
    expect(fs.statSync(cacheFile).mtimeMs).toBeGreaterThan(0);
  });

  it('re-analyses an edited file and the files that read it, and matches an uncached scan', async () => {
    await scanProject({ cache: cacheDir });
    write('b.ts', 'export const b = 1; // DANGER\n');
    const warm = await scanProject({ cache: cacheDir });
    expect(warm.visited).toEqual(['a.ts', 'b.ts']);
    const uncached = await scanProject();
    expect(uncached.result.findings.map((f) => f.location.file)).toEqual(['a.ts']);
    expect(comparable(warm.result)).toEqual(comparable(uncached.result));
  });

  it('re-analyses a file whose result came from another file\'s memo when something it imports changes', async () => {
    write('m1.ts', "import { m2 } from './m2.js';\nexport const m1 = m2;\n");
    write('m2.ts', "import { m3 } from './m3.js';\nexport const m2 = m3;\n");
    write('m3.ts', 'export const m3 = 3;\n');
    const run = (cache?: string) => scanProject({ rules: ['test-memo'], extraRules: [memoRule], cache });
    await run(cacheDir);
    // m1's visit computed m2's answer (reading m3); m2's visit reused it and read nothing
    write('m3.ts', 'export const m3 = 3; // DANGER\n');
    const warm = await run(cacheDir);
    expect(warm.visited).toEqual(['m1.ts', 'm2.ts', 'm3.ts']);
    const uncached = await run();
    expect(uncached.result.findings.map((f) => f.location.file)).toEqual(['m1.ts', 'm2.ts']);
    expect(comparable(warm.result)).toEqual(comparable(uncached.result));
  });

  it('re-analyses a file whose import starts resolving when the imported file appears', async () => {
    await scanProject({ cache: cacheDir });
    write('missing.ts', 'export const m = 0; // DANGER\n');
    const warm = await scanProject({ cache: cacheDir });
    expect(warm.visited).toEqual(['d.ts', 'missing.ts']);
    expect(warm.result.findings.map((f) => `${f.location.file}:${f.location.startLine}`)).toEqual(['d.ts:1']);
    expect(comparable(warm.result)).toEqual(comparable((await scanProject()).result));
  });

  it('keeps inline suppressions and suppressed findings of cached files', async () => {
    write('c.ts', 'export const c = 3; // DANGER\n');
    const cold = await scanProject({ cache: cacheDir });
    const warm = await scanProject({ cache: cacheDir });
    expect(warm.visited).toEqual([]);
    expect(warm.result.findings.map((f) => `${f.location.file}:${f.location.startLine}`)).toEqual(['e.ts:1']);
    expect(warm.result.suppressed.map((f) => `${f.location.file}:${f.location.startLine}`)).toEqual(['e.ts:3']);
    expect(comparable(warm.result)).toEqual(comparable(cold.result));
  });

  it('starts over when the rule options change', async () => {
    await scanProject({ cache: cacheDir });
    const changed = await scanProject({ cache: cacheDir, ruleSettings: { 'test-dangerous-import': { severity: 'error' } } });
    expect(changed.visited).toHaveLength(5);
    const again = await scanProject({ cache: cacheDir, ruleSettings: { 'test-dangerous-import': { severity: 'error' } } });
    expect(again.visited).toEqual([]);
  });

  it('re-analyses files given as staged contents that differ from the cached disk content', async () => {
    await scanProject({ cache: cacheDir });
    const staged = new Map([[path.join(root, 'b.ts'), 'export const b = 2; // DANGER\n']]);
    const warm = await scanProject({ cache: cacheDir, contents: staged });
    expect(warm.visited).toEqual(['a.ts', 'b.ts']);
    expect(comparable(warm.result)).toEqual(comparable((await scanProject({ contents: staged })).result));
  });

  it('keeps entries of other files when only some files are scanned', async () => {
    await scanProject({ cache: cacheDir });
    const some = await scanProject({ cache: cacheDir, files: [path.join(root, 'a.ts')] });
    expect(some.visited).toEqual([]);
    const all = await scanProject({ cache: cacheDir });
    expect(all.visited).toEqual([]);
  });

  it('writes to node_modules/.cache/tsaudit under the root with cache: true', async () => {
    await scanProject({ cache: true });
    const dir = path.join(root, 'node_modules/.cache/tsaudit');
    expect(fs.readdirSync(dir).some((name) => name.endsWith('.bin'))).toBe(true);
    // node_modules is never scanned, so the cache does not feed back into discovery
    expect((await scanProject({ cache: true })).visited).toEqual([]);
  });

  it('treats a corrupt cache file as empty', async () => {
    await scanProject({ cache: cacheDir });
    for (const name of fs.readdirSync(cacheDir)) fs.writeFileSync(path.join(cacheDir, name), 'not a cache');
    const run = await scanProject({ cache: cacheDir });
    expect(run.visited).toHaveLength(5);
    expect(comparable(run.result)).toEqual(comparable((await scanProject()).result));
  });

  it('reports a cache directory it cannot write as a notice and still scans', async () => {
    const blocked = path.join(root, 'c.ts', 'cache');
    const run = await scanProject({ cache: blocked });
    expect(run.visited).toHaveLength(5);
    expect(run.result.notices).toEqual([expect.objectContaining({ level: 'warning', reason: 'cache', message: expect.stringContaining('could not write the cache') })]);
  });

  it('reuses the cross-file phase while its facts and the files it read are unchanged', async () => {
    write('flags.ts', "export const flags = 'REPORT';\n");
    const run = (cache?: string) => {
      finishRuns = 0;
      return scan({ root, rules: ['test-cross-file'], extraRules: [crossFileRule], workers: 1, cache });
    };
    const uncached = await run();
    expect(uncached.findings).toHaveLength(6);
    const cold = await run(cacheDir);
    expect(finishRuns).toBe(1);
    const warm = await run(cacheDir);
    expect(finishRuns).toBe(0);
    expect(comparable(warm)).toEqual(comparable(uncached));
    expect(comparable(cold)).toEqual(comparable(uncached));

    // flags.ts is read only by the cross-file phase: editing it re-runs that phase
    write('flags.ts', "export const flags = 'quiet';\n");
    const edited = await run(cacheDir);
    expect(finishRuns).toBe(1);
    expect(edited.findings).toEqual([]);
    // a new file changes the facts and the file list
    write('flags.ts', "export const flags = 'REPORT';\n");
    write('f.ts', 'export const f = 6;\n');
    const added = await run(cacheDir);
    expect(finishRuns).toBe(1);
    expect(comparable(added)).toEqual(comparable(await run()));
    expect(added.findings).toHaveLength(7);
  });

  it('gives the fixtures the same results cached and uncached (sql-injection follows imports across files)', async () => {
    const dir = path.join(root, '.fixtures-cache');
    const uncached = await scan({ root: FIXTURES, workers: 1 });
    const cold = await scan({ root: FIXTURES, workers: 1, cache: dir });
    const warm = await scan({ root: FIXTURES, workers: 1, cache: dir });
    expect(uncached.findings.length).toBeGreaterThan(0);
    expect(comparable(cold)).toEqual(comparable(uncached));
    expect(comparable(warm)).toEqual(comparable(uncached));
  });
});
