/** Argument parsers for flag values; they throw commander's InvalidArgumentError with a short reason. */
import { InvalidArgumentError } from 'commander';

/** `--max-file-size 500000` → 500000 (a positive integer of bytes). */
export function parseByteCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive number of bytes.');
  return n;
}

/** `--workers 4` → 4, `--workers auto` → 'auto'. */
export function parseWorkers(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a number of workers (1 or more) or "auto".');
  return n;
}

/** `--shard 2/4` → { index: 2, count: 4 } (1-based, index ≤ count). */
export function parseShard(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || index < 1 || count < 1 || index > count) throw new InvalidArgumentError('expected i/n with 1 ≤ i ≤ n, e.g. 2/4.');
  return { index, count };
}

/** Collects a variadic list, also splitting comma-separated values (`--rule a,b --rule c`). */
export function collectList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}
