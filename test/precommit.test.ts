/**
 * Pre-commit use: the `.pre-commit-hooks.yaml` hook definition, `tsaudit --staged` across stage/fix/re-stage, and a
 * real git pre-commit hook (as husky writes one) that blocks `git commit` until the fix is staged. The pre-commit
 * framework itself is checked by hand with scripts/verify-pre-commit.sh (it needs the `pre-commit` executable).
 */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT, runCli } from './helpers/cli.js';
import { makeRepo, runGit } from './helpers/gitRepo.js';
import { VULNERABLE, FIXED } from './helpers/samples.js';


interface HookDefinition {
  id: string;
  name: string;
  language: string;
  entry: string;
  files: string;
  exclude: string;
  pass_filenames: boolean;
  require_serial: boolean;
  types_or?: string[];
}

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(fs.readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as HookDefinition[];
  const hook = hooks[0];

  it('defines one node hook that gets the file names and runs in one process', () => {
    expect(hooks).toHaveLength(1);
    expect(hook).toMatchObject({ id: 'tsaudit', name: 'tsaudit', language: 'node', entry: 'tsaudit', pass_filenames: true, require_serial: true });
    // `entry` is the package's bin, which the node language puts on PATH
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(Object.keys(pkg.bin)).toContain(hook.entry);
  });

  it('selects TS/JS sources and the config files the secrets rule reads, and skips what a directory scan skips', () => {
    // pre-commit applies `files` and `exclude` with Python's re.search; these patterns mean the same in JavaScript
    const selects = (file: string) => new RegExp(hook.files).test(file) && !new RegExp(hook.exclude).test(file);
    for (const file of ['a.ts', 'src/b.tsx', 'c.js', 'd.jsx', 'e.mjs', 'f.cjs', 'g.mts', 'h.cts', '.env', 'config/.env.production', '.npmrc', 'config/app.yml', 'x.yaml', 'settings.json', 'keys/server.pem', 'deploy.key', 'app.properties']) {
      expect(selects(file), file).toBe(true);
    }
    for (const file of ['README.md', 'logo.png', 'node_modules/x/index.js', 'dist/cli.js', 'web/build/app.js', 'types.d.ts', 'vendor.min.js', 'package-lock.json', 'pnpm-lock.yaml', 'src/environment.ts.bak']) {
      expect(selects(file), file).toBe(false);
    }
  });
});

describe('tsaudit --staged as a pre-commit check', () => {
  it('fails on a staged vulnerability, still fails when the fix is not staged, passes once it is', async () => {
    const repo = makeRepo({ 'src/routes/users.ts': VULNERABLE });
    repo.git('add', '-A');
    const staged = () => runCli(['--staged', '--rule', 'sql-injection', '--format', 'json'], { cwd: repo.dir, extraRules: [] });

    let r = await staged();
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; location: { file: string; startLine: number } }> }).findings;
    expect(findings.map((f) => [f.ruleId, f.location.file, f.location.startLine])).toEqual([['sql-injection', 'src/routes/users.ts', 8]]);

    repo.write('src/routes/users.ts', FIXED);
    r = await staged();
    expect(r.code).toBe(1);

    repo.git('add', 'src/routes/users.ts');
    r = await staged();
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
  });
});

describe('a git pre-commit hook running the built CLI', () => {
  let build: string;
  beforeAll(async () => {
    // a private build, so this test neither needs nor disturbs the shared dist/
    build = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tsaudit-build-')));
    const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
    // type errors are the typecheck's business: tsc still writes the JavaScript
    await promisify(execFile)(process.execPath, [tsc, '-p', path.join(REPO_ROOT, 'tsconfig.build.json'), '--outDir', path.join(build, 'dist')]).catch(() => undefined);
    fs.cpSync(path.join(REPO_ROOT, 'bin'), path.join(build, 'bin'), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(build, 'package.json'));
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(build, 'node_modules'));
    expect(fs.existsSync(path.join(build, 'dist/src/cli.js'))).toBe(true);
    return () => fs.rmSync(build, { recursive: true, force: true });
  }, 180_000);

  it('blocks git commit until the fix is staged, as husky would run it', () => {
    const repo = makeRepo({ 'src/routes/users.ts': VULNERABLE, 'src/util.ts': 'export const one = 1;\n' });
    const hook = path.join(repo.dir, '.git/hooks/pre-commit');
    fs.writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${path.join(build, 'bin/tsaudit.js')}" --staged --no-color\n`, { mode: 0o755 });
    const commit = () => spawnSync('git', ['commit', '-m', 'users route'], { cwd: repo.dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });

    repo.git('add', '-A');
    let result = commit();
    expect(result.status).toBe(1);
    // git sends a hook's output to stderr
    expect(result.stderr).toContain('sql-injection');
    expect(result.stderr).toContain('src/routes/users.ts');

    repo.write('src/routes/users.ts', FIXED);
    result = commit();
    expect(result.status).toBe(1);

    repo.git('add', 'src/routes/users.ts');
    result = commit();
    expect(result.stderr + result.stdout).not.toContain('sql-injection');
    expect(result.status).toBe(0);
    expect(runGit(repo.dir, ['log', '--format=%s'])).toBe('users route\n');
  });

  it('scans the file names pre-commit passes (pass_filenames), in subdirectories, in one process', () => {
    const repo = makeRepo({ 'a/b/c/users.ts': VULNERABLE, 'a/fixed.ts': FIXED, 'README.md': '# x\n', '.env': 'A=1\n' });
    const files = ['a/b/c/users.ts', 'a/fixed.ts', '.env'];
    const result = spawnSync(process.execPath, [path.join(build, 'bin/tsaudit.js'), '--format', 'json', ...files], { cwd: repo.dir, encoding: 'utf8' });
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { summary: { filesScanned: number }; findings: Array<{ ruleId: string; location: { file: string } }> };
    expect(report.summary.filesScanned).toBe(3);
    expect(report.findings.filter((f) => f.ruleId === 'sql-injection').map((f) => f.location.file)).toEqual(['a/b/c/users.ts']);
  });
});
