/** A progress line on stderr for long scans: files done / total and files per second, only on a TTY. */

/** What the scan reports as it advances. */
export interface ScanProgress {
  /** 'files': the per-file phase; 'project': the cross-file phase; 'done': finished. */
  phase: 'files' | 'project' | 'done';
  done: number;
  total: number;
  /** Threads analysing files, the main thread included (1: no worker threads). */
  threads: number;
}

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): boolean;
}

export interface ProgressOptions {
  /** Nothing is drawn with quiet on. */
  quiet?: boolean;
  /** Nothing is drawn before the scan has run this long (default 1 s), so short scans stay silent. */
  delayMs?: number;
  /** Minimum time between redraws (default 100 ms). */
  intervalMs?: number;
  now?: () => number;
}

/** Returns the `onProgress` callback for a scan: draws on a TTY stream after the delay, clears the line when done. */
export function createProgressReporter(stream: ProgressStream, options: ProgressOptions = {}): (progress: ScanProgress) => void {
  if (options.quiet || !stream.isTTY) return () => {};
  const now = options.now ?? (() => performance.now());
  const delay = options.delayMs ?? 1000;
  const interval = options.intervalMs ?? 100;
  const started = now();
  let lastDraw = -Infinity;
  let lastPhase: ScanProgress['phase'] | undefined;
  let drawn = false;
  return (progress) => {
    const t = now();
    if (progress.phase === 'done') {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
      return;
    }
    // a new phase is drawn at once: the cross-file phase reports nothing until it ends
    if (t - started < delay || (t - lastDraw < interval && progress.phase === lastPhase)) return;
    lastDraw = t;
    lastPhase = progress.phase;
    drawn = true;
    const line = formatProgress(progress, (t - started) / 1000);
    stream.write(`\r\x1b[2K${stream.columns ? line.slice(0, stream.columns - 1) : line}`);
  };
}

/** One line: `tsaudit: 1200/3000 files (40%), 850 files/s`, or the cross-file phase. */
export function formatProgress(progress: ScanProgress, elapsedSeconds: number): string {
  if (progress.phase === 'project') return `tsaudit: ${progress.total} files read, cross-file analysis…`;
  const percent = progress.total ? Math.floor((100 * progress.done) / progress.total) : 100;
  const rate = elapsedSeconds > 0 ? Math.round(progress.done / elapsedSeconds) : 0;
  return `tsaudit: ${progress.done}/${progress.total} files (${percent}%), ${rate} files/s`;
}
