/**
 * The per-file phase on worker threads (piscina). The work list is cut into deterministic chunks of consecutive
 * files (neighbours import each other, so a worker's index reuses its parses); results come back in order and
 * the cross-file phase stays on the main thread.
 */
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { AnalyzerSetup, FileResult, WorkItem } from './scan.js';

/** With `workers: 'auto'`, scans with more files than this to analyse use worker threads. */
export const AUTO_WORKERS_MIN_FILES = 200;
const MAX_AUTO_WORKERS = 8;

/** Worker threads for `fileCount` files to analyse; 0 means the main thread does the work. */
export function getWorkerCount(option: number | 'auto' | undefined, fileCount: number): number {
  if (fileCount < 2) return 0;
  if (option === undefined || option === 'auto') {
    const cpus = os.availableParallelism();
    return cpus > 1 && fileCount > AUTO_WORKERS_MIN_FILES ? Math.min(cpus, MAX_AUTO_WORKERS) : 0;
  }
  return Number.isFinite(option) && option > 1 ? Math.floor(option) : 0;
}

/** The compiled worker entry beside this module; undefined when running from TS sources (vitest), which then scan on the main thread. */
export function findWorkerEntry(): string | undefined {
  const url = new URL('./worker-entry.js', import.meta.url);
  return url.protocol === 'file:' && fs.existsSync(fileURLToPath(url)) ? url.href : undefined;
}

/** Cuts `items` into consecutive chunks: about eight per thread, so a slow chunk does not leave a core idle. */
export function splitIntoChunks<T>(items: T[], threads: number): T[][] {
  const size = Math.min(128, Math.max(8, Math.ceil(items.length / (Math.max(1, threads) * 8))));
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Runs each chunk on a pool of `threads` workers; a chunk that fails comes back as its Error, for the caller to rerun. */
export async function runInWorkers(
  entry: string,
  setup: AnalyzerSetup,
  chunks: WorkItem[][],
  threads: number,
  onChunkDone: (files: number) => void,
): Promise<Array<FileResult[] | Error>> {
  const pool = new Piscina({
    filename: entry,
    workerData: setup,
    minThreads: Math.min(threads, chunks.length),
    maxThreads: Math.min(threads, chunks.length),
    idleTimeout: 1000,
    atomics: 'disabled',
  });
  try {
    return await Promise.all(
      chunks.map(async (chunk) => {
        try {
          const results = (await pool.run(chunk)) as FileResult[];
          onChunkDone(chunk.length);
          return results;
        } catch (error) {
          return error instanceof Error ? error : new Error(String(error));
        }
      }),
    );
  } finally {
    await pool.destroy();
  }
}
