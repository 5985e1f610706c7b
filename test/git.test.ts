/** --staged, --changed-since and explicit file lists, against real git repositories. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listChangedFiles, listStagedFiles, readBlobs, selectGitFiles } from '../src/cli/git.js';
import { isOneLineError, makeTree, runCli } from './helpers/cli.js';
import { makeRepo } from './helpers/gitRepo.js';
import { TEST_RULE_ID } from './helpers/testRule.js';

const DANGER = "const input = 'x';\ndanger(input);\n";
const SAFE = "const input = 'x';\nsafe(input);\n";

/** Findings of a JSON run as `file:line`. */
function findingsOf(stdout: string): string[] {
  const report = JSON.parse(stdout) as { findings: Array<{ location: { file: string; startLine: number } }> };
  return report.findings.map((f) => `${f.location.file}:${f.location.startLine}`);
}

describe('listing staged files', () => {
  it('lists added, modified and renamed files with their staged blobs; not deleted files, symlinks or the work tree', () => {
    const repo = makeRepo({ 'old.ts': SAFE, 'gone.ts': SAFE, 'kept.ts': SAFE });
    repo.commit('initial');
    repo.write('src/deep/new file ü.ts', DANGER);
    repo.write('old.ts', DANGER);
    repo.git('mv', 'kept.ts', 'moved.ts');
    repo.git('rm', '-q', 'gone.ts');
    fs.symlinkSync('old.ts', path.join(repo.dir, 'link.ts'));
    repo.git('add', '-A');
    // edited after staging: the staged blob still holds DANGER
    repo.write('old.ts', SAFE);

    const staged = listStagedFiles(repo.dir);
    expect(staged.map((s) => s.file).sort()).toEqual(['moved.ts', 'old.ts', 'src/deep/new file ü.ts']);
    const texts = readBlobs(repo.dir, staged.map((s) => s.blob));
    const textOf = (file: string) => texts.get(staged.find((s) => s.file === file)!.blob);
    expect(textOf('old.ts')).toBe(DANGER);
    expect(textOf('src/deep/new file ü.ts')).toBe(DANGER);
    expect(textOf('moved.ts')).toBe(SAFE);
  });

  it('works before the first commit', () => {
    const repo = makeRepo({ 'a.ts': DANGER });
    repo.git('add', 'a.ts');
    expect(listStagedFiles(repo.dir).map((s) => s.file)).toEqual(['a.ts']);
  });

  it('keeps only what a full scan would read: sources and config files, without default or configured excludes', async () => {
    const repo = makeRepo({
      'tsaudit.config.json': JSON.stringify({ exclude: ['**/generated/**'] }),
      'src/a.ts': DANGER,
      'src/generated/b.ts': DANGER,
      'dist/c.js': DANGER,
      'node_modules/pkg/index.js': DANGER,
      'config/.env': 'A=1\n',
      'config/app.yml': 'a: 1\n',
      'README.md': '# x\n',
      'logo.png': 'not really a png',
    });
    repo.git('add', '-A', '-f');
    const { files, contents } = await selectGitFiles(repo.dir, { kind: 'staged' }, { exclude: ['**/generated/**'] });
    const rel = files.map((f) => path.relative(repo.dir, f));
    expect(rel).toEqual(['config/.env', 'config/app.yml', 'src/a.ts', 'tsaudit.config.json']);
    expect(contents?.get(path.join(repo.dir, 'src/a.ts'))).toBe(DANGER);
  });
});

