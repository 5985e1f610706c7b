/** `tsaudit merge <sarif...> -o <file>`: one SARIF run from several (for example --shard outputs). */
import fs from 'node:fs';
import path from 'node:path';
import type * as Sarif from 'sarif';
import { mergeSarif, MergeError } from '../reporters/merge.js';
import { CliError } from './errors.js';
import type { CliIO, ExitCode } from './io.js';
import { writeReport } from './output.js';
import type { MergeFlags } from './program.js';

/** Reads the SARIF files, merges them and writes the result. */
export async function runMergeCommand(files: string[], flags: MergeFlags, io: CliIO): Promise<ExitCode> {
  const logs = files.map((file) => readSarif(file, io.cwd));
  let merged: Sarif.Log;
  try {
    merged = mergeSarif(logs);
  } catch (error) {
    if (error instanceof MergeError) throw new CliError(`cannot merge: ${error.message}`, 'pass SARIF files written by tsaudit --format sarif');
    throw error;
  }
  writeReport(`${JSON.stringify(merged, null, 2)}\n`, flags.output, io);
  return 0;
}

function readSarif(file: string, cwd: string): Sarif.Log {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, 'check the path');
  }
  let log: unknown;
  try {
    log = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new CliError(`${file} is not valid JSON`, 'pass SARIF files written by tsaudit --format sarif');
  }
  if (typeof log !== 'object' || log === null || !Array.isArray((log as Sarif.Log).runs)) {
    throw new CliError(`${file} is not a SARIF log (no "runs" array)`, 'pass SARIF files written by tsaudit --format sarif');
  }
  return log as Sarif.Log;
}
