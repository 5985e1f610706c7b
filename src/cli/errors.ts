/** The one error type the CLI shows as-is: what failed, and what to check. */

/** A user-facing failure, printed as `tsaudit: <what> (<check>)` with exit code 2. */
export class CliError extends Error {
  constructor(
    readonly what: string,
    readonly check: string,
  ) {
    super(`${what} (${check})`);
  }
}

/** Flattens a message to a single line. */
export function toOneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}
