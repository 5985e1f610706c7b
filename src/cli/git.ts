/**
 * File lists from git for `--staged` and `--changed-since`, through the `git` executable (never a shell).
 * Porcelain `git diff` is called with flags that cancel the user settings which change its output
 * (`diff.relative`, colour, external diff drivers), and with `-z` so any file name survives.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { discoverFiles, isInside, isSourceFile } from '../engine/files.js';
import { CliError, toOneLine } from './errors.js';

/** Upper bound on what one git call may print (the staged texts are read in one call). */
const MAX_BUFFER = 512 * 1024 * 1024;

/** A staged file: its path relative to the repository root and the blob that holds its staged content. */
export interface StagedFile {
  /** Relative to the repository root, forward slashes. */
  file: string;
  blob: string;
}

type GitResult = { ok: true; stdout: Buffer } | { ok: false; message: string };

/** Runs git with `args` in `cwd`; never throws for a non-zero exit. */
function runGit(cwd: string, args: string[], input?: string): GitResult {
  // GIT_OPTIONAL_LOCKS=0: a scan running beside an editor or another git command never takes the index lock
  const result = spawnSync('git', args, { cwd, input, maxBuffer: MAX_BUFFER, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'git is not installed or not on PATH' : result.error.message;
    return { ok: false, message };
  }
  if (result.status !== 0) return { ok: false, message: toOneLine(result.stderr.toString('utf8')) || `git ${args[0]} exited with ${result.status}` };
  return { ok: true, stdout: result.stdout };
}

/** Runs git and returns its stdout, or throws CliError with `what` and git's own message. */
function gitOrThrow(cwd: string, args: string[], what: string, check: string): Buffer {
  const result = runGit(cwd, args);
  if (!result.ok) throw new CliError(`${what}: ${result.message.replace(/^fatal: /, '')}`, check);
  return result.stdout;
}

/** The absolute, symlink-free root of the work tree holding `cwd`; CliError outside a git work tree. */
export function getRepositoryRoot(cwd: string): string {
  const result = runGit(cwd, ['rev-parse', '--show-toplevel']);
  if (!result.ok) {
    const why = /not a git repository/i.test(result.message) ? `not a git repository: ${cwd}` : `cannot find the git repository of ${cwd}: ${result.message}`;
    throw new CliError(why, 'run tsaudit inside a git work tree, or drop --staged and --changed-since');
  }
  return fs.realpathSync(result.stdout.toString('utf8').trim());
}

/** `\0`-separated output → its non-empty fields. */
function splitNul(stdout: Buffer): string[] {
  return stdout.toString('utf8').split('\0').filter(Boolean);
}

/**
 * The files added, copied or modified in the index (what `git commit` would record), with their staged blobs.
 * `git diff --cached --raw` compares the index with HEAD, or with the empty tree before the first commit.
 * Symbolic links and submodules are left out: their "content" is a path or a commit, not text to scan.
 */
export function listStagedFiles(root: string): StagedFile[] {
  const args = ['diff', '--cached', '--raw', '-z', '--no-abbrev', '--no-renames', '--diff-filter=ACMR', '--no-color', '--no-relative', '--no-ext-diff', '--'];
  const fields = splitNul(gitOrThrow(root, args, 'cannot list the staged files', 'check that git works in this repository'));
  const staged: StagedFile[] = [];
  // each entry is ":<old mode> <new mode> <old blob> <new blob> <status>" then the path
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [, newMode, , blob] = fields[i].slice(1).split(' ');
    if (newMode === '120000' || newMode === '160000') continue;
    staged.push({ file: fields[i + 1], blob });
  }
  return staged;
}

/** Reads blobs in one `git cat-file --batch` call; blob id → text (UTF-8; the scan rejects binary content itself). */
export function readBlobs(root: string, blobs: string[]): Map<string, string> {
  const texts = new Map<string, string>();
  if (blobs.length === 0) return texts;
  const unique = [...new Set(blobs)];
  const result = runGit(root, ['cat-file', '--batch'], `${unique.join('\n')}\n`);
  if (!result.ok) throw new CliError(`cannot read the staged files: ${result.message}`, 'check that git works in this repository');
  const out = result.stdout;
  let at = 0;
  // each answer is "<id> blob <size>\n<size bytes>\n", or "<id> missing\n"
  while (at < out.length) {
    const headerEnd = out.indexOf(10, at);
    if (headerEnd < 0) break;
    const [id, type, size] = out.subarray(at, headerEnd).toString('utf8').split(' ');
    at = headerEnd + 1;
    if (type === 'missing' || size === undefined) continue;
    const length = Number(size);
    if (type === 'blob') texts.set(id, out.subarray(at, at + length).toString('utf8'));
    at += length + 1;
  }
  return texts;
}

