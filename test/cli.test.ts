/** The CLI in-process: flags, output formats, colour, exit codes and one-line errors; plus the built bin script. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getToolVersion } from '../src/reporters/tool.js';
import { isOneLineError, makeTree, REPO_ROOT, runCli } from './helpers/cli.js';
import { TEST_RULE_ID } from './helpers/testRule.js';

const DANGER = ["const input = 'x';", 'danger(input);', ''].join('\n');
const CLEAN = ['export const answer = 42;', ''].join('\n');
const ANSI = /\u001b\[\d+m/;

describe('exit codes', () => {
  it('is 0 on a clean tree and says so', async () => {
    const dir = makeTree({ 'src/ok.ts': CLEAN });
    const r = await runCli([], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✔ no findings \(0 errors, 0 warnings, 0 notes\) · 0 suppressed · 1 file scanned · 0 skipped · \d+ ms/);
    expect(r.stderr).toBe('');
  });

  it('is 1 when a finding is at or above --fail-on, 0 below it or with none', async () => {
    const dir = makeTree({ 'a.ts': DANGER });
    expect((await runCli([], { cwd: dir })).code).toBe(1);
    expect((await runCli(['--fail-on', 'error'], { cwd: dir })).code).toBe(1);
    expect((await runCli(['--fail-on', 'none'], { cwd: dir })).code).toBe(0);
  });

  it('counts note findings only with --fail-on note', async () => {
    const dir = makeTree({ 'a.ts': ['// tsaudit-ignore-next-line', CLEAN].join('\n') });
    const byDefault = await runCli([], { cwd: dir });
    expect(byDefault.code).toBe(0);
    expect(byDefault.stdout).toContain('invalid-suppression');
    expect((await runCli(['--fail-on', 'note'], { cwd: dir })).code).toBe(1);
  });

  it('runs only --rule and skips --disable', async () => {
    const dir = makeTree({ 'a.ts': ['// tsaudit-ignore-next-line', DANGER].join('\n') });
    const only = JSON.parse((await runCli(['--format', 'json', '--rule', 'invalid-suppression'], { cwd: dir })).stdout);
    expect(only.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['invalid-suppression']);
    const disabled = await runCli(['--format', 'json', '--disable', TEST_RULE_ID, '--fail-on', 'warning'], { cwd: dir });
    expect(JSON.parse(disabled.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['invalid-suppression']);
    expect(disabled.code).toBe(0);
  });

  it('accepts comma-separated rule ids', async () => {
    const dir = makeTree({ 'a.ts': ['// tsaudit-ignore-next-line', DANGER].join('\n') });
    const r = await runCli(['--format', 'json', `--rule=invalid-suppression,${TEST_RULE_ID}`], { cwd: dir });
    expect(JSON.parse(r.stdout).findings).toHaveLength(2);
  });
});

describe('usage errors: exit 2 with one line on stderr', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['an unknown flag', ['--frobnicate'], /^tsaudit: unknown option '--frobnicate'/],
    ['a misspelt flag', ['--formt', 'json'], /^tsaudit: unknown option '--formt' \(did you mean --format\?\)$/],
    ['a bad --format', ['--format', 'xml'], /^tsaudit: option '--format <format>' argument 'xml' is invalid/],
    ['a bad --fail-on', ['--fail-on', 'fatal'], /^tsaudit: option '--fail-on <level>' argument 'fatal' is invalid/],
    ['a missing path', ['no/such/dir'], /^tsaudit: path not found: no\/such\/dir \(paths are resolved from /],
    ['an unknown --rule', ['--rule', 'no-such-rule'], /^tsaudit: unknown rule 'no-such-rule' \(see --list-rules\)$/],
    ['an unknown --disable', ['--disable', 'no-such-rule'], /^tsaudit: unknown rule 'no-such-rule'/],
    ['a bad --max-file-size', ['--max-file-size', '12kb'], /expected a positive number of bytes/],
    ['a bad --shard', ['--shard', '3/2'], /expected i\/n with 1 ≤ i ≤ n/],
    ['a bad --workers', ['--workers', 'many'], /expected a number of workers/],
    ['a missing --project', ['--project', 'nope/tsconfig.json'], /^tsaudit: tsconfig not found: nope\/tsconfig.json/],
    ['a missing --config', ['--config', 'nope.json'], /^tsaudit: cannot read config nope.json \(ENOENT\)/],
  ];
  it.each(cases)('%s', async (_name, argv, expected) => {
    const dir = makeTree({ 'a.ts': CLEAN });
    const r = await runCli(argv, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(isOneLineError(r.stderr)).toBe(true);
    expect(r.stderr.trim()).toMatch(expected);
  });

  it('reports an internal error in one line, with the stack only under --debug', async () => {
    const dir = makeTree({ 'a.ts': CLEAN });
    const failing = async (argv: string[]) => {
      let stderr = '';
      const { run } = await import('../src/cli.js');
      const code = await run(argv, {
        cwd: dir,
        isTTY: false,
        env: {},
        stdout: {
          write: () => {
            throw new Error('stdout is gone');
          },
        },
        stderr: { write: (s: string) => (stderr += s) },
      });
      return { code, stderr };
    };
    const plain = await failing([]);
    expect(plain.code).toBe(2);
    expect(isOneLineError(plain.stderr)).toBe(true);
    expect(plain.stderr).toBe('tsaudit: internal error: stdout is gone (rerun with --debug for a stack trace, and report it)\n');
    const debug = await failing(['--debug']);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/^tsaudit: internal error: stdout is gone .*\nError: stdout is gone\n\s+at /);
  });
});

describe('informational flags', () => {
  it('prints the package version', async () => {
    const r = await runCli(['--version'], { cwd: REPO_ROOT });
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(r).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('prints help with examples and exit codes', async () => {
    const r = await runCli(['--help'], { cwd: REPO_ROOT });
    expect(r.code).toBe(0);
    for (const flag of ['--format <format>', '--fail-on <level>', '--sarif-category <id>', '--shard <i/n>', '--workers <n|auto>', '--cache [dir]', 'merge [options] <sarif...>', 'Examples:', 'Exit codes:'])
      expect(r.stdout).toContain(flag);
  });

  it('lists rules with severity, CWE and description', async () => {
    const r = await runCli(['--list-rules'], { cwd: REPO_ROOT });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^RULE\s+SEVERITY\s+CWE\s+DESCRIPTION$/);
    expect(r.stdout).toMatch(/^test-danger\s+error\s+CWE-89\s+A call to danger\(\) lets test input reach a test sink\.$/m);
    expect(r.stdout).toMatch(/^invalid-suppression\s+note\s+CWE-710\s+A tsaudit-ignore comment/m);
  });
});

describe('console output', () => {
  it('groups by file with rule, CWE, message, fix, code frame and flow', async () => {
    const dir = makeTree({ 'src/a.ts': DANGER, 'src/b.ts': `${CLEAN}danger(1);\n` });
    const r = await runCli([], { cwd: dir });
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('src/a.ts');
    expect(lines[1]).toBe('  2:1  error  test-danger  CWE-89');
    expect(lines[2]).toBe('    `input` reaches `danger()`.');
    expect(lines[3]).toBe('    fix: Call `safe(input)` instead.');
    expect(r.stdout).toContain("      1 | const input = 'x';\n    > 2 | danger(input);\n        | ^^^^^^^^^^^^^");
    expect(r.stdout).toContain("    flow: src/a.ts:1 source input → src/a.ts:2 danger()");
    expect(r.stdout).toContain('\nsrc/b.ts\n  2:1  error  test-danger');
    expect(r.stdout).toMatch(/✖ 2 findings \(2 errors, 0 warnings, 0 notes\) · 0 suppressed · 2 files scanned · 0 skipped/);
    expect(r.stdout).not.toMatch(ANSI);
  });

  it('uses colour only on a terminal without NO_COLOR or --no-color', async () => {
    const dir = makeTree({ 'a.ts': DANGER });
    expect((await runCli([], { cwd: dir, isTTY: true })).stdout).toMatch(ANSI);
    expect((await runCli([], { cwd: dir, isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(ANSI);
    expect((await runCli(['--no-color'], { cwd: dir, isTTY: true })).stdout).not.toMatch(ANSI);
    expect((await runCli([], { cwd: dir, isTTY: false })).stdout).not.toMatch(ANSI);
  });

  it('--quiet prints nothing when clean and only findings otherwise', async () => {
    const clean = makeTree({ 'a.ts': CLEAN, 'b.js': Buffer.from([0, 1, 2]) });
    expect(await runCli(['--quiet'], { cwd: clean })).toEqual({ code: 0, stdout: '', stderr: '' });
    const dirty = makeTree({ 'a.ts': DANGER, 'b.js': Buffer.from([0, 1, 2]) });
    const r = await runCli(['--quiet'], { cwd: dirty });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('test-danger');
    expect(r.stdout).not.toContain('skipped');
    expect(r.stdout).not.toContain('findings (');
  });

  it('honours --include, --exclude and --max-file-size', async () => {
    const dir = makeTree({ 'src/a.ts': DANGER, 'lib/b.ts': DANGER, 'big.ts': `${CLEAN}// ${'x'.repeat(200)}\n` });
    const json = async (argv: string[]) => JSON.parse((await runCli(['--format', 'json', ...argv], { cwd: dir })).stdout);
    expect((await json(['--include', 'src/**'])).findings.map((f: { location: { file: string } }) => f.location.file)).toEqual(['src/a.ts']);
    expect((await json(['--exclude', 'src/**'])).findings.map((f: { location: { file: string } }) => f.location.file)).toEqual(['lib/b.ts']);
    const small = await json(['--max-file-size', '100']);
    expect(small.notices).toContainEqual(expect.objectContaining({ file: 'big.ts', reason: 'too-large' }));
  });

  it('makes paths outside the working directory relative to their own folder', async () => {
    const dir = makeTree({ 'proj/src/a.ts': DANGER });
    const elsewhere = makeTree({});
    const r = await runCli(['--format', 'json', path.join(dir, 'proj')], { cwd: elsewhere });
    const report = JSON.parse(r.stdout);
    expect(report.root).toBe(path.join(dir, 'proj'));
    expect(report.findings[0].location.file).toBe('src/a.ts');
  });
});

describe('output formats and -o', () => {
  it('writes JSON, markdown and SARIF to stdout', async () => {
    const dir = makeTree({ 'a.ts': DANGER });
    const json = JSON.parse((await runCli(['--format', 'json'], { cwd: dir })).stdout);
    expect(json).toMatchObject({ version: 1, tool: { name: 'tsaudit', version: getToolVersion() }, summary: { filesScanned: 1, findings: { error: 1 } } });
    const md = (await runCli(['--format', 'markdown'], { cwd: dir })).stdout;
    expect(md).toContain('| error | `test-danger` | `a.ts:2` | `input` reaches `danger()`. |');
    const sarif = JSON.parse((await runCli(['--format', 'sarif'], { cwd: dir })).stdout);
    expect(sarif.runs[0].results[0].ruleId).toBe(TEST_RULE_ID);
  });

  it('with -o writes only the file, plus a summary line on stderr unless --quiet', async () => {
    const dir = makeTree({ 'a.ts': DANGER });
    const r = await runCli(['--format', 'sarif', '-o', 'out/report.sarif'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^✖ 1 finding \(1 error, 0 warnings, 0 notes\) .* → out\/report.sarif\n$/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out/report.sarif'), 'utf8')).version).toBe('2.1.0');
    const quiet = await runCli(['-o', 'report.txt', '--quiet'], { cwd: dir, isTTY: true });
    expect(quiet.stderr).toBe('');
    const text = fs.readFileSync(path.join(dir, 'report.txt'), 'utf8');
    expect(text).toContain('test-danger');
    expect(text).not.toMatch(ANSI);
  });

  it('fails in one line when the -o file cannot be written', async () => {
    const dir = makeTree({ 'a.ts': CLEAN, 'taken/x': '' });
    const r = await runCli(['-o', 'taken'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(isOneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toContain('tsaudit: cannot write taken (EISDIR)');
  });

  it('passes --workers, --cache and --shard through without complaint', async () => {
    const dir = makeTree({ 'a.ts': CLEAN });
    const r = await runCli(['--workers', '1', '--shard', '1/1', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.filesScanned).toBe(1);
  });
});

describe('merge', () => {
  it('merges SARIF files into one run with one rule table', async () => {
    const dir = makeTree({ 'a.ts': ['// tsaudit-ignore-next-line', DANGER].join('\n') });
    await runCli(['--format', 'sarif', '--rule', TEST_RULE_ID, '--sarif-category', 'tsaudit', '-o', 'one.sarif'], { cwd: dir });
    await runCli(['--format', 'sarif', '--rule', 'invalid-suppression', '-o', 'two.sarif'], { cwd: dir });
    const r = await runCli(['merge', 'one.sarif', 'two.sarif', '-o', 'all.sarif'], { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    const log = JSON.parse(fs.readFileSync(path.join(dir, 'all.sarif'), 'utf8'));
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual([TEST_RULE_ID, 'invalid-suppression']);
    expect(run.results.map((res: { ruleId: string; ruleIndex: number }) => [res.ruleId, res.ruleIndex])).toEqual([
      [TEST_RULE_ID, 0],
      ['invalid-suppression', 1],
    ]);
    expect(run.automationDetails).toEqual({ id: 'tsaudit/' });
  });

  it('rejects a file that is not SARIF in one line', async () => {
    const dir = makeTree({ 'bad.sarif': '{"runs": 3}', 'broken.sarif': '{' });
    for (const file of ['bad.sarif', 'broken.sarif', 'missing.sarif']) {
      const r = await runCli(['merge', file], { cwd: dir });
      expect(r.code).toBe(2);
      expect(isOneLineError(r.stderr)).toBe(true);
      expect(r.stderr).toContain(file);
    }
  });
});

/** Newest modification time of the TypeScript sources that dist/ is built from. */
function getNewestSourceTime(): number {
  let newest = 0;
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(file).mtimeMs);
    }
  };
  for (const dir of ['src', 'rules']) walk(path.join(REPO_ROOT, dir));
  return newest;
}

