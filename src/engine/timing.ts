/**
 * Phase timings for tuning (TSAUDIT_TIMING=1 prints them on stderr at the end of a scan): parse time, each rule's
 * visitors and cross-file phase. Parses that a rule triggers (following an import) count as parse, not as the rule.
 */
const enabled = Boolean(process.env.TSAUDIT_TIMING);
const totals = new Map<string, number>();
let parseMs = 0;

export const timing = {
  enabled,
  /** Runs `task`, adding its time minus the parses it caused to `label`. */
  measure<T>(label: string, task: () => T): T {
    if (!enabled) return task();
    const parseBefore = parseMs;
    const started = performance.now();
    try {
      return task();
    } finally {
      const spent = performance.now() - started - (parseMs - parseBefore);
      totals.set(label, (totals.get(label) ?? 0) + spent);
    }
  },
  /** Runs a parse, counting its time as parse. */
  parse<T>(task: () => T): T {
    if (!enabled) return task();
    const started = performance.now();
    try {
      return task();
    } finally {
      parseMs += performance.now() - started;
    }
  },
  report(): string {
    const rows = [['parse', parseMs] as const, ...[...totals].sort((a, b) => b[1] - a[1])];
    return rows.map(([label, ms]) => `${Math.round(ms).toString().padStart(7)} ms  ${label}`).join('\n');
  },
};
