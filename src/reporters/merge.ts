/** Merges SARIF logs of one tool (for example the shards of a `--shard i/n` matrix) into a one-run log. */
import type * as Sarif from 'sarif';
import { SARIF_SCHEMA } from './sarif.js';

/** Thrown when logs cannot be merged (no runs, or runs of different tools). */
export class MergeError extends Error {}

/** One run: the union of the rule tables by id (ruleIndex renumbered), all results and notifications, the first automationDetails. */
export function mergeSarif(logs: Sarif.Log[]): Sarif.Log {
  const runs = logs.flatMap((log) => log.runs ?? []);
  if (runs.length === 0) throw new MergeError('no runs to merge');
  const driverName = runs[0].tool.driver.name;
  const other = runs.find((r) => r.tool.driver.name !== driverName);
  if (other) throw new MergeError(`runs of different tools: ${driverName} and ${other.tool.driver.name}`);

  const rules: Sarif.ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  for (const run of runs) {
    for (const rule of run.tool.driver.rules ?? []) {
      if (ruleIndex.has(rule.id)) continue;
      ruleIndex.set(rule.id, rules.length);
      rules.push(rule);
    }
  }
  const merged: Sarif.Run = {
    tool: { driver: { ...runs[0].tool.driver, rules } },
    invocations: [mergeInvocations(runs)],
    originalUriBaseIds: Object.assign({}, ...runs.map((r) => r.originalUriBaseIds ?? {})),
    results: runs.flatMap((run) => (run.results ?? []).map((r) => reindex(r, run, ruleIndex))),
  };
  if (runs[0].columnKind) merged.columnKind = runs[0].columnKind;
  const automation = runs.find((r) => r.automationDetails)?.automationDetails;
  if (automation) merged.automationDetails = automation;
  return { $schema: logs[0].$schema ?? SARIF_SCHEMA, version: '2.1.0', runs: [merged] };
}

function mergeInvocations(runs: Sarif.Run[]): Sarif.Invocation {
  const invocations = runs.flatMap((r) => r.invocations ?? []);
  return {
    executionSuccessful: invocations.every((i) => i.executionSuccessful),
    toolExecutionNotifications: invocations.flatMap((i) => i.toolExecutionNotifications ?? []),
  };
}

/** Points `ruleIndex` at the merged rule table (ruleId, or the run's own table when only ruleIndex is set). */
function reindex(result: Sarif.Result, run: Sarif.Run, ruleIndex: Map<string, number>): Sarif.Result {
  const ruleId = result.ruleId ?? (result.ruleIndex !== undefined ? run.tool.driver.rules?.[result.ruleIndex]?.id : undefined);
  if (ruleId === undefined) return result;
  const { ruleIndex: _stale, ...rest } = result;
  const index = ruleIndex.get(ruleId);
  return index === undefined ? { ...rest, ruleId } : { ...rest, ruleId, ruleIndex: index };
}