/** The commit `ref` names; CliError for an option-like or unknown ref. */
function resolveCommit(root: string, ref: string): string {
  // a ref that starts with "-" would be read by git as an option
  if (ref.startsWith('-') || ref.trim() === '') throw new CliError(`invalid git ref: "${ref}"`, 'pass a branch, tag or commit, e.g. --changed-since origin/main');
  const result = runGit(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!result.ok && ref === 'HEAD') throw new CliError('the repository has no commit yet', '--changed-since compares with HEAD; use --staged before the first commit');
  if (!result.ok) throw new CliError(`unknown git ref: ${ref}`, 'check the name; in CI, fetch it first: actions/checkout with fetch-depth: 0, or git fetch origin main');
  return result.stdout.toString('utf8').trim();
}

/**
 * Files that differ between the merge base of `ref` and HEAD and the work tree: what a pull request changes,
 * plus uncommitted edits to tracked files. Deleted files are left out; untracked files are not listed.
 * Paths are relative to the repository root.
 */
export function listChangedFiles(root: string, ref: string): string[] {
  const target = resolveCommit(root, ref);
  const head = resolveCommit(root, 'HEAD');
  const base = runGit(root, ['merge-base', target, head]);
  if (!base.ok) {
    throw new CliError(`no common ancestor of ${ref} and HEAD`, 'fetch more history, e.g. actions/checkout with fetch-depth: 0, or pass a ref this branch started from');
  }
  const args = ['diff', '--name-only', '-z', '--no-renames', '--diff-filter=ACMR', '--no-color', '--no-relative', '--no-ext-diff', base.stdout.toString('utf8').trim(), '--'];
  return splitNul(gitOrThrow(root, args, `cannot diff against ${ref}`, 'check that git works in this repository'));
}

/** Absolute path of a root-relative git path. */
export function toAbsolute(root: string, file: string): string {
  return path.join(root, ...file.split('/'));
}

/** Which git file list to scan. */
export type GitSelection = { kind: 'staged' } | { kind: 'changed-since'; ref: string };

/** The files to scan and, for --staged, their staged texts. */
export interface GitFiles {
  /** Absolute paths, sorted. */
  files: string[];
  /** Absolute path → staged text (only for --staged). */
  contents?: Map<string, string>;
}

/**
 * The listed files that a full scan of `within` (default: the whole repository) would scan, honouring
 * include/exclude, the default excludes and .gitignore; a staged file deleted from the work tree is kept
 * when it is TS/JS, since the walk cannot see it.
 */
export async function selectGitFiles(root: string, selection: GitSelection, filter: { within?: string[]; include?: string[]; exclude?: string[] }): Promise<GitFiles> {
  let staged: StagedFile[] | undefined;
  let listed: string[];
  if (selection.kind === 'staged') {
    staged = listStagedFiles(root);
    listed = staged.map((s) => s.file);
  } else listed = listChangedFiles(root, selection.ref);
  const within = filter.within?.length ? filter.within.map((p) => fs.realpathSync(p)) : [root];
  const candidates = listed.map((file) => toAbsolute(root, file)).filter((abs) => within.some((dir) => isInside(dir, abs)));
  if (candidates.length === 0) return { files: [], contents: staged ? new Map() : undefined };

  const paths = within.filter((p) => isInside(root, p)).map((p) => path.relative(root, p) || '.');
  const scannable = new Set((await discoverFiles({ root, paths, include: filter.include, exclude: filter.exclude })).files);
  const files = candidates.filter((abs) => scannable.has(abs) || (staged !== undefined && !fs.existsSync(abs) && isSourceFile(abs))).sort();
  if (!staged) return { files };

  const blobOf = new Map(staged.map((s) => [toAbsolute(root, s.file), s.blob]));
  const texts = readBlobs(root, files.map((abs) => blobOf.get(abs)!));
  const contents = new Map<string, string>();
  for (const abs of files) {
    const text = texts.get(blobOf.get(abs)!);
    if (text !== undefined) contents.set(abs, text);
  }
  return { files, contents };
}
