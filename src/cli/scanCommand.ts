/** The default command: resolve paths and config, scan, write the report, pick the exit code. */
import fs from 'node:fs';
import { createProgressReporter, type ProgressStream } from '../engine/progress.js';
import path from 'node:path';
import type { Command } from 'commander';
import { allRules } from '../../rules/index.js';
import { isInside } from '../engine/files.js';
import { scan, type ScanOptions } from '../engine/scan.js';
import { formatConsole, formatSummary } from '../reporters/console.js';
import { formatJson } from '../reporters/json.js';
import { formatMarkdown } from '../reporters/markdown.js';
import { toSarif } from '../reporters/sarif.js';
import type { ScanResult } from '../types.js';
import { loadConfig, toRuleSettings, type TsauditConfig } from './config.js';
import { applyBaseline, readBaseline, writeBaseline } from './baseline.js';
import { CliError } from './errors.js';
import { getExitCode } from './exitCode.js';
import { shouldUseColor, type CliIO, type ExitCode } from './io.js';
import { getRepositoryRoot, selectGitFiles, type GitSelection } from './git.js';
import { formatRuleList } from './listRules.js';
import { writeReport } from './output.js';
import type { ScanFlags } from './program.js';

/** Runs a scan for the parsed flags and writes its report. */
export async function runScanCommand(paths: string[], flags: ScanFlags, command: Command, io: CliIO): Promise<ExitCode> {
  const registry = [...allRules, ...(io.extraRules ?? [])];
  if (flags.listRules) {
    io.stdout.write(formatRuleList(registry));
    return 0;
  }
  const absolute = resolvePaths(paths, io.cwd);
  const selection = getGitSelection(flags);
  // --staged and --changed-since scan from the repository root, so its config applies and URIs are repo-relative
  const root = selection ? getRepositoryRoot(io.cwd) : getScanRoot(io.cwd, absolute);
  const baseline = flags.baseline ? readBaseline(flags.baseline, io.cwd) : undefined;
  const config = loadConfig({ explicit: flags.config, cwd: io.cwd, root, knownRules: new Set(registry.map((r) => r.id)) })?.config ?? {};
  const fromCli = (name: string) => command.getOptionValueSource(name) === 'cli';
  const failOn = fromCli('failOn') ? flags.failOn : (config.failOn ?? flags.failOn);
  const options = buildScanOptions(flags, config, root, absolute, io);
  // paths given with --staged or --changed-since narrow the git list; without them the whole repository counts
  if (selection) await addGitFiles(options, selection, command.args.length ? absolute : undefined, flags, io);
  let result = await withDebug(Boolean(flags.debug), () => scan(options));
  if (flags.writeBaseline) result = applyBaseline(result, writeBaseline(result, flags.writeBaseline, io.cwd));
  else if (baseline) result = applyBaseline(result, baseline);
  const color = !flags.output && shouldUseColor(io, flags.color);
  const baselineNote = formatBaselineNote(result, flags);
  const toConsole = flags.format === 'console';
  const report = formatReport(result, flags, color, getStagedReader(result.root, options.contents));
  writeReport(report + (toConsole && !flags.quiet ? baselineNote : ''), flags.output, io);
  if (flags.output && !flags.quiet) io.stderr.write(`${formatSummary(result)} → ${flags.output}\n`);
  if (!toConsole && !flags.quiet) io.stderr.write(baselineNote);
  return getExitCode(result.findings, failOn);
}

function getGitSelection(flags: ScanFlags): GitSelection | undefined {
  if (flags.staged) return { kind: 'staged' };
  if (flags.changedSince !== undefined) return { kind: 'changed-since', ref: flags.changedSince };
  return undefined;
}

/** Sets `files` (and the staged `contents`) from git; says so in one line when there is nothing to scan. */
async function addGitFiles(options: ScanOptions, selection: GitSelection, within: string[] | undefined, flags: ScanFlags, io: CliIO): Promise<void> {
  const selected = await selectGitFiles(options.root!, selection, { within, include: options.include, exclude: options.exclude });
  options.files = selected.files;
  options.contents = selected.contents;
  if (selected.files.length > 0 || flags.quiet) return;
  io.stderr.write(`tsaudit: ${selection.kind === 'staged' ? 'no staged files to scan' : `no files changed since ${selection.ref} to scan`}\n`);
}

