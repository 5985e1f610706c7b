/**
 * Worker threads must not change results: the per-file phase on piscina workers (compiled JS in dist/) gives the
 * same findings and notices as one thread, on the fixtures and on a generated corpus with cross-file flows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { scan as scanFromSource } from '../src/engine/scan.js';
import type { AnalyzerSetup, FileResult, ScanOptions, WorkerTask, WorkItem } from '../src/engine/scan.js';
import { createProgressReporter, formatProgress, type ScanProgress } from '../src/engine/progress.js';
import { AUTO_WORKERS_MIN_FILES, findWorkerEntry, getThreadCount, splitIntoChunks } from '../src/engine/workers.js';
import type { ScanResult } from '../src/types.js';
import { ensureBuilt } from './helpers/build.js';

const REPO = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.join(REPO, 'fixtures');
const DIST_SCAN = path.join(REPO, 'dist/src/engine/scan.js');

type Scan = (options: ScanOptions) => Promise<ScanResult>;
let scanFromDist: Scan;
let corpus: string;
/** The corpus scanned by one thread: what every other configuration must reproduce. */
let singleOnCorpus: ScanResult;

/** Findings and notices only: the parts a worker computes. */
function comparable(result: ScanResult) {
  return { findings: result.findings, suppressed: result.suppressed, notices: result.notices, filesScanned: result.summary.filesScanned };
}

/** Scans and records the worker threads the scan reported using. */
async function scanWithThreads(scanner: Scan, options: ScanOptions): Promise<{ result: ScanResult; threads: number }> {
  let threads = 1;
  const result = await scanner({ ...options, onProgress: (p) => (threads = Math.max(threads, p.threads)) });
  return { result, threads };
}

beforeAll(async () => {
  // workers run the compiled JS
  ensureBuilt();
  scanFromDist = ((await import(pathToFileURL(DIST_SCAN).href)) as { scan: Scan }).scan;
  const generator = pathToFileURL(path.join(REPO, 'scripts/gen-corpus.mjs')).href;
  const { generateCorpus } = (await import(generator)) as { generateCorpus: (dir: string, files: number) => unknown };
  corpus = fs.mkdtempSync(path.join(os.tmpdir(), 'tsaudit-workers-'));
  // just above the 'auto' threshold of 200 files
  generateCorpus(corpus, 250);
  singleOnCorpus = await scanFromDist({ root: corpus, workers: 1 });
});

describe('worker threads', () => {
  it('return for each fixture file the same per-file result as the main thread', async () => {
    const dist = (file: string) => pathToFileURL(path.join(REPO, 'dist', file)).href;
    const engine = (await import(dist('src/engine/scan.js'))) as typeof import('../src/engine/scan.js');
    const workers = (await import(dist('src/engine/workers.js'))) as typeof import('../src/engine/workers.js');
    const root = fs.realpathSync(FIXTURES);
    const files = fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)).sort();
    const setup: AnalyzerSetup = { root, sourceFiles: files.filter((f) => /\.[mc]?[jt]sx?$/.test(f)), maxBytes: 2 * 1024 * 1024, recordDependencies: true };
    const items: WorkItem[] = files.map((file) => ({ file, mode: 'full' }));
    const entry = workers.findWorkerEntry();
    expect(entry).toBeDefined();
    // workers only: the main thread takes no chunk
    const pool = await workers.WorkerPool.open(entry!, setup, 2);
    const chunks = workers.splitIntoChunks(items, 4);
    const outcomes = await pool.run<WorkItem[], FileResult[]>({ tasks: chunks, toMessage: (items): WorkerTask => ({ items }) });
    await pool.close();
    const results = outcomes.flatMap((o): Array<FileResult | Error> => (o instanceof Error ? [o] : o));
    const analyzer = engine.createFileAnalyzer(setup);
    const here = items.map((item) => analyzer.analyze(item));
    expect(here.some((r) => r.findings.length > 0)).toBe(true);
    // the reads recorded for the cache depend on which earlier file warmed the rules' memos, so they may differ
    const withoutReads = (results: Array<FileResult | Error>) => results.map((r) => (r instanceof Error ? r : { ...r, dependencies: undefined }));
    expect(here.some((r) => r.facts.length > 0)).toBe(true);
    expect(withoutReads(results)).toEqual(withoutReads(here));
  });

  it('give the same findings and notices as one thread on the fixtures', async () => {
    const single = await scanWithThreads(scanFromDist, { root: FIXTURES, workers: 1 });
    const parallel = await scanWithThreads(scanFromDist, { root: FIXTURES, workers: 2 });
    expect(single.threads).toBe(1);
    expect(parallel.threads).toBe(2);
    expect(single.result.findings.length).toBeGreaterThan(0);
    expect(comparable(parallel.result)).toEqual(comparable(single.result));
  });

  it('give the same findings and notices as one thread on a generated corpus with cross-file flows', async () => {
    const parallel = await scanWithThreads(scanFromDist, { root: corpus, workers: 3 });
    expect(parallel.threads).toBe(3);
    expect(singleOnCorpus.summary.filesScanned).toBeGreaterThanOrEqual(250);
    // the corpus plants SQL that reaches pool.query through a service and a repository in other files
    expect(singleOnCorpus.findings.some((f) => f.ruleId === 'sql-injection' && f.location.file.endsWith('.controller.ts'))).toBe(true);
    expect(comparable(parallel.result)).toEqual(comparable(singleOnCorpus));
  });

  it("use workers with 'auto' on a large scan when there is more than one CPU", async () => {
    const auto = await scanWithThreads(scanFromDist, { root: corpus, workers: 'auto' });
    const cpus = os.availableParallelism();
    expect(auto.threads).toBe(cpus > 1 ? Math.min(cpus, 8) : 1);
    expect(comparable(auto.result)).toEqual(comparable(singleOnCorpus));
  });

  it('fall back to the main thread when running from TypeScript sources, with the same results as the build', async () => {
    expect(findWorkerEntry()).toBeUndefined();
    const fromSource = await scanWithThreads(scanFromSource, { root: FIXTURES, workers: 2 });
    expect(fromSource.threads).toBe(1);
    const fromDist = await scanFromDist({ root: FIXTURES, workers: 2 });
    expect(comparable(fromSource.result)).toEqual(comparable(fromDist));
  });

  it('fill and reuse the cache with the same results as one uncached thread', async () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'tsaudit-workers-cache-'));
    const cold = await scanWithThreads(scanFromDist, { root: corpus, workers: 2, cache });
    expect(cold.threads).toBe(2);
    const warm = await scanFromDist({ root: corpus, workers: 2, cache });
    expect(comparable(cold.result)).toEqual(comparable(singleOnCorpus));
    expect(comparable(warm)).toEqual(comparable(singleOnCorpus));
  });

  it('report files scanned as a shard with workers the same as without', async () => {
    const shard = { index: 2, count: 3 };
    const single = await scanFromDist({ root: corpus, workers: 1, shard });
    const parallel = await scanFromDist({ root: corpus, workers: 2, shard });
    expect(comparable(parallel)).toEqual(comparable(single));
  });
});

