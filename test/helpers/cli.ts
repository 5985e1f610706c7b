/** Runs the CLI in-process with captured output, and builds throwaway file trees. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { run } from '../../src/cli.js';
import type { Rule } from '../../src/types.js';
import { testRule } from './testRule.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  isTTY?: boolean;
  env?: Record<string, string | undefined>;
  /** Default: the test-only `test-danger` rule. */
  extraRules?: Rule[];
}

/** Runs `tsaudit <argv>` in-process and captures stdout and stderr. */
export async function runCli(argv: string[], options: RunOptions): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    cwd: options.cwd,
    isTTY: options.isTTY ?? false,
    env: options.env ?? {},
    extraRules: options.extraRules ?? [testRule],
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Creates a temp directory holding `files` (path → text or bytes); removed after the test file. */
export function makeTree(files: Record<string, string | Buffer>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tsaudit-test-')));
  made.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  // a .git folder keeps the config search inside the tree
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  return dir;
}

/** Asserts the shape of a CLI error: exactly one `tsaudit: ...` line on stderr and no stack trace. */
export function isOneLineError(stderr: string): boolean {
  const lines = stderr.split('\n').filter(Boolean);
  return lines.length === 1 && lines[0].startsWith('tsaudit: ') && !/\n\s+at /.test(stderr);
}
