/**
 * The per-file phase on several threads: the main thread and piscina workers pull deterministic chunks of
 * consecutive files (neighbours import each other, so each thread's index reuses its parses) from one queue.
 * Results come back in chunk order; the cross-file phase stays on the main thread, which keeps the parses of the
 * chunks it analysed.
 */
import fs from 'node:fs';
import os from 'node:os';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { AnalyzerSetup, FileResult, WorkItem } from './scan.js';

/** With `workers: 'auto'`, scans with more files than this to analyse use worker threads. */
export const AUTO_WORKERS_MIN_FILES = 200;
const MAX_AUTO_THREADS = 8;
/** Young generation of a worker: parsing allocates many short-lived nodes, and a larger nursery means fewer scavenges. */
const WORKER_YOUNG_GENERATION_MB = 96;

/** Threads that analyse `fileCount` files, the main thread included: 1 means the main thread alone. */
export function getThreadCount(option: number | 'auto' | undefined, fileCount: number): number {
  if (fileCount < 2) return 1;
  if (option === undefined || option === 'auto') {
    const cpus = os.availableParallelism();
    return cpus > 1 && fileCount > AUTO_WORKERS_MIN_FILES ? Math.min(cpus, MAX_AUTO_THREADS) : 1;
  }
  return Number.isFinite(option) && option > 1 ? Math.floor(option) : 1;
}

/** The compiled worker entry beside this module; undefined when running from TS sources (vitest), which then scan on the main thread. */
export function findWorkerEntry(): string | undefined {
  const url = new URL('./worker-entry.js', import.meta.url);
  return url.protocol === 'file:' && fs.existsSync(fileURLToPath(url)) ? url.href : undefined;
}

/** Cuts `items` into consecutive chunks: about twelve per thread, so no thread waits long for the last one. */
export function splitIntoChunks<T>(items: T[], threads: number): T[][] {
  const size = Math.min(64, Math.max(8, Math.ceil(items.length / (Math.max(1, threads) * 12))));
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export interface ChunkRun<C> {
  /** The compiled worker entry (findWorkerEntry). */
  entry: string;
  setup: AnalyzerSetup;
  chunks: C[];
  /** Piscina workers besides the main thread (at least 1). */
  workers: number;
  /** The files of a chunk, for a worker. */
  toItems(chunk: C): WorkItem[];
  /** Analyses a chunk on the main thread; without it, only the workers take chunks. */
  analyzeHere?(chunk: C): FileResult[];
  onChunkDone(chunk: C): void;
}

/**
 * Runs every chunk once, on the main thread or a worker, whichever is free first. A chunk a worker fails on (say, a
 * fact that is not structured-cloneable) comes back as its Error, for the caller to run again on the main thread.
 */
export async function runChunks<C>(run: ChunkRun<C>): Promise<Array<FileResult[] | Error>> {
  const results: Array<FileResult[] | Error> = new Array(run.chunks.length);
  let next = 0;
  const pool = new Piscina({
    filename: run.entry,
    workerData: run.setup,
    minThreads: run.workers,
    maxThreads: run.workers,
    // two chunks in flight per worker: the next one waits in the worker while the main thread is busy analysing
    concurrentTasksPerWorker: 2,
    idleTimeout: 1000,
    atomics: 'disabled',
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  const workerLane = async (): Promise<void> => {
    while (next < run.chunks.length) {
      const index = next++;
      try {
        results[index] = (await pool.run(run.toItems(run.chunks[index]))) as FileResult[];
        run.onChunkDone(run.chunks[index]);
      } catch (error) {
        results[index] = error instanceof Error ? error : new Error(String(error));
      }
    }
  };
  const mainLane = async (analyzeHere: (chunk: C) => FileResult[]): Promise<void> => {
    // let the workers take their first chunks before this thread blocks on one
    await yieldToEventLoop();
    while (next < run.chunks.length) {
      const index = next++;
      results[index] = analyzeHere(run.chunks[index]);
      run.onChunkDone(run.chunks[index]);
      await yieldToEventLoop();
    }
  };
  try {
    const lanes = run.analyzeHere ? [mainLane(run.analyzeHere)] : [];
    for (let i = 0; i < run.workers * 2; i++) lanes.push(workerLane());
    await Promise.all(lanes);
    return results;
  } finally {
    await pool.destroy();
  }
}
