/** --write-baseline and --baseline: recorded findings stay hidden across unrelated edits; only new ones count. */
import fs from 'node:fs';
import path from 'node:path';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { applyBaseline, createBaseline } from '../src/cli/baseline.js';
import { hashLines } from '../src/reporters/fingerprint.js';
import { getToolVersion } from '../src/reporters/tool.js';
import type { Finding, ScanResult } from '../src/types.js';
import { isOneLineError, makeTree, runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/gitRepo.js';
import { TEST_RULE_ID } from './helpers/testRule.js';

const APP = ['// app', "const input = 'x';", 'danger(input);', 'export {};', ''].join('\n');
const LIB = ['// lib', 'danger(1);', ''].join('\n');

interface JsonOut {
  findings: Array<{ ruleId: string; message: string; location: { file: string; startLine: number }; fingerprint: string }>;
}

const findingsOf = (stdout: string) => (JSON.parse(stdout) as JsonOut).findings.map((f) => `${f.location.file}:${f.location.startLine}`);

describe('a baseline across edits', () => {
  it('records every finding, hides them after unrelated edits, and reports only a new one', async () => {
    const dir = makeTree({ 'src/app.ts': APP, 'src/lib.ts': LIB });
    const baselineFile = path.join(dir, '.tsaudit-baseline.json');

    const written = await runCli(['--write-baseline', '.tsaudit-baseline.json'], { cwd: dir });
    expect(written.code).toBe(0);
    expect(written.stdout).toContain('2 findings recorded in .tsaudit-baseline.json and hidden');
    const baseline = JSON.parse(fs.readFileSync(baselineFile, 'utf8'));
    expect(baseline).toEqual({
      version: 1,
      tool: { name: 'tsaudit', version: getToolVersion() },
      entries: [
        { ruleId: TEST_RULE_ID, file: 'src/app.ts', fingerprint: hashLines(APP)[2], message: '`input` reaches `danger()`.' },
        { ruleId: TEST_RULE_ID, file: 'src/lib.ts', fingerprint: hashLines(LIB)[1], message: '`1` reaches `danger()`.' },
      ],
    });

    // the findings move down: nothing new
    fs.writeFileSync(path.join(dir, 'src/app.ts'), `import './lib.js';\n\n// more comments\n${APP}`);
    fs.writeFileSync(path.join(dir, 'src/lib.ts'), `export const unrelated = 1;\n${LIB}`);
    const moved = await runCli(['--baseline', '.tsaudit-baseline.json'], { cwd: dir });
    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain('no findings');
    expect(moved.stdout).toContain('2 findings hidden by the baseline (.tsaudit-baseline.json)');

    // a new vulnerable line (above the old one: a line's hash also covers the text just below it)
    const app = fs.readFileSync(path.join(dir, 'src/app.ts'), 'utf8');
    fs.writeFileSync(path.join(dir, 'src/app.ts'), app.replace('// more comments\n', '// more comments\ndanger(input + 1);\n'));
    const added = await runCli(['--baseline', '.tsaudit-baseline.json', '--format', 'json'], { cwd: dir });
    expect(added.code).toBe(1);
    expect(findingsOf(added.stdout)).toEqual(['src/app.ts:4']);
    expect((JSON.parse(added.stdout) as JsonOut).findings[0].message).toBe('`input + 1` reaches `danger()`.');
    // for machine formats the note goes to stderr
    expect(added.stderr).toBe('2 findings hidden by the baseline (.tsaudit-baseline.json)\n');
  });

  it('treats a copy of a recorded line as new, and drops hidden findings from SARIF', async () => {
    const dir = makeTree({ 'a.ts': LIB });
    await runCli(['--write-baseline', 'base.json', '--quiet'], { cwd: dir });
    const copied = `danger(1);\n${LIB}`;
    fs.writeFileSync(path.join(dir, 'a.ts'), copied);
    const r = await runCli(['--baseline', 'base.json', '--format', 'sarif'], { cwd: dir });
    expect(r.code).toBe(1);
    const results = (JSON.parse(r.stdout) as Sarif.Log).runs[0].results!;
    expect(results.map((x) => x.locations![0].physicalLocation!.region!.startLine)).toEqual([1]);
    expect(results[0].partialFingerprints!.primaryLocationLineHash).toBe(hashLines(copied)[0]);
  });

  it('reports a finding again when its line changes or its file is renamed', async () => {
    const dir = makeTree({ 'a.ts': LIB });
    await runCli(['--write-baseline', 'base.json'], { cwd: dir });
    const check = async () => findingsOf((await runCli(['--baseline', 'base.json', '--format', 'json'], { cwd: dir })).stdout);
    fs.writeFileSync(path.join(dir, 'a.ts'), LIB.replace('danger(1)', 'danger(2)'));
    expect(await check()).toEqual(['a.ts:2']);
    // known limit of the codeql line hash: it covers the next 100 non-blank characters, so an edit just below counts too
    fs.writeFileSync(path.join(dir, 'a.ts'), `${LIB}export const x = 1;\n`);
    expect(await check()).toEqual(['a.ts:2']);
    fs.writeFileSync(path.join(dir, 'a.ts'), LIB);
    fs.renameSync(path.join(dir, 'a.ts'), path.join(dir, 'b.ts'));
    expect(findingsOf((await runCli(['--baseline', 'base.json', '--format', 'json'], { cwd: dir })).stdout)).toEqual(['b.ts:2']);
  });

  it('applies with --staged, where fingerprints come from the staged text', async () => {
    const repo = makeRepo({ 'src/app.ts': APP });
    repo.git('add', '-A');
    expect((await runCli(['--staged', '--write-baseline', 'base.json', '--quiet'], { cwd: repo.dir })).code).toBe(0);
    repo.write('src/app.ts', `// moved\n${APP}`);
    repo.git('add', 'src/app.ts');
    // the work tree adds a vulnerable line that is not staged
    repo.write('src/app.ts', `// moved\n${APP}danger(2);\n`);
    const r = await runCli(['--staged', '--baseline', 'base.json'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 finding hidden by the baseline (base.json)');
  });
});

describe('what a baseline file holds', () => {
  it('never a whole secret: the messages it copies are redacted', async () => {
    const token = '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';
    const password = 'j7n2iDjkefMVD7';
    const dir = makeTree({ 'src/config.ts': `export const GITHUB_TOKEN = '${token}';\n`, '.env': `DB_PASSWORD="${password}"\n` });
    const r = await runCli(['--rule', 'hardcoded-secret', '--write-baseline', 'base.json'], { cwd: dir });
    expect(r.code).toBe(0);
    const text = fs.readFileSync(path.join(dir, 'base.json'), 'utf8');
    expect((JSON.parse(text) as { entries: Array<{ file: string }> }).entries.map((e) => e.file).sort()).toEqual(['.env', 'src/config.ts']);
    expect(text).not.toContain(token);
    expect(text).not.toContain(password);
  });
});

describe('applyBaseline', () => {
  const finding = (line: number, fingerprint?: string): Finding => ({
    ruleId: 'r',
    severity: 'error',
    message: 'm',
    location: { file: 'a.ts', startLine: line, startColumn: 1, endLine: line, endColumn: 2 },
    fingerprint,
  });
  const resultOf = (findings: Finding[]): ScanResult => ({
    root: '/x',
    findings,
    suppressed: [],
    notices: [],
    rules: [],
    summary: { filesScanned: 1, filesSkipped: 0, findings: { error: findings.length, warning: 0, note: 0 }, suppressed: 0, baselineHidden: 0, durationMs: 1 },
  });

  it('hides one finding per entry and recounts the summary', () => {
    const baseline = createBaseline(resultOf([finding(1, 'aa:1'), finding(1, 'aa:1')]));
    const after = applyBaseline(resultOf([finding(5, 'aa:1'), finding(5, 'aa:1'), finding(5, 'aa:1'), finding(6, 'bb:1')]), baseline);
    expect(after.findings.map((f) => f.fingerprint)).toEqual(['aa:1', 'bb:1']);
    expect(after.summary.findings).toEqual({ error: 2, warning: 0, note: 0 });
    expect(after.summary.baselineHidden).toBe(2);
  });

  it('matches a finding without a fingerprint by its line', () => {
    const baseline = createBaseline(resultOf([finding(3)]));
    expect(baseline.entries[0].fingerprint).toBe('line:3');
    expect(applyBaseline(resultOf([finding(3)]), baseline).findings).toEqual([]);
    expect(applyBaseline(resultOf([finding(4)]), baseline).findings).toHaveLength(1);
  });
});

describe('baseline errors: exit 2 with one line', () => {
  it('for a missing, non-JSON or foreign baseline file, and with --write-baseline at once', async () => {
    const dir = makeTree({ 'a.ts': LIB, 'bad.json': '{ nope', 'other.json': JSON.stringify({ version: 1, entries: [{ ruleId: 'x' }] }) });
    const cases: Array<[string[], string]> = [
      [['--baseline', 'missing.json'], 'cannot read baseline missing.json (ENOENT)'],
      [['--baseline', 'bad.json'], 'baseline bad.json is not valid JSON'],
      [['--baseline', 'other.json'], 'baseline other.json is not a tsaudit baseline: "tool" must be an object'],
      [['--baseline', 'a.json', '--write-baseline', 'a.json'], "option '--baseline <file>' cannot be used with option '--write-baseline <file>'"],
      [['--write-baseline', 'a.ts/x.json'], 'cannot write baseline a.ts/x.json'],
    ];
    for (const [argv, message] of cases) {
      const r = await runCli(argv, { cwd: dir });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(isOneLineError(r.stderr), r.stderr).toBe(true);
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe('');
    }
  });
});
