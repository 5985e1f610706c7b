/** A worker thread of the per-file phase: analyses chunks of files with the code the main thread runs. */
import './compile-cache.js';
import { workerData } from 'piscina';
import { createFileAnalyzer, type AnalyzerSetup, type FileResult, type WorkerTask } from './scan.js';

// one analyzer per worker for the whole phase: its project index keeps the parses, so later chunks reuse them
const analyzer = createFileAnalyzer(workerData as AnalyzerSetup);

/** Analyses one chunk, in order (piscina calls this once per task). */
export default function analyzeChunk(task: WorkerTask): FileResult[] {
  return task.items.map((item) => analyzer.analyze(item));
}
