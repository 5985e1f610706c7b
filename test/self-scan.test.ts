/** Eat our own cooking: tsaudit's own code passes its own scan with every rule on. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../src/engine/scan.js';

const REPO = path.resolve(import.meta.dirname, '..');

describe('self-scan', () => {
  it('finds nothing in src, rules, bin and scripts', async () => {
    const result = await scan({ root: REPO, paths: ['src', 'rules', 'bin', 'scripts'], workers: 1 });
    expect(result.summary.filesScanned).toBeGreaterThan(100);
    expect(result.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine} ${f.message}`)).toEqual([]);
    expect(result.notices).toEqual([]);
  });
});
