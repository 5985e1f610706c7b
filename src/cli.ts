/** The command line: `run(argv)` resolves to an exit code (0, 1 or 2) and never exits the process. */
import { CommanderError } from 'commander';
import { UsageError } from './engine/files.js';
import { getToolVersion } from './reporters/tool.js';
import { CliError, toOneLine } from './cli/errors.js';
import { getProcessIO, type CliIO, type ExitCode } from './cli/io.js';
import { runMergeCommand } from './cli/mergeCommand.js';
import { createProgram } from './cli/program.js';
import { runScanCommand } from './cli/scanCommand.js';

export type { CliIO, ExitCode } from './cli/io.js';

/** Runs tsaudit with `argv` (without `node` and the script); `io` defaults to the process streams and cwd. */
export async function run(argv: string[], io: Partial<CliIO> = {}): Promise<ExitCode> {
  const fullIO: CliIO = { ...getProcessIO(), ...io };
  let exitCode: ExitCode = 0;
  const program = createProgram({
    version: getToolVersion(),
    writeOut: (text) => fullIO.stdout.write(text),
    onScan: async (paths, flags, command) => {
      exitCode = await runScanCommand(paths, flags, command, fullIO);
    },
    onMerge: async (files, flags) => {
      exitCode = await runMergeCommand(files, flags, fullIO);
    },
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, fullIO, argv.includes('--debug'));
  }
}

/** Prints one line for the error (plus the stack with --debug) and returns its exit code. */
function reportError(error: unknown, io: CliIO, debug: boolean): ExitCode {
  if (error instanceof CommanderError) {
    // --help and --version end by "throwing" exit code 0 under exitOverride
    if (error.exitCode === 0) return 0;
    const message = toOneLine(error.message.replace(/^error: /, ''));
    // commander may add "(Did you mean --format?)", which is already the hint
    const line = /\(Did you mean .*\)$/.test(message) ? message.replace('(Did you mean', '(did you mean') : `${message} (see tsaudit --help)`;
    io.stderr.write(`tsaudit: ${line}\n`);
    return 2;
  }
  if (error instanceof CliError || error instanceof UsageError) {
    io.stderr.write(`tsaudit: ${toOneLine(error.message)}\n`);
    if (debug) io.stderr.write(`${error.stack}\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`tsaudit: internal error: ${toOneLine(message)} (rerun with --debug for a stack trace, and report it)\n`);
  if (debug && error instanceof Error) io.stderr.write(`${error.stack}\n`);
  return 2;
}
