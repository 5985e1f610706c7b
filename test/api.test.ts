/** The programmatic API (`import { scan } from 'tsaudit'`): the same findings as the CLI, in-memory content, baselines. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import { applyBaseline, createBaseline, scan, selectGitFiles, toJsonReport, type Finding, type ScanOptions, type ScanResult } from '../src/index.js';
import { makeTree, REPO_ROOT, runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/gitRepo.js';
import { testRule } from './helpers/testRule.js';
import { ts } from 'ts-morph';
import { defineRule } from '../src/rule.js';

const DANGER = "const input = 'x';\ndanger(input);\n";

describe('the public API', () => {
  it('exports the scan, the reporters, the CLI entry point, baselines and git file selection', () => {
    for (const name of ['scan', 'selectRules', 'allRules', 'toSarif', 'toJsonReport', 'formatJson', 'formatConsole', 'formatMarkdown', 'mergeSarif', 'run', 'loadConfig', 'createBaseline', 'applyBaseline', 'readBaseline', 'writeBaseline', 'selectGitFiles', 'getRepositoryRoot']) {
      expect(typeof (api as Record<string, unknown>)[name], name).not.toBe('undefined');
    }
  });

  it('scan() finds what the CLI reports as JSON, on the whole fixtures folder', async () => {
    const cli = await runCli(['fixtures', '--format', 'json', '--fail-on', 'none'], { cwd: REPO_ROOT, extraRules: [] });
    expect(cli.code).toBe(0);
    const fromCli = JSON.parse(cli.stdout) as ReturnType<typeof toJsonReport>;
    const result = await scan({ root: REPO_ROOT, paths: ['fixtures'] });
    expect(result.findings.length).toBeGreaterThan(50);
    expect(toJsonReport(result).findings).toEqual(fromCli.findings);
    expect(result.summary.filesScanned).toBe(fromCli.summary.filesScanned);
    expect(result.findings.every((f) => f.location.file.startsWith('fixtures/') && f.fingerprint)).toBe(true);
    expect(result.root).toBe(fs.realpathSync(REPO_ROOT));
  });

  it('scan() with extra rules, rule selection and the same options as the CLI flags', async () => {
    const dir = makeTree({ 'src/a.ts': DANGER, 'src/b.ts': DANGER, 'tsaudit.config.json': '{}' });
    const options: ScanOptions = { root: dir, rules: [testRule.id], exclude: ['**/b.ts'], extraRules: [testRule] };
    const result: ScanResult = await scan(options);
    const cli = await runCli(['--rule', testRule.id, '--exclude', '**/b.ts', '--format', 'json'], { cwd: dir });
    expect(cli.code).toBe(1);
    expect(toJsonReport(result).findings).toEqual(JSON.parse(cli.stdout).findings);
    expect(result.findings.map((f: Finding) => f.location.file)).toEqual(['src/a.ts']);
  });

  it('scans in-memory content instead of the disk (contents + files)', async () => {
    const dir = makeTree({ 'a.ts': 'export {};\n' });
    const file = path.join(dir, 'a.ts');
    const result = await scan({ root: dir, files: [file], contents: new Map([[file, `// edited\n${DANGER}`]]), extraRules: [testRule], rules: [testRule.id] });
    expect(result.findings.map((f) => f.location.startLine)).toEqual([3]);
  });

  it('scans the staged files of a repository with selectGitFiles, and applies a baseline', async () => {
    const repo = makeRepo({ 'a.ts': DANGER, 'b.ts': DANGER });
    repo.git('add', 'a.ts');
    const staged = await selectGitFiles(repo.dir, { kind: 'staged' }, {});
    const result = await scan({ root: repo.dir, ...staged, extraRules: [testRule], rules: [testRule.id] });
    expect(result.findings.map((f) => f.location.file)).toEqual(['a.ts']);
    const baseline = createBaseline(result);
    const after = applyBaseline(result, baseline);
    expect(after.findings).toEqual([]);
    expect(after.summary.baselineHidden).toBe(1);
  });

  it('feeds a visitor every node of its kinds when the kinds it visits change from file to file', async () => {
    // parses list only the node kinds visited so far: a.ts visits calls and has b.ts parsed early; b.ts then visits identifiers
    const dir = makeTree({ 'a.ts': "import { needle } from './b';\nlook(needle);\n", 'b.ts': 'export const needle = 1;\nconsole.log(needle);\n' });
    const rule = defineRule({
      ...testRule,
      id: 'test-needle',
      create(context) {
        if (context.file === 'a.ts') {
          return { [ts.SyntaxKind.CallExpression]: () => void context.project.getSourceFile(path.join(dir, 'b.ts')) };
        }
        return {
          [ts.SyntaxKind.Identifier]: (node: ts.Identifier) => {
            if (node.text === 'needle') context.report({ node, messageId: 'call', data: { arg: 'needle' } });
          },
        };
      },
    });
    const result = await scan({ root: dir, extraRules: [rule], rules: [rule.id] });
    expect(result.findings.map((f) => `${f.location.file}:${f.location.startLine}`)).toEqual(['b.ts:1', 'b.ts:2']);
  });
});
