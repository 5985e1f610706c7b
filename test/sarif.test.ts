/** SARIF output: schema-valid, accepted by shared/tools/check-sarif.mjs, and every field GitHub reads filled as documented. */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { hashLines } from '../src/reporters/fingerprint.js';
import { mergeSarif, MergeError } from '../src/reporters/merge.js';
import { toCweTag, toRelativeUri } from '../src/reporters/sarif.js';
import { getToolVersion } from '../src/reporters/tool.js';
import { makeTree, runCli } from './helpers/cli.js';
import { getSarifValidator, runCheckSarif } from './helpers/sarif.js';
import { TEST_RULE_ID } from './helpers/testRule.js';

const DANGER = ['// header', "const input = 'x';", 'danger(input);', ''].join('\n');

async function sarifOf(dir: string, argv: string[] = []): Promise<Sarif.Log> {
  const r = await runCli(['--format', 'sarif', ...argv], { cwd: dir });
  return JSON.parse(r.stdout) as Sarif.Log;
}

describe('a SARIF log with a data-flow finding and a skipped file', () => {
  let dir: string;
  let log: Sarif.Log;
  let run: Sarif.Run;
  beforeAll(async () => {
    dir = makeTree({ 'src/app.ts': DANGER, 'src/blob.js': Buffer.from([0, 1, 2]) });
    log = await sarifOf(dir, ['--rule', TEST_RULE_ID]);
    run = log.runs[0];
  });

  it('is valid against the SARIF 2.1.0 schema', () => {
    const validate = getSarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
  });

  it('passes check-sarif.mjs with 0 errors and 0 warnings', () => {
    const file = path.join(dir, 'out.sarif');
    fs.writeFileSync(file, JSON.stringify(log));
    const { status, output } = runCheckSarif(file, dir);
    expect(output.trim()).toBe('0 errors, 0 warnings');
    expect(status).toBe(0);
  });

  it('describes the tool and every enabled rule', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    const driver = run.tool.driver;
    expect(driver).toMatchObject({ name: 'tsaudit', version: getToolVersion(), semanticVersion: getToolVersion(), informationUri: 'https://github.com/tsaudit/tsaudit' });
    expect(driver.rules).toEqual([
      {
        id: TEST_RULE_ID,
        name: 'Dangerous test call',
        shortDescription: { text: 'A call to danger() lets test input reach a test sink.' },
        fullDescription: { text: expect.stringContaining('Test-only rule') },
        help: { text: expect.stringContaining('Call `safe()`'), markdown: expect.stringContaining('## Dangerous test call') },
        helpUri: `https://github.com/tsaudit/tsaudit/blob/main/docs/rules/${TEST_RULE_ID}.md`,
        defaultConfiguration: { level: 'error' },
        properties: { tags: ['security', 'external/cwe/cwe-089', 'test'], precision: 'high', 'security-severity': '8.8' },
      },
    ]);
  });

  it('gives the result a relative URI, full region, line hash, code flow and related location', () => {
    const [result] = run.results!;
    const location = { artifactLocation: { uri: 'src/app.ts', uriBaseId: '%SRCROOT%' } };
    expect(result).toEqual({
      ruleId: TEST_RULE_ID,
      ruleIndex: 0,
      level: 'error',
      message: { text: '`input` reaches `danger()`.' },
      locations: [{ physicalLocation: { ...location, region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 14 } } }],
      partialFingerprints: { primaryLocationLineHash: hashLines(DANGER)[2] },
      codeFlows: [
        {
          threadFlows: [
            {
              locations: [
                { location: { physicalLocation: { ...location, region: { startLine: 2, startColumn: 15, endLine: 2, endColumn: 18 } }, message: { text: 'source input' } } },
                { location: { physicalLocation: { ...location, region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 14 } }, message: { text: 'danger()' } } },
              ],
            },
          ],
        },
      ],
      relatedLocations: [{ id: 1, physicalLocation: { ...location, region: { startLine: 2, startColumn: 15, endLine: 2, endColumn: 18 } }, message: { text: 'the source' } }],
      properties: { fix: 'Call `safe(input)` instead.' },
    });
  });

  it('defines %SRCROOT% and reports the skipped file as a notification', () => {
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: `${pathToFileURL(dir).href}/` } });
    expect(run.invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          {
            level: 'warning',
            message: { text: 'src/blob.js: skipped: binary file' },
            descriptor: { id: 'binary' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'src/blob.js', uriBaseId: '%SRCROOT%' } } }],
          },
        ],
      },
    ]);
    expect(run.automationDetails).toBeUndefined();
  });
});