describe('bin/tsaudit.js (built)', () => {
  const cliJs = path.join(REPO_ROOT, 'dist/src/cli.js');
  beforeAll(() => {
    // CI runs `npm run build` first; locally, build when dist/ is missing or older than the sources
    if (fs.existsSync(cliJs) && fs.statSync(cliJs).mtimeMs >= getNewestSourceTime()) return;
    spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, stdio: 'ignore' });
    expect(fs.existsSync(cliJs)).toBe(true);
  }, 120_000);

  it('sets the exit code and prints the version', () => {
    const dir = makeTree({ 'a.ts': ['// tsaudit-ignore-next-line', CLEAN].join('\n') });
    const bin = path.join(REPO_ROOT, 'bin/tsaudit.js');
    const version = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(getToolVersion());
    const scanned = spawnSync(process.execPath, [bin, '--fail-on', 'note', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    expect(scanned.status).toBe(1);
    expect(JSON.parse(scanned.stdout).findings[0].ruleId).toBe('invalid-suppression');
    const bad = spawnSync(process.execPath, [bin, '--format', 'xml'], { cwd: dir, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(isOneLineError(bad.stderr)).toBe(true);
  });

  it('stops quietly when the reader of its output goes away (`tsaudit --list-rules | head -1`)', () => {
    const bin = path.join(REPO_ROOT, 'bin/tsaudit.js');
    // `true` reads nothing and exits at once: tsaudit's first write meets a closed pipe
    const piped = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" --list-rules --no-color | true`], { encoding: 'utf8' });
    expect(piped.status).toBe(0);
    expect(piped.stderr).toBe('');
  });
});
