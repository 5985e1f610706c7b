/** The config file: where it is found, what it changes, how CLI flags override it, and one-line errors. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOneLineError, makeTree, runCli } from './helpers/cli.js';
import { TEST_RULE_ID } from './helpers/testRule.js';

const DANGER = ["const input = 'x';", 'danger(input);', ''].join('\n');

async function scanJson(dir: string, argv: string[] = [], cwd = dir) {
  const r = await runCli(['--format', 'json', ...argv], { cwd });
  return { code: r.code, stderr: r.stderr, report: r.stdout ? JSON.parse(r.stdout) : undefined };
}

const severities = (report: { findings: Array<{ ruleId: string; severity: string }> }) => report.findings.map((f) => `${f.ruleId}:${f.severity}`);

describe('finding the config', () => {
  it('reads tsaudit.config.json in the scan root', async () => {
    const dir = makeTree({ 'a.ts': DANGER, 'tsaudit.config.json': JSON.stringify({ rules: { [TEST_RULE_ID]: 'off' } }) });
    expect((await scanJson(dir)).report.findings).toEqual([]);
  });

  it('reads .tsauditrc.json and the "tsaudit" key of package.json', async () => {
    const rc = makeTree({ 'a.ts': DANGER, '.tsauditrc.json': JSON.stringify({ rules: { [TEST_RULE_ID]: 'note' } }) });
    expect(severities((await scanJson(rc)).report)).toEqual([`${TEST_RULE_ID}:note`]);
    const pkg = makeTree({ 'a.ts': DANGER, 'package.json': JSON.stringify({ name: 'x', tsaudit: { rules: { [TEST_RULE_ID]: { severity: 'warning' } } } }) });
    expect(severities((await scanJson(pkg)).report)).toEqual([`${TEST_RULE_ID}:warning`]);
  });

  it('searches upward from the scan root, not past the folder holding .git', async () => {
    const dir = makeTree({ 'app/a.ts': DANGER, 'tsaudit.config.json': JSON.stringify({ rules: { [TEST_RULE_ID]: 'note' } }) });
    expect(severities((await scanJson(path.join(dir, 'app'))).report)).toEqual([`${TEST_RULE_ID}:note`]);
    fs.mkdirSync(path.join(dir, 'app/.git'));
    expect(severities((await scanJson(path.join(dir, 'app'))).report)).toEqual([`${TEST_RULE_ID}:error`]);
  });

  it('ignores a package.json without a "tsaudit" key and keeps searching', async () => {
    const dir = makeTree({ 'app/a.ts': DANGER, 'app/package.json': '{"name":"app"}', 'tsaudit.config.json': JSON.stringify({ failOn: 'none' }) });
    expect((await scanJson(path.join(dir, 'app'))).code).toBe(0);
  });

  it('uses --config instead of the search', async () => {
    const dir = makeTree({ 'a.ts': DANGER, 'tsaudit.config.json': '{"failOn": "none"}', 'ci/strict.json': '{"failOn": "error"}' });
    expect((await scanJson(dir)).code).toBe(0);
    expect((await scanJson(dir, ['--config', 'ci/strict.json'])).code).toBe(1);
  });
});

describe('what the config changes, and CLI flags winning', () => {
  it('applies rule severity and enabled from the object form', async () => {
    const dir = makeTree({ 'a.ts': DANGER, 'tsaudit.config.json': JSON.stringify({ rules: { [TEST_RULE_ID]: { enabled: false } } }) });
    expect((await scanJson(dir)).report.findings).toEqual([]);
    expect(severities((await scanJson(dir, ['--rule', TEST_RULE_ID])).report)).toEqual([`${TEST_RULE_ID}:error`]);
  });

  it('takes failOn from the config unless --fail-on is given', async () => {
    const dir = makeTree({ 'a.ts': DANGER, 'tsaudit.config.json': JSON.stringify({ failOn: 'none' }) });
    expect((await scanJson(dir)).code).toBe(0);
    expect((await scanJson(dir, ['--fail-on', 'error'])).code).toBe(1);
  });

  it('takes include, exclude and maxFileSize from the config unless flags override them', async () => {
    const config = { include: ['src/**/*.ts'], exclude: ['src/gen/**'], maxFileSize: 10 };
    const dir = makeTree({ 'src/a.ts': DANGER, 'src/gen/b.ts': DANGER, 'lib/c.ts': DANGER, 'tsaudit.config.json': JSON.stringify(config) });
    const fromConfig = (await scanJson(dir)).report;
    expect(fromConfig.findings).toEqual([]);
    expect(fromConfig.notices.map((n: { file: string; reason: string }) => `${n.file}:${n.reason}`)).toEqual(['src/a.ts:too-large']);
    const flags = (await scanJson(dir, ['--max-file-size', '100000', '--exclude', 'nothing/**'])).report;
    expect(flags.findings.map((f: { location: { file: string } }) => f.location.file)).toEqual(['src/a.ts', 'src/gen/b.ts']);
  });
});

describe('config errors: exit 2, one line naming the file and key', () => {
  const cases: Array<[string, string, string]> = [
    ['an unknown top-level key', '{"rulez": {}}', 'tsaudit: tsaudit.config.json: unknown key "rulez"'],
    ['an unknown nested key', `{"rules": {"${TEST_RULE_ID}": {"severiti": "note"}}}`, `tsaudit: tsaudit.config.json: unknown key "rules.${TEST_RULE_ID}.severiti"`],
    ['an unknown rule id', '{"rules": {"sql-injektion": "off"}}', 'tsaudit: tsaudit.config.json: unknown rule "sql-injektion" in "rules" (run tsaudit --list-rules for the rule ids)'],
    ['a wrong type', '{"maxFileSize": "big"}', 'tsaudit: tsaudit.config.json: "maxFileSize" must be a number (got string)'],
    ['a wrong array item', '{"include": ["src", 3]}', 'tsaudit: tsaudit.config.json: "include.1" must be a string (got number)'],
    ['a bad failOn', '{"failOn": "fatal"}', 'tsaudit: tsaudit.config.json: "failOn" must be one of error, warning, note, none (got "fatal")'],
    ['a bad rule level', `{"rules": {"${TEST_RULE_ID}": "fatal"}}`, `tsaudit: tsaudit.config.json: "rules.${TEST_RULE_ID}" must be one of off, error, warning, note (got "fatal")`],
    ['a rule entry of the wrong type', `{"rules": {"${TEST_RULE_ID}": 3}}`, `tsaudit: tsaudit.config.json: "rules.${TEST_RULE_ID}" must be "off", "error", "warning", "note" or an object`],
    ['a wrong nested type', `{"rules": {"${TEST_RULE_ID}": {"enabled": "yes"}}}`, `tsaudit: tsaudit.config.json: "rules.${TEST_RULE_ID}.enabled" must be a boolean (got string)`],
    ['a non-object config', '[1]', 'tsaudit: tsaudit.config.json: must be a JSON object (got array)'],
    ['invalid JSON', '{\n  "rules": {,}\n}', "tsaudit: tsaudit.config.json is not valid JSON: Expected property name or '}' in JSON at line 2 column 13 (fix the JSON syntax)"],
  ];
  it.each(cases)('%s', async (_name, text, expected) => {
    const dir = makeTree({ 'a.ts': DANGER, 'tsaudit.config.json': text });
    const r = await runCli([], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(isOneLineError(r.stderr)).toBe(true);
    expect(r.stderr.startsWith(expected)).toBe(true);
  });

  it('names the package.json key', async () => {
    const dir = makeTree({ 'a.ts': DANGER, 'package.json': JSON.stringify({ tsaudit: { rulez: 1 } }) });
    const r = await runCli([], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tsaudit: package.json "tsaudit": unknown key "rulez" \(/);
  });

  it('reports an unreadable config (a folder in its place)', async () => {
    const dir = makeTree({ 'a.ts': DANGER, 'tsaudit.config.json/x': '' });
    const r = await runCli([], { cwd: dir });
    expect(r.code).toBe(2);
    expect(isOneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toBe('tsaudit: cannot read config tsaudit.config.json (EISDIR) (check the path and its permissions)\n');
  });

  it('prints the stack of a config error only with --debug', async () => {
    const dir = makeTree({ 'a.ts': DANGER, 'tsaudit.config.json': '{"rulez": 1}' });
    const r = await runCli(['--debug'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').length).toBeGreaterThan(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});
