/** What the CLI touches of the outside world, so tests can run it in-process. */
import type { Rule } from '../types.js';

/** 0 no finding at or above --fail-on, 1 findings, 2 usage, config or internal error. */
export type ExitCode = 0 | 1 | 2;

/** The part of a stream the CLI uses. */
export interface Writable {
  write(chunk: string): unknown;
}

/** Streams, working directory and environment of one CLI run. */
export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  /** Directory that relative paths, --config and -o are resolved from. */
  cwd: string;
  /** Whether stdout is a terminal (colour is used only then). */
  isTTY: boolean;
  /** Environment, for NO_COLOR. Default: process.env. */
  env?: Record<string, string | undefined>;
  /** Rules added to the registry for this run (tests, embedders). */
  extraRules?: Rule[];
}

/** The real process streams and working directory. */
export function getProcessIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), isTTY: Boolean(process.stdout.isTTY), env: process.env };
}

/** True when output may use ANSI colours: a terminal, no NO_COLOR, no --no-color. */
export function shouldUseColor(io: CliIO, colorFlag: boolean): boolean {
  const noColor = (io.env ?? process.env).NO_COLOR;
  return colorFlag && io.isTTY && (noColor === undefined || noColor === '');
}
