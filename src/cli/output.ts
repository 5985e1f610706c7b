/** Writing a report to stdout or to the -o file. */
import fs from 'node:fs';
import path from 'node:path';
import { CliError } from './errors.js';
import type { CliIO } from './io.js';

/** Writes `text` to `output` (resolved from the cwd, parent folders created) or to stdout when no file is given. */
export function writeReport(text: string, output: string | undefined, io: CliIO): void {
  if (!output) {
    if (text) io.stdout.write(text);
    return;
  }
  const file = path.resolve(io.cwd, output);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CliError(`cannot write ${output} (${code})`, 'check that the folder is writable and the path is not a directory');
  }
}
