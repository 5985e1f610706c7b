/** A worker thread of the scan: runs chunks of the per-file phase and rules' cross-file phases with the code the main thread runs. */
import { workerData } from 'piscina';
import { createFileAnalyzer, type AnalyzerSetup, type FileResult, type FinishResult, type WorkerTask } from './scan.js';

// one analyzer per worker for the whole scan: its project index keeps the parses, for later chunks and the cross-file phase
const analyzer = createFileAnalyzer(workerData as AnalyzerSetup);

/** Runs one task (piscina calls this once per task). */
export default function runTask(task: WorkerTask): FileResult[] | FinishResult {
  if (task.kind === 'files') return task.items.map((item) => analyzer.analyze(item));
  return analyzer.finish(task.ruleId, task.facts, task.files);
}
