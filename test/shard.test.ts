/**
 * Sharding: a stable split by path, and n shards that together report exactly what one unsharded scan reports,
 * cross-file flows included (each shard still follows imports into the other shards' files).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Sarif from 'sarif';
import { compareFindings, scan, type ScanOptions } from '../src/engine/scan.js';
import { checkShard, getShardOf, isInShard } from '../src/engine/shard.js';
import { UsageError } from '../src/engine/files.js';
import { toSarif } from '../src/reporters/sarif.js';
import { mergeSarif } from '../src/reporters/merge.js';
import type { Finding, Notice, ScanResult } from '../src/types.js';

const REPO = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.join(REPO, 'fixtures');
let corpus: string;

beforeAll(async () => {
  const generator = pathToFileURL(path.join(REPO, 'scripts/gen-corpus.mjs')).href;
  const { generateCorpus } = (await import(generator)) as { generateCorpus: (dir: string, files: number) => unknown };
  corpus = fs.mkdtempSync(path.join(os.tmpdir(), 'tsaudit-shard-'));
  generateCorpus(corpus, 150);
});

/** JSON with object keys sorted, so key order does not matter. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

const byNotice = (a: Notice, b: Notice) => JSON.stringify(a).localeCompare(JSON.stringify(b));

/** Findings, suppressed findings and file notices of all shards together, in the unsharded order. */
function union(results: ScanResult[]) {
  return {
    findings: results.flatMap((r) => r.findings).sort(compareFindings),
    suppressed: results.flatMap((r) => r.suppressed).sort(compareFindings),
    notices: results.flatMap((r) => r.notices).sort(byNotice),
    filesScanned: results.reduce((n, r) => n + r.summary.filesScanned, 0),
  };
}

function whole(result: ScanResult) {
  return { findings: result.findings, suppressed: result.suppressed, notices: [...result.notices].sort(byNotice), filesScanned: result.summary.filesScanned };
}

async function scanShards(options: ScanOptions, count: number): Promise<ScanResult[]> {
  const results: ScanResult[] = [];
  for (let index = 1; index <= count; index++) results.push(await scan({ ...options, shard: { index, count } }));
  return results;
}

describe('getShardOf', () => {
  const paths = Array.from({ length: 2000 }, (_, i) => `src/module-${i % 37}/file-${i}.ts`);

  it('gives a path the same shard every time', () => {
    expect(paths.map((p) => getShardOf(p, 4))).toEqual(paths.map((p) => getShardOf(p, 4)));
    expect(getShardOf('src/app.ts', 3)).toBe(getShardOf('src/app.ts', 3));
  });

  it('does not move a file when others are added or removed', () => {
    const before = new Map(paths.slice(0, 1000).map((p) => [p, getShardOf(p, 5)]));
    const after = new Map(paths.slice(500).map((p) => [p, getShardOf(p, 5)]));
    for (const p of paths.slice(500, 1000)) expect(after.get(p)).toBe(before.get(p));
  });

  it('spreads files evenly enough over the shards', () => {
    for (const count of [2, 3, 4, 8]) {
      const sizes = new Array(count).fill(0);
      for (const p of paths) sizes[getShardOf(p, count) - 1]++;
      for (const size of sizes) expect(size).toBeGreaterThan((paths.length / count) * 0.8);
    }
  });

  it('puts every path in exactly one shard', () => {
    for (const p of paths.slice(0, 100)) {
      const owners = [1, 2, 3].filter((index) => isInShard(p, { index, count: 3 }));
      expect(owners).toEqual([getShardOf(p, 3)]);
    }
  });
});

describe('checkShard', () => {
  it('rejects shards outside 1..count', () => {
    for (const bad of [
      { index: 0, count: 3 },
      { index: 4, count: 3 },
      { index: 1, count: 0 },
      { index: 1.5, count: 2 },
    ]) {
      expect(() => checkShard(bad)).toThrow(UsageError);
    }
    expect(checkShard({ index: 3, count: 3 })).toEqual({ index: 3, count: 3 });
  });

  it('makes scan() throw a UsageError for a bad shard', async () => {
    await expect(scan({ root: FIXTURES, shard: { index: 5, count: 4 } })).rejects.toThrow(UsageError);
  });
});

describe('sharded scans', () => {
  it('report only findings located in their own files', async () => {
    const shard = { index: 1, count: 3 };
    const result = await scan({ root: corpus, workers: 1, shard });
    expect(result.findings.length).toBeGreaterThan(0);
    for (const f of result.findings) expect(getShardOf(f.location.file, 3)).toBe(1);
  });

  for (const count of [2, 3, 4]) {
    it(`together equal the unsharded scan of the fixtures (${count} shards)`, async () => {
      const unsharded = await scan({ root: FIXTURES, workers: 1 });
      const shards = await scanShards({ root: FIXTURES, workers: 1 }, count);
      expect(union(shards)).toEqual(whole(unsharded));
    });
  }

  it('together equal the unsharded scan of a generated corpus, whose flows cross files (3 shards)', async () => {
    const unsharded = await scan({ root: corpus, workers: 1 });
    // the corpus passes req.query from a controller through a service into a repository's pool.query
    const crossFile = unsharded.findings.filter((f: Finding) => f.steps?.some((s) => s.location.file !== f.location.file));
    expect(crossFile.length).toBeGreaterThan(0);
    const shards = await scanShards({ root: corpus, workers: 1 }, 3);
    expect(union(shards)).toEqual(whole(unsharded));
  });

  it('merge into the unsharded SARIF results with mergeSarif', async () => {
    const unsharded = toSarif(await scan({ root: FIXTURES, workers: 1 }));
    const shards = await scanShards({ root: FIXTURES, workers: 1 }, 3);
    const merged = mergeSarif(shards.map((r) => toSarif(r)));
    const sorted = (log: Sarif.Log) => (log.runs[0].results ?? []).map(canonicalJson).sort();
    expect(sorted(merged)).toEqual(sorted(unsharded));
    expect(sorted(merged).length).toBeGreaterThan(0);
  });

  it('with one shard of one equal the unsharded scan', async () => {
    const unsharded = await scan({ root: FIXTURES, workers: 1 });
    const one = await scan({ root: FIXTURES, workers: 1, shard: { index: 1, count: 1 } });
    expect(whole(one)).toEqual(whole(unsharded));
  });
});
