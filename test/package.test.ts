/**
 * The published package as users get it: `npm pack` on a fresh copy of the sources (its `prepare` script builds
 * dist/), installed into a temporary project, then run with npx, imported as a library, type-checked, and run by
 * the GitHub Action's scan step. Also the SARIF checklist for GitHub code scanning on the whole fixtures folder.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtinModules } from 'node:module';
import type * as Sarif from 'sarif';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { getToolVersion } from '../src/reporters/tool.js';
import { REPO_ROOT } from './helpers/cli.js';
import { runCheckSarif } from './helpers/sarif.js';
import { VULNERABLE } from './helpers/samples.js';


/** What `npm pack --json` reports for one tarball. */
interface PackInfo {
  filename: string;
  files: Array<{ path: string; mode: number }>;
}

interface PackageJson {
  name: string;
  version: string;
  type: string;
  bin: Record<string, string>;
  engines: Record<string, string>;
  exports: Record<string, unknown>;
  files: string[];
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies?: Record<string, string>;
}

let work: string;
let pack: PackInfo;
let consumer: string;
let installed: string;

/** Runs a command; the result carries its status, stdout and stderr. */
function exec(command: string, args: string[], cwd: string, env: Record<string, string | undefined> = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
}

/** `exec` without blocking the event loop (vitest's worker must keep answering during a long install). */
function execAsync(command: string, args: string[], cwd: string): Promise<Pick<SpawnSyncReturns<string>, 'status' | 'stdout' | 'stderr'>> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function describeFailure(result: Pick<SpawnSyncReturns<string>, 'status' | 'stdout' | 'stderr'>): string {
  return `exit ${result.status}\n${result.stdout}\n${result.stderr}`;
}

