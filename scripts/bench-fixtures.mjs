#!/usr/bin/env node
/**
 * Per-rule precision and recall on the fixtures: scans `fixtures/<rule>/` with that rule alone (the built engine in
 * dist/) and compares the findings with the `// expect: <rule>` markers, line by line.
 *
 * Usage: node scripts/bench-fixtures.mjs [--verbose]   (run `npm run build` first)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const EXPECT = /(?:\/\/|#)\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/g;
const KNOWN_MISS = /(?:\/\/|#)\s*known miss:/g;

function listFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}

/** `file:line` of each line marked for `ruleId`, and the number of `known miss:` comments. */
function readMarks(dir, ruleId) {
  const expected = new Set();
  let knownMisses = 0;
  for (const file of listFiles(dir)) {
    const rel = path.relative(dir, file).split(path.sep).join('/');
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const m of line.matchAll(EXPECT)) if (m[1].split(/\s*,\s*/).includes(ruleId)) expected.add(`${rel}:${i + 1}`);
        knownMisses += [...line.matchAll(KNOWN_MISS)].length;
      });
  }
  return { expected, knownMisses };
}

/** Scores every rule that has a fixture folder; `repo` defaults to this checkout (its dist/ must be built). */
export async function scoreFixtures(repo = REPO) {
  const dist = (file) => pathToFileURL(path.join(repo, 'dist', file)).href;
  const { scan } = await import(dist('src/engine/scan.js'));
  const { allRules } = await import(dist('rules/index.js'));
  const fixtures = path.join(repo, 'fixtures');
  const rows = [];
  for (const rule of allRules) {
    const dir = path.join(fixtures, rule.id);
    if (!fs.existsSync(dir)) continue;
    const { expected, knownMisses } = readMarks(dir, rule.id);
    const result = await scan({ root: dir, rules: [rule.id], workers: 1 });
    const actual = new Set(result.findings.filter((f) => f.ruleId === rule.id).map((f) => `${f.location.file}:${f.location.startLine}`));
    const tp = [...actual].filter((a) => expected.has(a));
    const fp = [...actual].filter((a) => !expected.has(a)).sort();
    const fn = [...expected].filter((e) => !actual.has(e)).sort();
    rows.push({
      rule: rule.id,
      tp: tp.length,
      fp: fp.length,
      fn: fn.length,
      precision: actual.size ? tp.length / actual.size : expected.size ? 0 : 1,
      recall: expected.size ? tp.length / expected.size : 1,
      knownMisses,
      falsePositives: fp,
      falseNegatives: fn,
    });
  }
  return rows;
}

/** The table printed by the bench. */
export function formatFixtureScores(rows, { verbose = false } = {}) {
  if (rows.length === 0) return 'no fixture folders found (fixtures/<rule-id>/)';
  const pct = (x) => `${(100 * x).toFixed(1)}%`;
  const lines = [`${'rule'.padEnd(26)} ${'TP'.padStart(4)} ${'FP'.padStart(4)} ${'FN'.padStart(4)} ${'precision'.padStart(10)} ${'recall'.padStart(8)}  known misses`];
  for (const r of rows) {
    lines.push(`${r.rule.padEnd(26)} ${String(r.tp).padStart(4)} ${String(r.fp).padStart(4)} ${String(r.fn).padStart(4)} ${pct(r.precision).padStart(10)} ${pct(r.recall).padStart(8)}  ${r.knownMisses}`);
    if (verbose) {
      for (const f of r.falsePositives) lines.push(`    FP ${f}`);
      for (const f of r.falseNegatives) lines.push(`    FN ${f}`);
    }
  }
  const tp = rows.reduce((n, r) => n + r.tp, 0);
  const fp = rows.reduce((n, r) => n + r.fp, 0);
  const fn = rows.reduce((n, r) => n + r.fn, 0);
  lines.push(`${'all rules'.padEnd(26)} ${String(tp).padStart(4)} ${String(fp).padStart(4)} ${String(fn).padStart(4)} ${pct(tp + fp ? tp / (tp + fp) : 1).padStart(10)} ${pct(tp + fn ? tp / (tp + fn) : 1).padStart(8)}`);
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const rows = await scoreFixtures();
  console.log(formatFixtureScores(rows, { verbose: process.argv.includes('--verbose') }));
}
