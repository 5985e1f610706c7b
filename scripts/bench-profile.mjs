#!/usr/bin/env node
/**
 * Profiles a scan of the benchmark corpus with `node --cpu-prof` and prints the hot spots of each thread:
 * self time by file and by function, and inclusive time of tsaudit's own functions (engine, analysis, rules).
 *
 * Usage: node scripts/bench-profile.mjs [--files 3000] [--top 25] [-- extra tsaudit flags, e.g. --workers 1]
 *        node scripts/bench-profile.mjs --summarize <file.cpuprofile>...
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus, readCorpusStamp } from './gen-corpus.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));

/** Self and inclusive times (ms) of a .cpuprofile, keyed by `function file:line`. */
function readProfile(file) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const sampled = new Map();
  profile.samples.forEach((id, i) => sampled.set(id, (sampled.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const label = (n) => {
    const { functionName, url, lineNumber } = n.callFrame;
    const where = (url || '(native)').replace(/^file:\/\//, '').replace(REPO, '').replace(/^.*node_modules\//, '');
    return { fn: `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`, file: where };
  };
  const self = new Map();
  const byFile = new Map();
  const inclusive = new Map();
  let total = 0;
  for (const [id, ms] of sampled) {
    total += ms;
    const { fn, file } = label(nodes.get(id));
    self.set(fn, (self.get(fn) ?? 0) + ms);
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const name = label(nodes.get(cur)).fn;
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    }
  }
  return { total, self, byFile, inclusive };
}

function formatTop(map, total, count, filter = () => true) {
  return [...map]
    .filter(([name]) => filter(name))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => `${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${name}`)
    .join('\n');
}

/** The hot-spot report of one thread's profile. */
export function summarizeProfile(file, top = 25) {
  const { total, self, byFile, inclusive } = readProfile(file);
  const ours = (name) => /(?:^|\s)\/?(?:dist\/)?(?:src|rules)\//.test(name);
  return [
    `${path.basename(file)}: ${total.toFixed(0)} ms sampled`,
    '-- self time by file',
    formatTop(byFile, total, Math.min(top, 12)),
    '-- self time by function',
    formatTop(self, total, top),
    '-- inclusive time, tsaudit functions',
    formatTop(inclusive, total, top, ours),
  ].join('\n');
}

function main() {
  const argv = process.argv.slice(2);
  const top = Number(argv[argv.indexOf('--top') + 1]) || 25;
  if (argv[0] === '--summarize') {
    for (const file of argv.slice(1).filter((a) => a.endsWith('.cpuprofile'))) console.log(`${summarizeProfile(file, top)}\n`);
    return;
  }
  const files = Number(argv[argv.indexOf('--files') + 1]) || 3000;
  const extra = argv.includes('--') ? argv.slice(argv.indexOf('--') + 1) : [];
  const corpus = path.join(REPO, '.bench', `corpus-${files}`);
  if (!readCorpusStamp(corpus, files)) generateCorpus(corpus, files);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsaudit-profile-'));
  const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, path.join(REPO, 'bin/tsaudit.js'), ...extra, '--format', 'json', '-o', '/dev/null'], { cwd: corpus, stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0 && run.status !== 1) throw new Error(`tsaudit exited with ${run.status}`);
  // one profile per thread: the main thread first, then the workers
  for (const name of fs.readdirSync(dir).sort()) console.log(`${summarizeProfile(path.join(dir, name), top)}\n`);
  console.log(`profiles kept in ${dir} (open them in Chrome DevTools > Performance)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
