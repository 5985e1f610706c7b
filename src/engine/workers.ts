/**
 * Worker threads (piscina) for the per-file phase. The main thread and the workers pull deterministic chunks of
 * consecutive files from one queue (neighbours import each other, so each thread's index reuses its parses). Results
 * come back in chunk order, so the scan assembles them exactly as a single thread would; the cross-file phase then
 * runs on the main thread, which keeps the parses of the chunks it analysed.
 */
import fs from 'node:fs';
import os from 'node:os';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Piscina } from 'piscina';
import type { AnalyzerSetup } from './scan.js';

/** With `workers: 'auto'`, scans with more files than this to analyse use worker threads. */
export const AUTO_WORKERS_MIN_FILES = 200;
const MAX_AUTO_THREADS = 8;
/** Young generation of a worker: parsing allocates many short-lived nodes, and a larger nursery means fewer scavenges. */
const WORKER_YOUNG_GENERATION_MB = 96;

/** Threads that analyse `fileCount` files, the main thread included: 1 means the main thread alone. */
export function getThreadCount(option: number | 'auto' | undefined, fileCount: number): number {
  if (fileCount < 2) return 1;
  // default: one thread. Measured on the 3,000-file bench (2 cores), --workers auto ran at 0.85-0.89x the speed of
  // one thread: two busy threads each run ~1.4x slower there, the garbage collector already uses the second core, the
  // cross-file phase re-parses on the main thread what workers parsed, and each worker repeats the cross-file
  // summaries it needs. `--workers auto` stays available for machines with more free cores.
  if (option === undefined) return 1;
  if (option === 'auto') {
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

/** How to run one kind of task: the message a worker gets, and the same work on the main thread. */
export interface QueueRun<T, R> {
  tasks: T[];
  /** The structured-cloneable message for a worker (see worker-entry.ts). */
  toMessage(task: T): unknown;
  /** Runs the task on the main thread; without it, only the workers take tasks. */
  runHere?(task: T): R;
  onDone?(task: T): void;
}

/** A piscina pool whose workers each hold an analyzer (and its project index) for the per-file phase. */
export class WorkerPool {
  private constructor(
    private readonly pool: Piscina,
    /** Worker threads, besides the main thread. */
    readonly workers: number,
  ) {}

  static async open(entry: string, setup: AnalyzerSetup, workers: number): Promise<WorkerPool> {
    // loaded only for scans that use threads
    const { Piscina } = await import('piscina');
    const pool = new Piscina({
      filename: entry,
      workerData: setup,
      minThreads: workers,
      maxThreads: workers,
      // two tasks in flight per worker: the next one waits in the worker while the main thread is busy with its own
      concurrentTasksPerWorker: 2,
      idleTimeout: 1000,
      atomics: 'disabled',
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    return new WorkerPool(pool, workers);
  }

  /**
   * Runs every task once, on the main thread or a worker, whichever is free first; results in task order. A task a
   * worker fails on (say, a fact that is not structured-cloneable) comes back as its Error, for the caller to rerun.
   */
  async run<T, R>(run: QueueRun<T, R>): Promise<Array<R | Error>> {
    const results: Array<R | Error> = new Array(run.tasks.length);
    let next = 0;
    const workerLane = async (): Promise<void> => {
      while (next < run.tasks.length) {
        const index = next++;
        try {
          results[index] = (await this.pool.run(run.toMessage(run.tasks[index]))) as R;
          run.onDone?.(run.tasks[index]);
        } catch (error) {
          results[index] = error instanceof Error ? error : new Error(String(error));
        }
      }
    };
    const mainLane = async (runHere: (task: T) => R): Promise<void> => {
      // let the workers take their first tasks before this thread blocks on one
      await yieldToEventLoop();
      while (next < run.tasks.length) {
        const index = next++;
        results[index] = runHere(run.tasks[index]);
        run.onDone?.(run.tasks[index]);
        await yieldToEventLoop();
      }
    };
    const lanes = run.runHere ? [mainLane(run.runHere)] : [];
    for (let i = 0; i < this.workers * 2; i++) lanes.push(workerLane());
    await Promise.all(lanes);
    return results;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
