#!/usr/bin/env node
/**
 * `npm run bench`: speed and scale of tsaudit on a generated 3,000-file Express/NestJS project (.bench/corpus).
 *
 * Measures, each as a whole child process (median of --runs runs, configurations interleaved so machine noise hits
 * them alike):
 *   (a) reading and parsing every file with TypeScript alone (scripts/bench-parse.mjs);
 *   (b) a full scan with all rules: `node bin/tsaudit.js --format json -o /dev/null`;
 * then b/a, files/s, MB/s and peak RSS; growth at 1,000 / 2,000 / 3,000 files; --workers 1 vs auto; --cache cold vs
 * warm; pre-commit latency (5 files given as arguments); and per-rule precision/recall on the fixtures.
 *
 * With --projects, also (a) and (b) on existing projects (say, applications checked out beside this repository), so
 * the ratio can be compared with the corpus's on real code.
 *
 * Usage: node scripts/bench.mjs [--runs 3] [--files 3000] [--json out.json] [--projects dir1,dir2,...]
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateCorpus, readCorpusStamp, FILES_PER_PACKAGE } from './gen-corpus.mjs';
import { formatFixtureScores, scoreFixtures } from './bench-fixtures.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const CLI = path.join(REPO, 'bin/tsaudit.js');
const PARSE = path.join(REPO, 'scripts/bench-parse.mjs');
const RSS_PRELOAD = pathToFileURL(path.join(REPO, 'scripts/bench-rss.mjs')).href;
const TIME = '/usr/bin/time';

const GOALS = { ratio: 2.0, ratioPreferred: 1.5, rssMB: 1536, warmSpeedup: 5, precommitMs: 1500 };

function readArgs(argv) {
  const get = (flag, fallback) => {
    const i = argv.indexOf(flag);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
  };
  const projects = get('--projects', '')
    .split(',')
    .filter(Boolean)
    .map((p) => path.resolve(p));
  return { runs: Math.max(1, Number(get('--runs', '3'))), files: Number(get('--files', '3000')), json: get('--json', undefined), projects };
}

/** Builds dist/ when it is missing or older than the sources. */
function ensureBuilt() {
  const built = path.join(REPO, 'dist/src/cli.js');
  const newestSource = Math.max(
    ...['src', 'rules'].flatMap((dir) =>
      fs
        .readdirSync(path.join(REPO, dir), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.ts'))
        .map((e) => fs.statSync(path.join(e.parentPath, e.name)).mtimeMs),
    ),
  );
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newestSource) return 'up to date';
  process.stderr.write('building (npm run build)...\n');
  try {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch {
    // tsc still writes JS on type errors; fail only when the CLI is missing
    if (!fs.existsSync(built)) throw new Error('npm run build failed and dist/src/cli.js is missing');
    return 'built (with type errors)';
  }
  return 'built';
}

/** Runs `node <args>` in `cwd`; resolves to wall time (ms), peak RSS (MB), exit code and output. */
function runNode(args, cwd, extraEnv = {}) {
  const useTime = fs.existsSync(TIME);
  const rssFile = useTime ? undefined : path.join(os.tmpdir(), `tsaudit-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const command = useTime ? TIME : process.execPath;
  const fullArgs = useTime ? ['-v', process.execPath, ...args] : ['--import', RSS_PRELOAD, ...args];
  const env = { ...process.env, ...extraEnv, ...(rssFile ? { TSAUDIT_BENCH_RSS_FILE: rssFile } : {}) };
  delete env.NODE_OPTIONS;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, fullArgs, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      let rssKB = NaN;
      let cpuMs = NaN;
      if (useTime) {
        const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
        const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
        const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
        if (rss) rssKB = Number(rss[1]);
        if (user && system) cpuMs = (Number(user[1]) + Number(system[1])) * 1000;
        stderr = stderr.replace(/\n?\s*Command (?:exited|being timed)[\s\S]*$/, '');
      } else if (rssFile && fs.existsSync(rssFile)) {
        [rssKB, cpuMs] = fs.readFileSync(rssFile, 'utf8').split(' ').map(Number);
        fs.rmSync(rssFile, { force: true });
      }
      resolve({ wallMs, cpuMs, rssMB: rssKB / 1024, code, stdout, stderr });
    });
  });
}

/** A tsaudit run; exit codes 0 (clean) and 1 (findings) are success. */
async function runScan(corpus, args) {
  const r = await runNode([CLI, ...args], corpus);
  if (r.code !== 0 && r.code !== 1) throw new Error(`tsaudit ${args.join(' ')} exited with ${r.code}:\n${r.stderr}`);
  return r;
}

async function runParse(corpus, paths) {
  const r = await runNode([PARSE, corpus, ...paths], corpus);
  if (r.code !== 0) throw new Error(`bench-parse failed:\n${r.stderr}`);
  return { ...r, ...JSON.parse(r.stdout.trim().split('\n').at(-1)) };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const max = (xs) => Math.max(...xs);
const min = (xs) => Math.min(...xs);
const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mb = (x) => `${Math.round(x)} MB`;
const check = (ok) => (ok ? 'PASS' : 'FAIL');

/** Collects samples per configuration name. */
class Samples {
  constructor() {
    this.map = new Map();
  }
  add(name, sample) {
    if (!this.map.has(name)) this.map.set(name, []);
    this.map.get(name).push(sample);
  }
  wall(name) {
    return median(this.map.get(name).map((s) => s.wallMs));
  }
  wallMin(name) {
    return min(this.map.get(name).map((s) => s.wallMs));
  }
  rss(name) {
    return max(this.map.get(name).map((s) => s.rssMB));
  }
  cpu(name) {
    return median(this.map.get(name).map((s) => s.cpuMs));
  }
  get(name) {
    return this.map.get(name);
  }
}

function describeMachine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

/** Five files of different kinds from different packages: what a pre-commit hook passes. */
function pickPrecommitFiles(corpus) {
  const packages = fs.readdirSync(path.join(corpus, 'packages')).sort();
  const picks = [
    ['p1', 'src/modules/order-00/order-00.controller.ts'],
    ['p1', 'src/modules/user-00/user-00.service.ts'],
    [packages.at(-1), 'src/modules/invoice-01/invoice-01.repository.ts'],
    [packages.at(-1), 'src/middleware/errors.ts'],
    [packages[Math.floor(packages.length / 2)], 'src/modules/payment-02/dto/create-payment-02.dto.ts'],
  ];
  return picks.map(([pkg, file]) => `packages/${pkg}/${file}`).filter((f) => fs.existsSync(path.join(corpus, f)));
}

async function main() {
  const options = readArgs(process.argv.slice(2));
  for (const dir of options.projects) {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`--projects: not a directory: ${dir}`);
  }
  const machine = describeMachine();
  console.log('tsaudit benchmark');
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, ${machine.platform}, node ${machine.node}`);
  console.log(`load average at start: ${machine.loadAverage} (other processes on the machine make wall times noisy; CPU times less so)`);
  console.log(`peak RSS via: ${fs.existsSync(TIME) ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS (scripts/bench-rss.mjs)'}`);
  console.log(`build: ${ensureBuilt()}`);

  const corpus = path.join(REPO, '.bench', `corpus-${options.files}`);
  let stamp = readCorpusStamp(corpus, options.files);
  if (stamp) console.log(`corpus: reused ${path.relative(REPO, corpus)}`);
  else {
    const t = performance.now();
    generateCorpus(corpus, options.files);
    stamp = readCorpusStamp(corpus, options.files);
    console.log(`corpus: generated ${path.relative(REPO, corpus)} in ${sec(performance.now() - t)}`);
  }
  const packages = fs.readdirSync(path.join(corpus, 'packages')).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  console.log(`corpus: ${stamp.files} TypeScript files, ${(stamp.bytes / 1e6).toFixed(1)} MB, ${packages.length} packages of up to ${FILES_PER_PACKAGE} files`);
  console.log(`runs: ${options.runs} per configuration (median wall time; peak RSS is the maximum)\n`);

  const sizes = packages.map((_, i) => ({ files: Math.min(stamp.files, (i + 1) * FILES_PER_PACKAGE), paths: packages.slice(0, i + 1).map((p) => `packages/${p}`) }));
  const full = sizes.at(-1);
  const precommitFiles = pickPrecommitFiles(corpus);
  const cacheDir = path.join(REPO, '.bench', 'cache');
  const samples = new Samples();
  const json = ['--format', 'json', '-o', '/dev/null'];

  // correctness first: one thread, workers and a warm cache must report the same findings
  const outputs = {};
  for (const [name, extra] of [
    ['workers 1', ['--workers', '1']],
    ['workers auto', ['--workers', 'auto']],
    ['cache cold', ['--cache', cacheDir]],
    ['cache warm', ['--cache', cacheDir]],
  ]) {
    if (name === 'cache cold') fs.rmSync(cacheDir, { recursive: true, force: true });
    const out = path.join(REPO, '.bench', `check-${name.replace(/\s+/g, '-')}.json`);
    await runScan(corpus, [...extra, '--format', 'json', '-o', out]);
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    outputs[name] = { findings: JSON.stringify(report.findings), count: report.findings.length, scanned: report.summary?.filesScanned };
  }
  const same = Object.values(outputs).every((o) => o.findings === outputs['workers 1'].findings);
  const byRule = {};
  for (const f of JSON.parse(outputs['workers 1'].findings)) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  console.log(`findings on the corpus: ${outputs['workers 1'].count} (${Object.entries(byRule).map(([r, n]) => `${r} ${n}`).join(', ') || 'none'}), files scanned ${outputs['workers 1'].scanned}`);
  console.log(`same findings with --workers 1, --workers auto, --cache cold and warm: ${same ? 'yes' : 'NO'}\n`);

  for (let run = 0; run < options.runs; run++) {
    process.stderr.write(`run ${run + 1}/${options.runs}...\n`);
    for (const size of sizes) {
      const paths = size === full ? [] : size.paths;
      samples.add(`a ${size.files}`, await runParse(corpus, paths));
      samples.add(`b auto ${size.files}`, await runScan(corpus, [...paths, '--workers', 'auto', ...json]));
      samples.add(`b w1 ${size.files}`, await runScan(corpus, [...paths, '--workers', '1', ...json]));
    }
    fs.rmSync(cacheDir, { recursive: true, force: true });
    samples.add('cache cold', await runScan(corpus, ['--cache', cacheDir, ...json]));
    samples.add('cache warm', await runScan(corpus, ['--cache', cacheDir, ...json]));
    for (let i = 0; i < 2; i++) samples.add('precommit', await runScan(corpus, [...precommitFiles, ...json]));
  }

  const mbTotal = stamp.bytes / 1e6;
  const a = samples.wall(`a ${full.files}`);
  const aParse = median(samples.get(`a ${full.files}`).map((s) => s.readParseMs));
  const b = samples.wall(`b auto ${full.files}`);
  const b1 = samples.wall(`b w1 ${full.files}`);
  const rss = Math.max(samples.rss(`b auto ${full.files}`), samples.rss(`b w1 ${full.files}`));
  console.log(`== ${full.files} files (${mbTotal.toFixed(1)} MB)`);
  const cpu = (name) => `CPU ${sec(samples.cpu(name))}`;
  console.log(`(a) read + parse, TypeScript ${samples.get(`a ${full.files}`)[0].typescript} alone: ${sec(a)} whole process (${sec(aParse)} of it reading and parsing), ${cpu(`a ${full.files}`)}, peak RSS ${mb(samples.rss(`a ${full.files}`))}`);
  console.log(`(b) tsaudit, all rules, --workers auto:        ${sec(b)} (min ${sec(samples.wallMin(`b auto ${full.files}`))}), ${cpu(`b auto ${full.files}`)}, peak RSS ${mb(samples.rss(`b auto ${full.files}`))}`);
  console.log(`    tsaudit, all rules, --workers 1 (default): ${sec(b1)} (min ${sec(samples.wallMin(`b w1 ${full.files}`))}), ${cpu(`b w1 ${full.files}`)}, peak RSS ${mb(samples.rss(`b w1 ${full.files}`))}`);
  console.log(`(c) b/a: ${(b / a).toFixed(2)} with workers (auto), ${(b1 / a).toFixed(2)} with --workers 1   [goal <= ${GOALS.ratio} (<= ${GOALS.ratioPreferred} preferred)]`);
  console.log(`    throughput: ${Math.round(full.files / (b / 1000))} files/s, ${(mbTotal / (b / 1000)).toFixed(2)} MB/s (auto); ${Math.round(full.files / (b1 / 1000))} files/s, ${(mbTotal / (b1 / 1000)).toFixed(2)} MB/s (--workers 1)`);
  console.log(`    workers auto vs 1: ${(b1 / b).toFixed(2)}x`);

  console.log('\n== growth (whole process, median)');
  console.log(`${'files'.padStart(6)} ${'(a) parse'.padStart(10)} ${'(b) auto'.padStart(10)} ${'(b) w=1'.padStart(10)} ${'b/a auto'.padStart(9)} ${'b/a w=1'.padStart(8)} ${'ms/file auto'.padStart(13)} ${'ms/file w=1'.padStart(12)} ${'RSS auto'.padStart(9)} ${'RSS w=1'.padStart(8)}`);
  for (const size of sizes) {
    const sa = samples.wall(`a ${size.files}`);
    const sb = samples.wall(`b auto ${size.files}`);
    const sb1 = samples.wall(`b w1 ${size.files}`);
    console.log(
      `${String(size.files).padStart(6)} ${sec(sa).padStart(10)} ${sec(sb).padStart(10)} ${sec(sb1).padStart(10)} ${(sb / sa).toFixed(2).padStart(9)} ${(sb1 / sa).toFixed(2).padStart(8)} ${(sb / size.files).toFixed(2).padStart(13)} ${(sb1 / size.files).toFixed(2).padStart(12)} ${mb(samples.rss(`b auto ${size.files}`)).padStart(9)} ${mb(samples.rss(`b w1 ${size.files}`)).padStart(8)}`,
    );
  }

  const cold = samples.wall('cache cold');
  const warm = samples.wall('cache warm');
  // TSAUDIT_TIMING=1: the engine prints parse time and each rule's time (parses a rule triggers count as parse)
  const timed = await runNode([CLI, '--format', 'json', '-o', '/dev/null', '--fail-on', 'none'], corpus, { TSAUDIT_TIMING: '1' });
  console.log('\n== where the time goes (one run, --workers 1, TSAUDIT_TIMING=1; wall ' + sec(timed.wallMs) + ')');
  console.log(timed.stderr.split('\n').filter((l) => /^timing:|^\s+\d+ ms\s/.test(l)).join('\n'));
  // V8's own account of its pauses: young-generation scavenges copy every node still referenced (the kept trees)
  const traced = await runNode(['--trace-gc', CLI, '--format', 'json', '-o', '/dev/null', '--fail-on', 'none'], corpus);
  const pauses = { Scavenge: [0, 0], 'Mark-Compact': [0, 0] };
  for (const m of traced.stdout.matchAll(/(Scavenge|Mark-Compact)[^,\n]*, ([\d.]+) \/ [\d.]+ ms/g)) {
    pauses[m[1]][0]++;
    pauses[m[1]][1] += Number(m[2]);
  }
  console.log(`garbage collection (--trace-gc run): ${pauses.Scavenge[0]} scavenges ${Math.round(pauses.Scavenge[1])} ms, ${pauses['Mark-Compact'][0]} mark-compacts ${Math.round(pauses['Mark-Compact'][1])} ms`);

  console.log('\n== cache (--cache)');
  console.log(`cold ${sec(cold)} (${cpu('cache cold')}), warm ${sec(warm)} (${cpu('cache warm')}): warm is ${(cold / warm).toFixed(1)}x faster   [goal >= ${GOALS.warmSpeedup}x]`);

  const precommit = samples.wall('precommit');
  console.log('\n== pre-commit (5 files as arguments, process start included)');
  console.log(`${precommitFiles.join(' ')}`);
  console.log(`${sec(precommit)} median, ${sec(samples.wallMin('precommit'))} min   [goal < ${sec(GOALS.precommitMs)}]`);

  const projectFigures = options.projects.length ? await measureProjects(options.projects, options.runs) : [];

  console.log('\n== fixtures: precision and recall per rule');
  const scores = await scoreFixtures(REPO);
  console.log(formatFixtureScores(scores));

  const ratio = Math.min(b, b1) / a;
  console.log('\n== goals');
  console.log(`${check(ratio <= GOALS.ratio)} b/a ${ratio.toFixed(2)} <= ${GOALS.ratio}${ratio <= GOALS.ratioPreferred ? ` (and <= ${GOALS.ratioPreferred})` : ''}`);
  console.log(`${check(rss < GOALS.rssMB)} peak RSS ${mb(rss)} < ${mb(GOALS.rssMB)}`);
  console.log(`${check(cold / warm >= GOALS.warmSpeedup)} warm cache ${(cold / warm).toFixed(1)}x >= ${GOALS.warmSpeedup}x`);
  console.log(`${check(precommit < GOALS.precommitMs)} pre-commit ${sec(precommit)} < ${sec(GOALS.precommitMs)}`);
  console.log(`${check(same)} identical findings across --workers 1 / auto / cache`);

  console.log(`load average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  if (options.json) {
    const figures = {
      machine,
      corpus: stamp,
      runs: options.runs,
      a,
      aParse,
      b,
      b1,
      rssMB: rss,
      growth: sizes.map((s) => ({ files: s.files, a: samples.wall(`a ${s.files}`), bAuto: samples.wall(`b auto ${s.files}`), b1: samples.wall(`b w1 ${s.files}`) })),
      cache: { cold, warm },
      precommit,
      fixtures: scores.map(({ falsePositives, falseNegatives, ...r }) => r),
      sameFindings: same,
      projects: projectFigures,
    };
    fs.writeFileSync(options.json, JSON.stringify(figures, null, 2) + '\n');
  }
}

/** (a) and (b) on existing projects (--projects), interleaved, median of `runs`; prints one row per project. */
async function measureProjects(dirs, runs) {
  const rows = [];
  const samples = new Samples();
  const parsed = new Map();
  for (let run = 0; run < runs; run++) {
    for (const dir of dirs) {
      const a = await runParse(dir, []);
      parsed.set(dir, a);
      samples.add(`a ${dir}`, a);
      samples.add(`b ${dir}`, await runScan(dir, ['--format', 'json', '-o', '/dev/null', '--fail-on', 'none']));
    }
  }
  console.log('\n== other projects (--projects; whole process, median; (a) parses every TS/JS file outside node_modules, (b) scans what tsaudit discovers)');
  console.log(`${'project'.padEnd(28)} ${'files'.padStart(6)} ${'MB'.padStart(6)} ${'(a) parse'.padStart(10)} ${'(b) scan'.padStart(10)} ${'b/a'.padStart(6)} ${'RSS'.padStart(8)}`);
  for (const dir of dirs) {
    const a = samples.wall(`a ${dir}`);
    const b = samples.wall(`b ${dir}`);
    const { files, bytes } = parsed.get(dir);
    rows.push({ project: path.basename(dir), files, bytes, a, b, ratio: b / a, rssMB: samples.rss(`b ${dir}`) });
    console.log(`${path.basename(dir).padEnd(28)} ${String(files).padStart(6)} ${(bytes / 1e6).toFixed(1).padStart(6)} ${sec(a).padStart(10)} ${sec(b).padStart(10)} ${(b / a).toFixed(2).padStart(6)} ${mb(samples.rss(`b ${dir}`)).padStart(8)}`);
  }
  return rows;
}

await main();