/** The sources a fresh clone holds (no dist/), with the installed node_modules linked in for the build. */
function copySources(to: string): void {
  for (const entry of ['package.json', 'package-lock.json', '.npmrc', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'LICENSE', 'bin', 'src', 'rules']) {
    const from = path.join(REPO_ROOT, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(to, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(to, 'node_modules'));
}

beforeAll(async () => {
  work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tsaudit-package-')));
  const source = path.join(work, 'source');
  fs.mkdirSync(source);
  copySources(source);
  const packed = await execAsync('npm', ['pack', '--json', '--pack-destination', work], source);
  expect(packed.status, describeFailure(packed)).toBe(0);
  pack = (JSON.parse(packed.stdout) as PackInfo[])[0];

  consumer = path.join(work, 'consumer');
  fs.mkdirSync(path.join(consumer, 'src'), { recursive: true });
  fs.writeFileSync(path.join(consumer, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`);
  fs.writeFileSync(path.join(consumer, 'src/users.ts'), VULNERABLE);
  const install = await execAsync('npm', ['install', path.join(work, pack.filename), '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], consumer);
  expect(install.status, describeFailure(install)).toBe(0);
  installed = path.join(consumer, 'node_modules/tsaudit');
}, 300_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('packs the bin, the built JavaScript and types, and nothing else', () => {
    const files = pack.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'bin/tsaudit.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli.js', 'dist/src/engine/worker-entry.js', 'dist/rules/index.js']));
    const allowed = /^(?:package\.json|README\.md|LICENSE|bin\/[^/]+\.js|dist\/(?:src|rules)\/.+\.(?:js|d\.ts))$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
  });

  it('declares the bin with a node shebang, ESM, node >= 20, and the exports of the library', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as PackageJson;
    expect(pkg.bin).toEqual({ tsaudit: 'bin/tsaudit.js' });
    expect(fs.readFileSync(path.join(installed, 'bin/tsaudit.js'), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(pkg.type).toBe('module');
    expect(pkg.engines).toEqual({ node: '>=20' });
    expect(pkg.exports['.']).toEqual({ types: './dist/src/index.d.ts', import: './dist/src/index.js' });
    expect(pkg.files).toEqual(['bin/', 'dist/src/', 'dist/rules/', 'README.md']);
    // installing from git builds dist/ through prepare, with the typescript of devDependencies
    expect(pkg.scripts.prepare).toBe('npm run build');
    expect(pkg.scripts.build).toMatch(/^tsc -p tsconfig\.build\.json/);
    expect(pkg.devDependencies?.typescript).toBeDefined();
  });

  it('imports at run time only node built-ins and its own dependencies', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as PackageJson;
    const builtins = new Set(builtinModules);
    const imported = new Set<string>();
    for (const file of pack.files.map((f) => f.path).filter((f) => f.endsWith('.js'))) {
      const text = fs.readFileSync(path.join(installed, file), 'utf8');
      // static imports, re-exports and import('...') calls, comments and strings excluded
      for (const { fileName: specifier } of ts.preProcessFile(text, true, true).importedFiles) {
        if (specifier.startsWith('.') || specifier.startsWith('node:') || builtins.has(specifier)) continue;
        const parts = specifier.split('/');
        imported.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
      }
    }
    expect(imported.size).toBeGreaterThan(3);
    const missing = [...imported].filter((name) => !(name in pkg.dependencies));
    expect(missing, 'imported at run time but not in dependencies').toEqual([]);
    // and no development tool is installed with it
    for (const dev of ['vitest', 'typescript', 'fast-check', 'ajv']) expect(fs.existsSync(path.join(consumer, 'node_modules', dev)), dev).toBe(false);
  });
});

describe('npx tsaudit in a fresh project', () => {
  it('prints the version', () => {
    const r = exec('npx', ['--no-install', 'tsaudit', '--version'], consumer);
    expect(r.status, describeFailure(r)).toBe(0);
    expect(r.stdout.trim()).toBe(getToolVersion());
  });

  it('finds the SQL injection, exits 1 and reports it in JSON', () => {
    const r = exec('npx', ['--no-install', 'tsaudit', 'src', '--rule', 'sql-injection', '--format', 'json'], consumer);
    expect(r.status, describeFailure(r)).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; location: { file: string; startLine: number } }> };
    expect(report.findings.map((f) => [f.ruleId, f.location.file, f.location.startLine])).toEqual([['sql-injection', 'src/users.ts', 8]]);
  });

  it('exits 2 with one line on a usage error', () => {
    const r = exec('npx', ['--no-install', 'tsaudit', '--format', 'xml'], consumer);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n').filter((l) => !l.startsWith('npm warn'))).toHaveLength(1);
  });
});

describe("import { scan } from 'tsaudit'", () => {
  it('returns the findings the CLI reports', () => {
    fs.writeFileSync(
      path.join(consumer, 'api.mjs'),
      [
        "import { scan, toJsonReport } from 'tsaudit';",
        "const result = await scan({ root: process.cwd(), paths: ['src'], rules: ['sql-injection'] });",
        'process.stdout.write(JSON.stringify(toJsonReport(result).findings));',
        '',
      ].join('\n'),
    );
    const fromApi = exec(process.execPath, ['api.mjs'], consumer);
    expect(fromApi.status, describeFailure(fromApi)).toBe(0);
    const fromCli = exec('npx', ['--no-install', 'tsaudit', 'src', '--rule', 'sql-injection', '--format', 'json'], consumer);
    const findings = JSON.parse(fromApi.stdout) as unknown[];
    expect(findings).toHaveLength(1);
    expect(findings).toEqual(JSON.parse(fromCli.stdout).findings);
  });

  it('has types a strict TypeScript project accepts', () => {
    fs.writeFileSync(
      path.join(consumer, 'typed.ts'),
      [
        "import { scan, toSarif, applyBaseline, createBaseline, type Finding, type ScanOptions, type ScanResult } from 'tsaudit';",
        "const options: ScanOptions = { root: '.', rules: ['sql-injection'] };",
        'const result: ScanResult = await scan(options);',
        'const first: Finding | undefined = result.findings[0];',
        'const level: string | undefined = toSarif(result).runs[0].results?.[0]?.level;',
        'const shown: number = applyBaseline(result, createBaseline(result)).findings.length;',
        'export { first, level, shown };',
        "// @ts-expect-error: SARIF's version is the string '2.1.0' (this needs @types/sarif, a dependency)",
        'export const version: number = toSarif(result).version;',
        '// @ts-expect-error: a scan option that does not exist',
        "await scan({ roots: ['.'] });",
        '',
      ].join('\n'),
    );
    const tsconfig = { compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['typed.ts'] };
    fs.writeFileSync(path.join(consumer, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = exec(process.execPath, [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], consumer);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });
});

describe('action.yml', () => {
  interface Step {
    name: string;
    id?: string;
    if?: string;
    uses?: string;
    run?: string;
    shell?: string;
    env?: Record<string, string>;
    with?: Record<string, string>;
    'working-directory'?: string;
  }
  interface Action {
    name: string;
    description: string;
    inputs: Record<string, { description: string; default?: string; required?: boolean }>;
    outputs: Record<string, { value: string }>;
    runs: { using: string; steps: Step[] };
  }
  const action = parse(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as Action;
  const step = (name: string) => action.runs.steps.find((s) => s.name === name)!;

  it('is a composite action with the documented inputs and defaults', () => {
    expect(action.name).toBe('tsaudit');
    expect(action.runs.using).toBe('composite');
    const defaults = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default]));
    expect(defaults).toEqual({ path: '.', args: '', 'sarif-file': 'tsaudit.sarif', category: 'tsaudit', 'fail-on': 'warning', upload: 'true', 'node-version': '20' });
    for (const input of Object.values(action.inputs)) expect(input.description).toBeTruthy();
    expect(Object.keys(action.outputs)).toEqual(['sarif-file', 'exit-code']);
  });

  it('sets up node 20, builds itself, scans, uploads with upload-sarif@v4, then fails on findings', () => {
    expect(action.runs.steps.map((s) => s.name)).toEqual(['Set up Node.js', 'Install tsaudit', 'Scan', 'Upload SARIF to code scanning', 'Fail on findings']);
    expect(step('Set up Node.js')).toMatchObject({ uses: 'actions/setup-node@v4', with: { 'node-version': '${{ inputs.node-version }}' } });
    expect(step('Install tsaudit')).toMatchObject({ 'working-directory': '${{ github.action_path }}', run: expect.stringContaining('npm ci') });
    expect(step('Upload SARIF to code scanning')).toEqual({
      name: 'Upload SARIF to code scanning',
      if: "inputs.upload == 'true'",
      uses: 'github/codeql-action/upload-sarif@v4',
      with: { sarif_file: '${{ inputs.sarif-file }}', category: '${{ inputs.category }}' },
    });
    expect(step('Fail on findings').if).toBe("steps.scan.outputs.exit-code == '1'");
    // inputs reach scripts only through env, never pasted into the shell text
    for (const s of action.runs.steps) expect(s.run ?? '').not.toContain('${{');
  });

  it("runs its scan step: markdown to the job summary, SARIF with the category, the exit code as an output", () => {
    const repo = path.join(work, 'action-workspace');
    fs.mkdirSync(path.join(repo, 'src'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'src/users.ts'), VULNERABLE);
    fs.writeFileSync(path.join(repo, 'src/clean.ts'), 'export const one = 1;\n');
    const summary = path.join(work, 'summary.md');
    const output = path.join(work, 'github-output');
    fs.writeFileSync(summary, '');
    fs.writeFileSync(output, '');
    const scan = step('Scan');
    expect(scan.shell).toBe('bash');
    const env = {
      GITHUB_ACTION_PATH: installed,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
      RUNNER_TEMP: work,
      TSAUDIT_PATH: 'src',
      TSAUDIT_ARGS: '--rule sql-injection',
      TSAUDIT_SARIF: 'out/tsaudit.sarif',
      TSAUDIT_CATEGORY: 'tsaudit-web',
      TSAUDIT_FAIL_ON: 'error',
    };
    const r = exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', scan.run!], repo, env);
    expect(r.status, describeFailure(r)).toBe(0);
    expect(fs.readFileSync(output, 'utf8')).toBe('exit-code=1\n');
    expect(fs.readFileSync(summary, 'utf8')).toContain('sql-injection');
    const log = JSON.parse(fs.readFileSync(path.join(repo, 'out/tsaudit.sarif'), 'utf8')) as Sarif.Log;
    expect(log.runs[0].automationDetails).toEqual({ id: 'tsaudit-web/' });
    expect(log.runs[0].results!.map((x) => x.locations![0].physicalLocation!.artifactLocation!.uri)).toEqual(['src/users.ts']);

    // a usage error fails the step itself, with exit 2
    const bad = exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', scan.run!], repo, { ...env, TSAUDIT_FAIL_ON: 'sometimes' });
    expect(bad.status).toBe(2);
  });
});

describe('GitHub code scanning', () => {
  it('the SARIF of the whole fixtures folder passes check-sarif.mjs with 0 errors and carries the category', () => {
    const file = path.join(work, 'fixtures.sarif');
    const r = exec(process.execPath, [path.join(installed, 'bin/tsaudit.js'), 'fixtures', '--format', 'sarif', '-o', file, '--sarif-category', 'tsaudit'], REPO_ROOT);
    expect(r.status, describeFailure(r)).toBe(1);
    const { status, output } = runCheckSarif(file, REPO_ROOT);
    expect(output.split('\n').filter((l) => l.startsWith('ERROR'))).toEqual([]);
    expect(output).toMatch(/^0 errors, \d+ warnings$/m);
    expect(status).toBe(0);
    const log = JSON.parse(fs.readFileSync(file, 'utf8')) as Sarif.Log;
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].automationDetails).toEqual({ id: 'tsaudit/' });
    const results = log.runs[0].results!;
    expect(results.length).toBeGreaterThan(50);
    for (const result of results) {
      expect(result.partialFingerprints?.primaryLocationLineHash).toMatch(/^[0-9a-f]+:\d+$/);
      expect(result.locations![0].physicalLocation!.artifactLocation!.uri).toMatch(/^fixtures\//);
      expect(result.suppressions).toBeUndefined();
    }
  });
});
