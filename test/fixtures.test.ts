/** The fixtures are the spec: every `// expect: <rule-id>` line must be reported, and nothing else. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../src/engine/scan.js';
import { allRules } from '../rules/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const EXPECT = /(?:\/\/|#)\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/g;

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}

/** `file:line:rule` for each marked line of the fixture folder. */
function expectedMarks(dir: string, ruleId: string): string[] {
  const marks: string[] = [];
  for (const file of listFiles(dir)) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      for (const m of line.matchAll(EXPECT)) {
        for (const id of m[1].split(/\s*,\s*/)) if (id === ruleId) marks.push(`${path.relative(dir, file)}:${i + 1}:${id}`);
      }
    });
  }
  return marks.sort();
}

const ruleDirs = fs.existsSync(FIXTURES)
  ? fs.readdirSync(FIXTURES).filter((d) => d !== 'demo-app' && allRules.some((r) => r.id === d))
  : [];

describe('fixtures', () => {
  it('has a fixture folder for every rule with a visitor', () => {
    const missing = allRules.filter((r) => (r.create || r.checkTextFile) && !ruleDirs.includes(r.id)).map((r) => r.id);
    expect(missing).toEqual([]);
  });

  for (const ruleId of ruleDirs) {
    it(`${ruleId}: reports exactly the marked lines`, async () => {
      const dir = path.join(FIXTURES, ruleId);
      const result = await scan({ root: dir, rules: [ruleId] });
      const internal = result.notices.filter((n) => n.reason === 'internal');
      expect(internal).toEqual([]);
      const actual = [...new Set(result.findings.map((f) => `${f.location.file}:${f.location.startLine}:${f.ruleId}`))].sort();
      const expected = expectedMarks(dir, ruleId);
      const missed = expected.filter((e) => !actual.includes(e));
      const spurious = actual.filter((a) => !expected.includes(a));
      expect({ missed, spurious }).toEqual({ missed: [], spurious: [] });
    });
  }
});
