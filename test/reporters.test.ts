/** Reporter unit tests: the codeql-action line hash, console, JSON and markdown output. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeFingerprints, hashLines } from '../src/reporters/fingerprint.js';
import { formatConsole } from '../src/reporters/console.js';
import { formatJson } from '../src/reporters/json.js';
import { formatMarkdown, MAX_MARKDOWN_ROWS } from '../src/reporters/markdown.js';
import type { Finding, ScanResult } from '../src/types.js';
import { testRule } from './helpers/testRule.js';

describe('hashLines (codeql-action fingerprints.test.ts vectors)', () => {
  it('hashes an empty file as one line', () => {
    expect(hashLines('')).toEqual(['c129715d7a2bc9a3:1']);
  });

  it('ignores spaces and tabs', () => {
    expect(hashLines(' a\nb\n  \t\tc\n d')).toEqual(['271789c17abda88f:1', '54703d4cd895b18:1', '180aee12dab6264:1', 'a23a3dc5e078b07b:1']);
  });

  it('hashes without a final newline', () => {
    expect(hashLines(' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End')).toEqual([
      '8b7cf3e952e7aeb2:1',
      'b1ae1287ec4718d9:1',
      'bff680108adb0fcc:1',
      'c6805c5e1288b612:1',
      'b86d3392aea1be30:1',
      'e6ceba753e1a442:1',
    ]);
  });

  const withFinalNewline = ['e9496ae3ebfced30:1', 'fb7c023a8b9ccb3f:1', 'ce8ba1a563dcdaca:1', 'e20e36e16fcb0cc8:1', 'b3edc88f2938467e:1', 'c8e28b0b4002a3a0:1', 'c129715d7a2bc9a3:1'];
  it.each([
    [' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n'],
    [' hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r'],
    [' hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n'],
    [' hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n'],
  ])('normalizes line endings of %j', (text) => {
    expect(hashLines(text)).toEqual(withFinalNewline);
  });

  it('counts identical hashes', () => {
    expect(hashLines('Lorem ipsum dolor sit amet.\n'.repeat(10))).toEqual([
      'a7f2ff13bc495cf2:1',
      'a7f2ff13bc495cf2:2',
      'a7f2ff13bc495cf2:3',
      'a7f2ff13bc495cf2:4',
      'a7f2ff13bc495cf2:5',
      'a7f2ff13bc495cf2:6',
      'a7f2ff1481e87703:1',
      'a9cf91f7bbf1862b:1',
      '55ec222b86bcae53:1',
      'cc97dc7b1d7d8f7b:1',
      'c129715d7a2bc9a3:1',
    ]);
  });
});

/** The codeql-action algorithm transcribed literally, with BigInt standing in for `Long` (a reference for the property test). */
function referenceHash(text: string): string[] {
  const out: string[] = [];
  const window: number[] = Array(100).fill(0);
  const lineNumbers: number[] = Array(100).fill(-1);
  const counts: Record<string, number> = {};
  let firstMod = 1n;
  for (let i = 0; i < 100; i++) firstMod = BigInt.asIntN(64, firstMod * 37n);
  let hash = 0n;
  let index = 0;
  let lineNumber = 0;
  let lineStart = true;
  let prevCR = false;
  const output = () => {
    const value = BigInt.asUintN(64, hash).toString(16);
    counts[value] = (counts[value] ?? 0) + 1;
    out[lineNumbers[index] - 1] = `${value}:${counts[value]}`;
    lineNumbers[index] = -1;
  };
  const update = (current: number) => {
    const begin = window[index];
    window[index] = current;
    hash = BigInt.asIntN(64, 37n * hash + BigInt(current) - firstMod * BigInt(begin));
    index = (index + 1) % 100;
  };
  const process = (c: number) => {
    if (c === 32 || c === 9 || (prevCR && c === 10)) {
      prevCR = false;
      return;
    }
    if (c === 13) {
      c = 10;
      prevCR = true;
    } else prevCR = false;
    if (lineNumbers[index] !== -1) output();
    if (lineStart) {
      lineStart = false;
      lineNumber++;
      lineNumbers[index] = lineNumber;
    }
    if (c === 10) lineStart = true;
    update(c);
  };
  for (let i = 0; i < text.length; i++) process(text.charCodeAt(i));
  process(65535);
  for (let i = 0; i < 100; i++) {
    if (lineNumbers[index] !== -1) output();
    update(0);
  }
  return out;
}