describe('SARIF details', () => {
  it('sets automationDetails.id from --sarif-category', async () => {
    const dir = makeTree({ 'a.ts': DANGER });
    expect((await sarifOf(dir, ['--sarif-category', 'tsaudit'])).runs[0].automationDetails).toEqual({ id: 'tsaudit/' });
    expect((await sarifOf(dir, ['--sarif-category', 'web/run-7'])).runs[0].automationDetails).toEqual({ id: 'web/run-7' });
  });

  it('lists every enabled rule, each tagged security', async () => {
    const log = await sarifOf(makeTree({ 'a.ts': 'export {};\n' }));
    const rules = log.runs[0].tool.driver.rules!;
    expect(rules.map((r) => r.id).sort()).toEqual([...allRules.map((r) => r.id), TEST_RULE_ID].sort());
    for (const rule of rules) expect(rule.properties?.tags).toContain('security');
  });

  it('passes check-sarif.mjs with the default rules, except for rules that declare no CWE', async () => {
    const dir = makeTree({ 'a.ts': ['// tsaudit-ignore-next-line', DANGER].join('\n') });
    const file = path.join(dir, 'all.sarif');
    await runCli(['--format', 'sarif', '-o', file], { cwd: dir });
    const rules = (JSON.parse(fs.readFileSync(file, 'utf8')) as Sarif.Log).runs[0].tool.driver.rules!;
    const { output } = runCheckSarif(file, dir);
    const errors = output.split('\n').filter((l) => l.startsWith('ERROR'));
    // known gap: a rule whose meta.cwe is empty (today invalid-suppression) gets no CWE tag, and check-sarif wants one
    const withoutCwe = new Set(rules.flatMap((r, i) => ([...allRules].find((rule) => rule.id === r.id)?.meta.cwe.length === 0 ? [i] : [])));
    for (const error of errors) {
      const index = Number(/rules\[(\d+)\]\.properties\.tags: no CWE tag/.exec(error)?.[1] ?? NaN);
      expect(withoutCwe.has(index), error).toBe(true);
    }
  });

  it('keeps the line hash when unrelated lines are added above, and counts identical lines', async () => {
    const before = makeTree({ 'a.ts': DANGER });
    const after = makeTree({ 'a.ts': `import './x';\n\n${DANGER}` });
    const twice = makeTree({ 'a.ts': `${DANGER}danger(input);\n` });
    const hash = async (dir: string) => (await sarifOf(dir, ['--rule', TEST_RULE_ID])).runs[0].results!.map((r) => r.partialFingerprints!.primaryLocationLineHash);
    const [original] = await hash(before);
    expect(original).toMatch(/^[0-9a-f]+:1$/);
    expect(await hash(after)).toEqual([original]);
    const pair = await hash(twice);
    expect(pair).toHaveLength(2);
    expect(pair[0]).not.toBe(pair[1]);
  });

  it('percent-encodes URIs and maps CWE ids to CodeQL tags', () => {
    expect(toRelativeUri('src/my file#1?.ts')).toBe('src/my%20file%231%3F.ts');
    expect(toRelativeUri('src/ünï.ts')).toBe('src/%C3%BCn%C3%AF.ts');
    expect(toCweTag('CWE-89')).toBe('external/cwe/cwe-089');
    expect(toCweTag('CWE-1004')).toBe('external/cwe/cwe-1004');
    expect(toCweTag('cwe-7')).toBe('external/cwe/cwe-007');
    expect(toCweTag('OWASP-A03')).toBeUndefined();
  });

  it('encodes a file name with a space so check-sarif finds the file', async () => {
    const dir = makeTree({ 'my src/a b.ts': DANGER });
    const file = path.join(dir, 'out.sarif');
    await runCli(['--format', 'sarif', '--rule', TEST_RULE_ID, '-o', file], { cwd: dir });
    const log = JSON.parse(fs.readFileSync(file, 'utf8')) as Sarif.Log;
    expect(log.runs[0].results![0].locations![0].physicalLocation!.artifactLocation!.uri).toBe('my%20src/a%20b.ts');
    expect(runCheckSarif(file, dir).output.trim()).toBe('0 errors, 0 warnings');
  });
});

describe('mergeSarif', () => {
  const rule = (id: string): Sarif.ReportingDescriptor => ({ id, shortDescription: { text: id } });
  const result = (ruleId: string, ruleIndex: number): Sarif.Result => ({ ruleId, ruleIndex, message: { text: ruleId } });
  const runOf = (rules: string[], results: Sarif.Result[], extra: Partial<Sarif.Run> = {}): Sarif.Log => ({
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'tsaudit', rules: rules.map(rule) } }, results, ...extra }],
  });

  it('unions rules by id, renumbers ruleIndex, concatenates results and notifications', () => {
    const a = runOf(['a', 'b'], [result('b', 1)], {
      invocations: [{ executionSuccessful: true, toolExecutionNotifications: [{ message: { text: 'one' } }] }],
      automationDetails: { id: 'tsaudit/' },
    });
    const b = runOf(['c', 'b'], [result('c', 0), result('b', 1)], { invocations: [{ executionSuccessful: false, toolExecutionNotifications: [{ message: { text: 'two' } }] }] });
    const merged = mergeSarif([a, b]);
    expect(merged.runs).toHaveLength(1);
    const run = merged.runs[0];
    expect(run.tool.driver.rules!.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(run.results!.map((r) => [r.ruleId, r.ruleIndex])).toEqual([
      ['b', 1],
      ['c', 2],
      ['b', 1],
    ]);
    expect(run.invocations).toEqual([{ executionSuccessful: false, toolExecutionNotifications: [{ message: { text: 'one' } }, { message: { text: 'two' } }] }]);
    expect(run.automationDetails).toEqual({ id: 'tsaudit/' });
    expect(getSarifValidator()({ $schema: merged.$schema, ...merged })).toBe(true);
  });

  it('resolves a result that has only a ruleIndex', () => {
    const merged = mergeSarif([runOf(['a'], []), runOf(['b'], [{ ruleIndex: 0, message: { text: 'x' } }])]);
    expect(merged.runs[0].results).toEqual([{ ruleId: 'b', ruleIndex: 1, message: { text: 'x' } }]);
  });

  it('refuses runs of different tools and empty input', () => {
    const other: Sarif.Log = { version: '2.1.0', runs: [{ tool: { driver: { name: 'eslint' } } }] };
    expect(() => mergeSarif([runOf([], []), other])).toThrow(MergeError);
    expect(() => mergeSarif([])).toThrow('no runs to merge');
  });
});
