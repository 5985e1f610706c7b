/**
 * Baselines: `--write-baseline <file>` records the current findings, `--baseline <file>` hides the recorded ones,
 * so that only new findings are shown and counted for the exit code. A finding matches an entry with the same
 * rule id, file and fingerprint (the codeql-style hash of its line, which does not change when unrelated lines are
 * added or removed above it). Each entry hides one finding, so a second identical finding on the same line is new.
 * Editing its line or the code just below it (the hash covers the next 100 non-blank characters), or moving it to
 * another file, makes a finding new. Documented in docs/integrations.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { getToolVersion, TOOL_NAME } from '../reporters/tool.js';
import type { Finding, ScanResult, Severity } from '../types.js';
import { CliError } from './errors.js';
import { formatZodIssue } from './zodIssue.js';

/** Bumped only for a breaking change of the baseline file. */
export const BASELINE_VERSION = 1;

const entrySchema = z.object({
  ruleId: z.string().min(1),
  file: z.string().min(1),
  fingerprint: z.string().min(1),
  message: z.string(),
});

const baselineSchema = z.object({
  version: z.literal(BASELINE_VERSION),
  tool: z.object({ name: z.string(), version: z.string() }),
  entries: z.array(entrySchema),
});

/** A baseline file (version 1). */
export type Baseline = z.infer<typeof baselineSchema>;
/** One recorded finding. */
export type BaselineEntry = z.infer<typeof entrySchema>;

/** The matching key: rule id, root-relative file and fingerprint. */
function getKey(entry: Pick<BaselineEntry, 'ruleId' | 'file' | 'fingerprint'>): string {
  return `${entry.ruleId}\0${entry.file}\0${entry.fingerprint}`;
}

/** A finding as a baseline entry; a finding whose line could not be hashed falls back to `line:<n>`. */
function toEntry(finding: Finding): BaselineEntry {
  const fingerprint = finding.fingerprint ?? `line:${finding.location.startLine}`;
  return { ruleId: finding.ruleId, file: finding.location.file, fingerprint, message: finding.message };
}

/** The baseline of a scan: every shown finding (suppressed ones stay out), in report order. */
export function createBaseline(result: ScanResult): Baseline {
  return { version: BASELINE_VERSION, tool: { name: TOOL_NAME, version: getToolVersion() }, entries: result.findings.map(toEntry) };
}

/** Writes the baseline of `result` to `file` (resolved from `cwd`, folders created). */
export function writeBaseline(result: ScanResult, file: string, cwd: string): Baseline {
  const baseline = createBaseline(result);
  const abs = path.resolve(cwd, file);
  try {
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, `${JSON.stringify(baseline, null, 2)}\n`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CliError(`cannot write baseline ${file} (${code})`, 'check that the folder is writable and the path is not a directory');
  }
  return baseline;
}

/** Reads and validates a baseline file; CliError when it is missing, not JSON or not a tsaudit baseline. */
export function readBaseline(file: string, cwd: string): Baseline {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CliError(`cannot read baseline ${file} (${code})`, 'create it with tsaudit --write-baseline <file>');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new CliError(`baseline ${file} is not valid JSON`, 'recreate it with tsaudit --write-baseline <file>');
  }
  const parsed = baselineSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CliError(`baseline ${file} is not a tsaudit baseline: ${formatZodIssue(parsed.error.issues[0], raw)}`, 'recreate it with tsaudit --write-baseline <file>');
  }
  return parsed.data;
}

/** The result without the findings recorded in `baseline`; `summary.baselineHidden` counts those hidden. */
export function applyBaseline(result: ScanResult, baseline: Baseline): ScanResult {
  const remaining = new Map<string, number>();
  for (const entry of baseline.entries) remaining.set(getKey(entry), (remaining.get(getKey(entry)) ?? 0) + 1);
  const shown: Finding[] = [];
  for (const finding of result.findings) {
    const key = getKey(toEntry(finding));
    const left = remaining.get(key) ?? 0;
    if (left > 0) remaining.set(key, left - 1);
    else shown.push(finding);
  }
  const counts: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  for (const f of shown) counts[f.severity]++;
  const hidden = result.findings.length - shown.length;
  return { ...result, findings: shown, summary: { ...result.summary, findings: counts, baselineHidden: result.summary.baselineHidden + hidden } };
}