/** "3 findings hidden by the baseline (.tsaudit-baseline.json)", or nothing without a baseline. */
function formatBaselineNote(result: ScanResult, flags: ScanFlags): string {
  const file = flags.writeBaseline ?? flags.baseline;
  if (!file) return '';
  const n = result.summary.baselineHidden;
  const what = flags.writeBaseline ? `recorded in ${file} and hidden` : `hidden by the baseline (${file})`;
  return `${n} ${n === 1 ? 'finding' : 'findings'} ${what}\n`;
}

/** CLI flags win over the config file. */
function buildScanOptions(flags: ScanFlags, config: TsauditConfig, root: string, paths: string[], io: CliIO): ScanOptions {
  return {
    root,
    paths: paths.map((p) => path.relative(root, p) || '.'),
    rules: flags.rule,
    disable: flags.disable,
    ruleSettings: toRuleSettings(config.rules),
    include: flags.include ?? config.include,
    exclude: flags.exclude ?? config.exclude,
    maxFileSize: flags.maxFileSize ?? config.maxFileSize,
    tsconfig: flags.project ? resolveProject(flags.project, io.cwd) : undefined,
    workers: flags.workers,
    cache: flags.cache,
    shard: flags.shard,
    extraRules: io.extraRules,
    // files done / total and the rate on stderr, for scans over a second, only in a terminal and not with --quiet
    onProgress: createProgressReporter(io.stderr as unknown as ProgressStream, { quiet: flags.quiet }),
  };
}

/** Code frames show the staged text with --staged (undefined: the console reporter reads the disk). */
function getStagedReader(root: string, contents: Map<string, string> | undefined): ((file: string) => string | undefined) | undefined {
  if (!contents) return undefined;
  return (file) => contents.get(path.join(root, ...file.split('/')));
}

function formatReport(result: ScanResult, flags: ScanFlags, color: boolean, readText?: (file: string) => string | undefined): string {
  switch (flags.format) {
    case 'sarif':
      return `${JSON.stringify(toSarif(result, { category: flags.sarifCategory, includeSuppressed: flags.includeSuppressed }), null, 2)}\n`;
    case 'json':
      return formatJson(result, { includeSuppressed: flags.includeSuppressed });
    case 'markdown':
      return formatMarkdown(result);
    default:
      return formatConsole(result, { color, quiet: flags.quiet, includeSuppressed: flags.includeSuppressed, readText });
  }
}

/** Under --debug the engine prints the stack of a rule that fails on a file (it reads TSAUDIT_DEBUG). */
async function withDebug<T>(debug: boolean, task: () => Promise<T>): Promise<T> {
  if (!debug || process.env.TSAUDIT_DEBUG) return task();
  process.env.TSAUDIT_DEBUG = '1';
  try {
    return await task();
  } finally {
    delete process.env.TSAUDIT_DEBUG;
  }
}

/** Absolute paths; a path that does not exist (not even as a broken link) is a usage error. */
function resolvePaths(paths: string[], cwd: string): string[] {
  return paths.map((given) => {
    const abs = path.resolve(cwd, given);
    try {
      fs.lstatSync(abs);
    } catch {
      throw new CliError(`path not found: ${given}`, `paths are resolved from ${cwd}`);
    }
    return abs;
  });
}

/** The cwd when every path is inside it, else the deepest folder holding all of them (SARIF URIs are relative to it). */
export function getScanRoot(cwd: string, paths: string[]): string {
  if (paths.every((p) => isInside(cwd, p))) return cwd;
  const dirs = paths.map((p) => (isDirectory(p) ? p : path.dirname(p)));
  let root = dirs[0];
  while (!dirs.every((d) => isInside(root, d))) root = path.dirname(root);
  return root;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function resolveProject(project: string, cwd: string): string {
  const file = path.resolve(cwd, project);
  if (!fs.existsSync(file)) throw new CliError(`tsconfig not found: ${project}`, '--project takes a path to a tsconfig.json');
  return file;
}
