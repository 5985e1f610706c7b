/** A worker thread of the per-file phase: analyses chunks of files with the same code the main thread runs. */
import { workerData } from 'piscina';
import { createFileAnalyzer, type AnalyzerSetup, type FileResult, type WorkItem } from './scan.js';

// one analyzer per worker: its project index keeps the parses, so imports between a chunk's files parse once
const analyzer = createFileAnalyzer(workerData as AnalyzerSetup);

/** Analyses one chunk, in order (piscina calls this once per task). */
export default function analyzeChunk(items: WorkItem[]): FileResult[] {
  return items.map((item) => analyzer.analyze(item));
}
