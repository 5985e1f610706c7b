/** Real, throwaway git repositories for the --staged, --changed-since and pre-commit tests. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTree } from './cli.js';

/** A temporary git work tree (removed after the test file) with helpers that call the real `git`. */
export interface GitRepo {
  dir: string;
  git(...args: string[]): string;
  write(file: string, text: string): void;
  commit(message: string): void;
}

/** Runs git in `dir` with a fixed identity and no user or system config. */
export function runGit(dir: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  });
}

/** Creates a repository on branch `main` holding `files` (written, not staged). */
export function makeRepo(files: Record<string, string> = {}): GitRepo {
  const dir = makeTree(files);
  fs.rmSync(path.join(dir, '.git'), { recursive: true, force: true });
  const git = (...args: string[]) => runGit(dir, args);
  git('init', '-q', '-b', 'main');
  return {
    dir,
    git,
    write(file, text) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    },
    commit(message) {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
    },
  };
}