describe('getThreadCount', () => {
  it('keeps small scans and --workers 1 on the main thread alone', () => {
    expect(getThreadCount('auto', AUTO_WORKERS_MIN_FILES)).toBe(1);
    expect(getThreadCount(undefined, 50)).toBe(1);
    // the default is one thread, also on large scans (see getThreadCount)
    expect(getThreadCount(undefined, 10_000)).toBe(1);
    expect(getThreadCount(1, 10_000)).toBe(1);
    expect(getThreadCount(4, 1)).toBe(1);
  });

  it('honours an explicit count (the main thread is one of them)', () => {
    expect(getThreadCount(3, 10)).toBe(3);
  });

  it("uses every CPU (up to 8) for 'auto' on large scans", () => {
    const cpus = os.availableParallelism();
    expect(getThreadCount('auto', 5000)).toBe(cpus > 1 ? Math.min(cpus, 8) : 1);
  });
});

describe('splitIntoChunks', () => {
  it('cuts consecutive chunks that cover every item once, the same way each time', () => {
    const items = Array.from({ length: 1001 }, (_, i) => i);
    const chunks = splitIntoChunks(items, 2);
    expect(chunks.flat()).toEqual(items);
    expect(splitIntoChunks(items, 2)).toEqual(chunks);
    expect(chunks.length).toBeGreaterThanOrEqual(16);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(64);
  });

  it('gives no chunk for no items', () => {
    expect(splitIntoChunks([], 4)).toEqual([]);
  });
});

describe('progress', () => {
  const progress = (done: number, phase: ScanProgress['phase'] = 'files'): ScanProgress => ({ phase, done, total: 3000, threads: 2 });

  function fakeStream(isTTY: boolean) {
    const writes: string[] = [];
    return { writes, stream: { isTTY, columns: 80, write: (text: string) => writes.push(text) > 0 } };
  }

  it('draws nothing before the first second, then files done, total and rate, and clears the line at the end', () => {
    let now = 0;
    const { writes, stream } = fakeStream(true);
    const onProgress = createProgressReporter(stream, { now: () => now });
    onProgress(progress(100));
    now = 500;
    onProgress(progress(400));
    expect(writes).toEqual([]);
    now = 2000;
    onProgress(progress(1500));
    expect(writes).toEqual(['\r\x1b[2Ktsaudit: 1500/3000 files (50%), 750 files/s']);
    now = 2050;
    onProgress(progress(1600));
    expect(writes).toHaveLength(1);
    onProgress(progress(3000, 'done'));
    expect(writes.at(-1)).toBe('\r\x1b[2K');
  });

  it('stays silent when stderr is not a TTY, and with quiet', () => {
    let now = 0;
    for (const [tty, quiet] of [
      [false, false],
      [true, true],
    ]) {
      const { writes, stream } = fakeStream(tty);
      const onProgress = createProgressReporter(stream, { quiet, now: () => now });
      now = 5000;
      onProgress(progress(10));
      onProgress(progress(3000, 'done'));
      expect(writes).toEqual([]);
    }
  });

  it('says when the cross-file phase runs, even right after the last file', () => {
    expect(formatProgress(progress(3000, 'project'), 3)).toBe('tsaudit: 3000 files read, cross-file analysis…');
    let now = 0;
    const { writes, stream } = fakeStream(true);
    const onProgress = createProgressReporter(stream, { now: () => now });
    now = 2000;
    onProgress(progress(3000));
    now = 2010;
    onProgress(progress(3000, 'project'));
    expect(writes.at(-1)).toBe('\r\x1b[2Ktsaudit: 3000 files read, cross-file analysis…');
  });

  it('is fed by scan() from the first to the last file', async () => {
    const seen: ScanProgress[] = [];
    const result = await scanFromSource({ root: FIXTURES, workers: 1, onProgress: (p) => seen.push(p) });
    expect(seen[0]).toMatchObject({ phase: 'files', done: 0 });
    expect(seen.at(-1)).toMatchObject({ phase: 'done' });
    const files = seen.filter((p) => p.phase === 'files');
    expect(files.at(-1)!.done).toBe(files.at(-1)!.total);
    expect(files.at(-1)!.total).toBeGreaterThanOrEqual(result.summary.filesScanned);
  });
});
