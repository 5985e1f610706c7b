/** The commander definition: every flag, its help text and the examples shown by --help. */
import { Command, Option } from 'commander';
import { collectList, parseByteCount, parseShard, parseWorkers } from './parsers.js';

/** Values of --format. */
export const FORMATS = ['console', 'sarif', 'json', 'markdown'] as const;
/** Values of --fail-on. */
export const FAIL_ON = ['error', 'warning', 'note', 'none'] as const;
/** An output format. */
export type Format = (typeof FORMATS)[number];
/** The lowest severity that fails the run, or none. */
export type FailOn = (typeof FAIL_ON)[number];

/** Parsed options of the scan command, as commander hands them over. */
export interface ScanFlags {
  format: Format;
  output?: string;
  failOn: FailOn;
  rule?: string[];
  disable?: string[];
  config?: string;
  project?: string;
  include?: string[];
  exclude?: string[];
  color: boolean;
  quiet?: boolean;
  listRules?: boolean;
  includeSuppressed?: boolean;
  maxFileSize?: number;
  debug?: boolean;
  workers?: number | 'auto';
  cache?: boolean | string;
  shard?: { index: number; count: number };
  sarifCategory?: string;
  staged?: boolean;
  changedSince?: string;
  baseline?: string;
  writeBaseline?: string;
}

/** Parsed options of `tsaudit merge`. */
export interface MergeFlags {
  output?: string;
}

const EXAMPLES = `
Examples:
  $ tsaudit                                   scan the current directory
  $ tsaudit src --fail-on error               fail only on errors
  $ tsaudit --format sarif -o tsaudit.sarif   SARIF for GitHub code scanning
  $ tsaudit --rule sql-injection --rule hardcoded-secret
  $ tsaudit --format markdown >> "$GITHUB_STEP_SUMMARY"
  $ tsaudit --shard 1/4 --format sarif -o part1.sarif
  $ tsaudit merge part*.sarif -o tsaudit.sarif
  $ tsaudit --staged                          pre-commit: scan what is about to be committed
  $ tsaudit --changed-since origin/main       pull request: scan only the files it changes
  $ tsaudit --write-baseline baseline.json    record today's findings (exit 0)
  $ tsaudit --baseline baseline.json          report only new findings

Paths go before --rule, --disable, --include, --exclude and --cache (they take the words after them), or after "--".
Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage, config or internal error.`;

/** What createProgram needs from run(): the version, the help writer and the two actions. */
export interface ProgramHooks {
  version: string;
  /** Where --help and --version text goes. */
  writeOut: (text: string) => void;
  onScan: (paths: string[], flags: ScanFlags, command: Command) => Promise<void>;
  onMerge: (files: string[], flags: MergeFlags) => Promise<void>;
}

/** Builds the program; it throws CommanderError instead of exiting, and prints only help and version itself. */
export function createProgram(hooks: ProgramHooks): Command {
  const { version, onScan, onMerge } = hooks;
  const program = new Command('tsaudit')
    .exitOverride()
    // options after `merge` belong to merge (its -o is not the scan's -o)
    .enablePositionalOptions()
    // errors are printed by run() as one line; commander's own copy is dropped
    .configureOutput({ writeOut: hooks.writeOut, writeErr: () => undefined, outputError: () => undefined })
    .description('Static security audit for TypeScript and JavaScript.')
    .version(version, '--version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .argument('[paths...]', 'files or directories to scan', ['.'])
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('console'))
    .option('-o, --output <file>', 'write the report to a file (a one-line summary goes to stderr)')
    .addOption(new Option('--fail-on <level>', 'lowest severity that makes the exit code 1').choices(FAIL_ON).default('warning'))
    .option('--rule <id...>', 'run only these rules', collectList)
    .option('--disable <id...>', 'turn these rules off', collectList)
    .option('--config <file>', 'config file (default: nearest tsaudit.config.json, .tsauditrc.json or package.json "tsaudit")')
    .option('--project <tsconfig>', 'tsconfig.json for path aliases of files with no nearer tsconfig declaring some (default: <root>/tsconfig.json)')
    .option('--include <glob...>', 'only files matching these globs', collectList)
    .option('--exclude <glob...>', 'skip files matching these globs', collectList)
    .option('--no-color', 'plain output (also when NO_COLOR is set or stdout is not a terminal)')
    .option('--quiet', 'print only findings; nothing when clean')
    .option('--list-rules', 'list the rules (id, severity, CWE, description) and exit')
    .option('--include-suppressed', 'also report findings silenced by tsaudit-ignore comments')
    .addOption(new Option('--max-file-size <bytes>', 'skip files larger than this').argParser(parseByteCount))
    .option('--sarif-category <id>', 'SARIF automationDetails.id, to tell several uploads on one commit apart')
    .addOption(new Option('--workers <n|auto>', 'parse and check files in worker threads').argParser(parseWorkers))
    .option('--cache [dir]', 'reuse results of unchanged files, optionally kept in <dir>')
    .addOption(new Option('--shard <i/n>', 'scan only the i-th of n slices of the files').argParser(parseShard))
    .addOption(new Option('--staged', 'scan the content staged in the git index (for pre-commit hooks)').conflicts('changedSince'))
    .option('--changed-since <ref>', 'scan only files changed since the merge base of <ref> and HEAD, including uncommitted edits')
    .addOption(new Option('--baseline <file>', 'report only findings that are not recorded in this baseline file').conflicts('writeBaseline'))
    .option('--write-baseline <file>', 'record the current findings in a baseline file (they are then hidden)')
    .option('--debug', 'print stack traces of internal errors')
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[], flags: ScanFlags, command: Command) => onScan(paths, flags, command));

  program
    .command('merge')
    .description('merge SARIF files (for example the shards of --shard) into one run')
    .argument('<sarif...>', 'SARIF files to merge')
    .option('-o, --output <file>', 'write the merged log here (default: stdout)')
    .action(async (files: string[], flags: MergeFlags) => onMerge(files, flags));
  return program;
}
