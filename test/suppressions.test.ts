/** Inline suppressions through the CLI: what they hide, how they are counted, and how bad ones are reported. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTree, runCli } from './helpers/cli.js';
import { TEST_RULE_ID } from './helpers/testRule.js';

const NEXT_LINE = ['const input = 1;', `// tsaudit-ignore-next-line ${TEST_RULE_ID} -- input is a constant`, 'danger(input);', ''].join('\n');
const SAME_LINE = ['const input = 1;', `danger(input); // tsaudit-ignore ${TEST_RULE_ID} -- input is a constant`, ''].join('\n');

async function scanJson(dir: string, argv: string[] = []) {
  const r = await runCli(['--format', 'json', ...argv], { cwd: dir });
  return { code: r.code, report: JSON.parse(r.stdout) };
}

type JsonFinding = { ruleId: string; message: string; location: { startLine: number }; suppression?: { kind: string; justification: string } };

describe('valid suppressions', () => {
  it.each([
    ['next-line', NEXT_LINE],
    ['same-line', SAME_LINE],
  ])('a %s comment hides the finding, counts it and keeps the exit code 0', async (_kind, text) => {
    const dir = makeTree({ 'a.ts': text });
    const { code, report } = await scanJson(dir);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.summary.suppressed).toBe(1);
    const console = await runCli([], { cwd: dir });
    expect(console.stdout).toMatch(/✔ no findings \(0 errors, 0 warnings, 0 notes\) · 1 suppressed · 1 file scanned/);
  });

  it('covers only the named rule and only the next line', async () => {
    const text = [`// tsaudit-ignore-next-line invalid-suppression -- wrong rule`, 'danger(1);', `// tsaudit-ignore-next-line ${TEST_RULE_ID} -- too far`, '', 'danger(2);', ''].join('\n');
    const { report } = await scanJson(makeTree({ 'a.ts': text }));
    expect(report.findings.map((f: JsonFinding) => `${f.ruleId}:${f.location.startLine}`)).toEqual([`${TEST_RULE_ID}:2`, `${TEST_RULE_ID}:5`]);
    expect(report.summary.suppressed).toBe(0);
  });

  it('--include-suppressed lists them with their justification (console, JSON)', async () => {
    const dir = makeTree({ 'a.ts': NEXT_LINE });
    const { code, report } = await scanJson(dir, ['--include-suppressed']);
    expect(code).toBe(0);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0].suppression).toEqual({ kind: 'inSource', justification: 'input is a constant' });
    const console = await runCli(['--include-suppressed'], { cwd: dir });
    expect(console.stdout).toContain('3:1  error  test-danger  CWE-89  (suppressed: input is a constant)');
  });

  it('leaves suppressed findings out of SARIF unless --include-suppressed', async () => {
    const dir = makeTree({ 'a.ts': NEXT_LINE });
    await runCli(['--format', 'sarif', '-o', 'plain.sarif'], { cwd: dir });
    await runCli(['--format', 'sarif', '--include-suppressed', '-o', 'all.sarif'], { cwd: dir });
    const read = (name: string) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')).runs[0].results;
    expect(read('plain.sarif')).toEqual([]);
    const [result] = read('all.sarif');
    expect(result.ruleId).toBe(TEST_RULE_ID);
    expect(result.suppressions).toEqual([{ kind: 'inSource', justification: 'input is a constant' }]);
  });
});

describe('invalid suppressions become invalid-suppression notes', () => {
  const cases: Array<[string, string, string]> = [
    ['no reason', `// tsaudit-ignore-next-line ${TEST_RULE_ID}`, 'This suppression comment gives no reason after `--`, so it suppresses nothing.'],
    ['no rule id', '// tsaudit-ignore-next-line -- trust me', 'This suppression comment names no rule id, so it suppresses nothing.'],
    ['an unknown rule id', '// tsaudit-ignore-next-line no-such-rule -- trust me', 'This suppression comment names an unknown rule: no-such-rule.'],
  ];
  it.each(cases)('%s', async (_name, comment, message) => {
    const dir = makeTree({ 'a.ts': [comment, 'danger(1);', ''].join('\n') });
    const { code, report } = await scanJson(dir, ['--fail-on', 'error']);
    expect(code).toBe(1);
    expect(report.findings.map((f: JsonFinding & { severity: string }) => [f.ruleId, f.severity, f.location.startLine])).toEqual([
      ['invalid-suppression', 'note', 1],
      [TEST_RULE_ID, 'error', 2],
    ]);
    expect(report.findings[0].message).toBe(message);
    expect(report.summary.suppressed).toBe(0);
  });
});

describe('suppression look-alikes', () => {
  it('ignores the syntax quoted inside strings and doc comments', async () => {
    const { parseSuppressions } = await import('../src/engine/suppressions.js');
    const text = [
      "const help = 'Write `// tsaudit-ignore-next-line <rule-id> -- <reason>`';",
      '/** Usage: `// tsaudit-ignore sql-injection -- why` */',
      '  // tsaudit-ignore-next-line sql-injection -- table name is fixed',
      'run(); // tsaudit-ignore sql-injection -- constant',
    ].join('\n');
    const parsed = parseSuppressions(text, new Set(['sql-injection']));
    expect(parsed.malformed).toEqual([]);
    expect(parsed.entries.map((e) => [e.line, e.reason])).toEqual([
      [4, 'table name is fixed'],
      [4, 'constant'],
    ]);
  });
});
