/** Exit code from the findings and the --fail-on threshold. */
import type { Finding, Severity } from '../types.js';
import type { ExitCode } from './io.js';
import type { FailOn } from './program.js';

const RANK: Record<Severity, number> = { note: 1, warning: 2, error: 3 };

/** 1 when a shown finding is at or above `failOn`, else 0 (`none` never fails). */
export function getExitCode(findings: Finding[], failOn: FailOn): ExitCode {
  if (failOn === 'none') return 0;
  return findings.some((f) => RANK[f.severity] >= RANK[failOn]) ? 1 : 0;
}