describe('hashLines against a literal BigInt transcription', () => {
  it('agrees on arbitrary text, line endings and non-ASCII', () => {
    const char = fc.constantFrom('a', 'Z', ' ', '\t', '\n', '\r', ';', '{', 'é', '€', '\uffff', '😀');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 400 }).map((cs) => cs.join('')), (text) => {
        expect(hashLines(text)).toEqual(referenceHash(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('computeFingerprints', () => {
  const finding = (line: number): Finding => ({ ruleId: 'r', severity: 'error', message: 'm', location: { file: 'a.ts', startLine: line, startColumn: 1, endLine: line, endColumn: 2 } });

  it('sets the hash of the primary line, independent of the line number', () => {
    const text = 'const a = 1;\nrun(a);\n';
    const [f] = [finding(2)];
    computeFingerprints([f], () => text);
    expect(f.fingerprint).toBe(hashLines(text)[1]);
    const moved = finding(4);
    computeFingerprints([moved], () => `// new\n\n${text}`);
    expect(moved.fingerprint).toBe(f.fingerprint);
  });

  it('leaves the fingerprint unset when the text is unknown', () => {
    const f = finding(1);
    computeFingerprints([f], () => undefined);
    expect(f.fingerprint).toBeUndefined();
  });
});

const RULE = testRule;
const TEXT = "const input = 'x';\ndanger(input);\n";

function makeResult(overrides: Partial<ScanResult> = {}): ScanResult {
  const at = (line: number, startColumn: number, endColumn: number) => ({ file: 'src/a.ts', startLine: line, startColumn, endLine: line, endColumn });
  const finding: Finding = {
    ruleId: RULE.id,
    severity: 'error',
    message: 'Input | reaches `danger()`.',
    fix: 'Call safe().',
    location: at(2, 1, 14),
    steps: [
      { location: at(1, 15, 18), label: 'source' },
      { location: at(2, 1, 14), label: 'sink' },
    ],
    fingerprint: 'abc:1',
  };
  return {
    root: '/project',
    findings: [finding],
    suppressed: [{ ...finding, location: at(1, 1, 5), suppression: { kind: 'inSource', justification: 'fine' } }],
    notices: [
      { level: 'warning', file: 'b.js', reason: 'binary', message: 'skipped: binary file' },
      { level: 'error', reason: 'internal', message: 'rule x failed' },
    ],
    rules: [RULE],
    summary: { filesScanned: 2, filesSkipped: 1, findings: { error: 1, warning: 0, note: 0 }, suppressed: 1, baselineHidden: 0, durationMs: 1500 },
    ...overrides,
  };
}

describe('formatConsole', () => {
  it('prints findings, notices and the summary without colour', () => {
    const out = formatConsole(makeResult(), { color: false, readText: () => TEXT });
    expect(out).toBe(
      [
        'src/a.ts',
        '  2:1  error  test-danger  CWE-89',
        '    Input | reaches `danger()`.',
        '    fix: Call safe().',
        "      1 | const input = 'x';",
        '    > 2 | danger(input);',
        '        | ^^^^^^^^^^^^^',
        '      3 |',
        '    flow: src/a.ts:1 source → src/a.ts:2 sink',
        '',
        'warning b.js: skipped: binary file',
        'error rule x failed',
        '',
        '✖ 1 finding (1 error, 0 warnings, 0 notes) · 1 suppressed · 2 files scanned · 1 skipped · 1.5 s',
        '',
      ].join('\n'),
    );
  });

  it('colours severities and the code frame only when asked', () => {
    const coloured = formatConsole(makeResult(), { color: true, readText: () => TEXT });
    expect(coloured).toContain('\u001b[31merror\u001b[39m');
    expect(coloured).toMatch(/\u001b\[\d+m>\u001b\[\d+m/);
  });

  it('shows suppressed findings only with includeSuppressed, and nothing but findings when quiet', () => {
    expect(formatConsole(makeResult(), { color: false, readText: () => TEXT, includeSuppressed: true })).toContain('1:1  error  test-danger  CWE-89  (suppressed: fine)');
    const quiet = formatConsole(makeResult(), { color: false, readText: () => TEXT, quiet: true });
    expect(quiet).not.toContain('warning b.js');
    expect(quiet).not.toContain('✖');
    expect(formatConsole(makeResult({ findings: [] }), { color: false, quiet: true })).toBe('');
  });

  it('prints no code frame when the file cannot be read', () => {
    const out = formatConsole(makeResult(), { color: false, readText: () => undefined });
    expect(out).not.toContain('> 2 |');
    expect(out).toContain('    fix: Call safe().\n    flow:');
  });
});

describe('formatJson', () => {
  it('has the documented version-1 shape', () => {
    const report = JSON.parse(formatJson(makeResult()));
    expect(Object.keys(report)).toEqual(['version', 'tool', 'root', 'summary', 'findings', 'notices']);
    expect(report.version).toBe(1);
    expect(report.summary).toEqual({ filesScanned: 2, filesSkipped: 1, findings: { error: 1, warning: 0, note: 0 }, suppressed: 1, baselineHidden: 0, durationMs: 1500 });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toEqual({
      ruleId: 'test-danger',
      severity: 'error',
      message: 'Input | reaches `danger()`.',
      fix: 'Call safe().',
      location: { file: 'src/a.ts', startLine: 2, startColumn: 1, endLine: 2, endColumn: 14 },
      steps: [
        { location: { file: 'src/a.ts', startLine: 1, startColumn: 15, endLine: 1, endColumn: 18 }, label: 'source' },
        { location: { file: 'src/a.ts', startLine: 2, startColumn: 1, endLine: 2, endColumn: 14 }, label: 'sink' },
      ],
      fingerprint: 'abc:1',
    });
    expect(report.notices[0]).toEqual({ level: 'warning', file: 'b.js', reason: 'binary', message: 'skipped: binary file' });
  });

  it('includes suppressed findings, sorted by location, only when asked', () => {
    const report = JSON.parse(formatJson(makeResult(), { includeSuppressed: true }));
    expect(report.findings.map((f: { location: { startLine: number }; suppression?: unknown }) => [f.location.startLine, Boolean(f.suppression)])).toEqual([
      [1, true],
      [2, false],
    ]);
  });
});

describe('formatMarkdown', () => {
  it('has the counts, a rule table and a finding table with escaped pipes', () => {
    const md = formatMarkdown(makeResult());
    expect(md).toContain('**1 finding** (1 error, 0 warnings, 0 notes) · 1 suppressed · 2 files scanned · 1 skipped');
    expect(md).toContain('| Rule | Error | Warning | Note |\n| --- | ---: | ---: | ---: |\n| `test-danger` | 1 | 0 | 0 |');
    expect(md).toContain('| error | `test-danger` | `src/a.ts:2` | Input \\| reaches `danger()`. |');
    expect(md).toContain('- `b.js`: skipped: binary file');
  });

  it('caps the finding table and says how many were left out', () => {
    const [finding] = makeResult().findings;
    const many = Array.from({ length: MAX_MARKDOWN_ROWS + 3 }, () => finding);
    const md = formatMarkdown(makeResult({ findings: many }));
    expect(md.split('\n').filter((l) => l.startsWith('| error |'))).toHaveLength(MAX_MARKDOWN_ROWS);
    expect(md).toContain('…and 3 more.');
  });

  it('says so when there is nothing to report', () => {
    const md = formatMarkdown(makeResult({ findings: [], notices: [], summary: { ...makeResult().summary, findings: { error: 0, warning: 0, note: 0 } } }));
    expect(md).toBe('## tsaudit\n\n**0 findings** (0 errors, 0 warnings, 0 notes) · 1 suppressed · 2 files scanned · 1 skipped\n\n');
  });
});