describe('tsaudit --staged', () => {
  it('scans the staged content: a fix that is not staged is still reported', async () => {
    const repo = makeRepo({ 'src/app.ts': DANGER });
    repo.git('add', '-A');
    let r = await runCli(['--staged', '--format', 'json'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(findingsOf(r.stdout)).toEqual(['src/app.ts:2']);

    repo.write('src/app.ts', `// fixed in the work tree only\n${SAFE}`);
    r = await runCli(['--staged', '--format', 'json'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(findingsOf(r.stdout)).toEqual(['src/app.ts:2']);

    repo.git('add', 'src/app.ts');
    r = await runCli(['--staged', '--format', 'json'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    expect(findingsOf(r.stdout)).toEqual([]);
  });

  it('shows the staged line in the code frame, not the work tree line', async () => {
    const repo = makeRepo({ 'a.ts': DANGER });
    repo.git('add', '-A');
    repo.write('a.ts', SAFE);
    const r = await runCli(['--staged'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('> 2 | danger(input);');
  });

  it('scans only staged files, not other changes in the work tree', async () => {
    const repo = makeRepo({ 'committed.ts': SAFE });
    repo.commit('initial');
    repo.write('committed.ts', DANGER);
    repo.write('untracked.ts', DANGER);
    repo.write('staged.ts', SAFE);
    repo.git('add', 'staged.ts');
    const r = await runCli(['--staged', '--format', 'json'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.filesScanned).toBe(1);
  });

  it('exits 0 with a short message when nothing is staged', async () => {
    const repo = makeRepo({ 'a.ts': DANGER });
    const r = await runCli(['--staged'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('tsaudit: no staged files to scan\n');
    expect(r.stdout).toContain('no findings');
    // --quiet drops the message too
    expect(await runCli(['--staged', '--quiet'], { cwd: repo.dir })).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('from a subdirectory: scans the whole index from the repository root, with the root config', async () => {
    const repo = makeRepo({
      'tsaudit.config.json': JSON.stringify({ rules: { [TEST_RULE_ID]: 'note' } }),
      'web/src/a.ts': DANGER,
      'api/b.ts': DANGER,
    });
    repo.git('add', '-A');
    const r = await runCli(['--staged', '--format', 'json'], { cwd: path.join(repo.dir, 'web/src') });
    const report = JSON.parse(r.stdout) as { root: string; findings: Array<{ severity: string }> };
    expect(report.root).toBe(repo.dir);
    expect(findingsOf(r.stdout)).toEqual(['api/b.ts:2', 'web/src/a.ts:2']);
    expect(report.findings.map((f) => f.severity)).toEqual(['note', 'note']);
    // notes do not fail the default --fail-on warning
    expect(r.code).toBe(0);
  });

  it('narrows to the paths given with it', async () => {
    const repo = makeRepo({ 'web/a.ts': DANGER, 'api/b.ts': DANGER });
    repo.git('add', '-A');
    const r = await runCli(['web', '--staged', '--format', 'json'], { cwd: repo.dir });
    expect(findingsOf(r.stdout)).toEqual(['web/a.ts:2']);
  });
});

describe('tsaudit --changed-since', () => {
  /** main: base.ts; feature branch: changes feature.ts (committed) and edited.ts (uncommitted); main later changes shared.ts. */
  function makeBranches() {
    const repo = makeRepo({ 'base.ts': DANGER, 'shared.ts': SAFE, 'edited.ts': SAFE });
    repo.commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('feature.ts', DANGER);
    repo.commit('feature work');
    repo.git('checkout', '-q', 'main');
    repo.write('shared.ts', `${SAFE}// changed on main after the branch point\n`);
    repo.commit('main moves on');
    repo.git('checkout', '-q', 'feature');
    repo.write('edited.ts', DANGER);
    repo.write('untracked.ts', DANGER);
    return repo;
  }

  it('lists files changed since the merge base, committed or not; not untracked files or later changes on the ref', () => {
    const repo = makeBranches();
    expect(listChangedFiles(repo.dir, 'main').sort()).toEqual(['edited.ts', 'feature.ts']);
  });

  it('scans only those files and exits 1 on their findings', async () => {
    const repo = makeBranches();
    const r = await runCli(['--changed-since', 'main', '--format', 'json'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(findingsOf(r.stdout)).toEqual(['edited.ts:2', 'feature.ts:2']);
  });

  it('exits 0 with a short message when nothing changed', async () => {
    const repo = makeRepo({ 'a.ts': DANGER });
    repo.commit('initial');
    const r = await runCli(['--changed-since', 'HEAD'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('tsaudit: no files changed since HEAD to scan\n');
  });
});

describe('git errors: exit 2 with one line', () => {
  it('outside a git repository', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsaudit-nogit-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.ts'), DANGER);
      for (const flag of [['--staged'], ['--changed-since', 'main']]) {
        const r = await runCli(flag, { cwd: dir });
        expect(r.code).toBe(2);
        expect(isOneLineError(r.stderr)).toBe(true);
        expect(r.stderr).toContain('not a git repository');
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('for an unknown ref, an option-like ref, a repository without commits and both flags at once', async () => {
    const repo = makeRepo({ 'a.ts': DANGER });
    const cases: Array<[string[], string]> = [
      [['--changed-since', 'HEAD'], 'the repository has no commit yet'],
      [['--staged', '--changed-since', 'main'], "option '--staged' cannot be used with option '--changed-since"],
    ];
    for (const [argv, message] of cases) {
      const r = await runCli(argv, { cwd: repo.dir });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(isOneLineError(r.stderr), r.stderr).toBe(true);
      expect(r.stderr).toContain(message);
    }
    repo.commit('initial');
    for (const [argv, message] of [
      [['--changed-since', 'no-such-branch'], 'unknown git ref: no-such-branch'],
      [['--changed-since=--output=/tmp/x'], 'invalid git ref: "--output=/tmp/x"'],
    ] as Array<[string[], string]>) {
      const r = await runCli(argv, { cwd: repo.dir });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(isOneLineError(r.stderr), r.stderr).toBe(true);
      expect(r.stderr).toContain(message);
    }
  });
});

describe('explicit file arguments (pre-commit, lint-staged)', () => {
  it('scans exactly the files given, many of them, in subdirectories, and nothing else', async () => {
    const files: Record<string, string> = { 'not-passed.ts': DANGER };
    const args: string[] = [];
    for (let i = 0; i < 300; i++) {
      const file = `packages/p${i % 7}/src/deep/file-${i}.ts`;
      files[file] = i % 3 === 0 ? DANGER : SAFE;
      args.push(file);
    }
    const dir = makeTree(files);
    const r = await runCli(['--format', 'json', ...args], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { root: string; summary: { filesScanned: number } };
    expect(report.root).toBe(dir);
    expect(report.summary.filesScanned).toBe(300);
    const expected = args.filter((_, i) => i % 3 === 0).map((f) => `${f}:2`).sort();
    expect(findingsOf(r.stdout).sort()).toEqual(expected);
  });

  it('takes absolute paths too (lint-staged passes them) and keeps URIs relative to the working directory', async () => {
    const dir = makeTree({ 'src/a.ts': DANGER, 'src/b.ts': SAFE });
    const r = await runCli(['--format', 'json', path.join(dir, 'src/a.ts'), path.join(dir, 'src/b.ts')], { cwd: dir });
    expect(r.code).toBe(1);
    expect(findingsOf(r.stdout)).toEqual(['src/a.ts:2']);
  });
});
