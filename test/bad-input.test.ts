/** Every kind of bad input: the scan goes on, and each skipped file gets one notice (console line and SARIF notification). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTextFile } from '../src/engine/files.js';
import { isOneLineError, makeTree, runCli } from './helpers/cli.js';
import { getSarifValidator } from './helpers/sarif.js';

const DANGER = ["const input = 'x';", 'danger(input);', ''].join('\n');

/** file → reason of the notice it must get. */
const EXPECTED: Record<string, string> = {
  'dangling.ts': 'symlink',
  'loop.ts': 'symlink',
  'escape.ts': 'symlink',
  'latin1.ts': 'not-utf8',
  'bin.js': 'binary',
  'big.ts': 'too-large',
  'min.js': 'minified',
  'broken.ts': 'parse-error',
};

/** A tree with one good file and one file of each bad kind; symlinks made after the files. */
function makeBadTree(): string {
  const outside = makeTree({ 'secret.ts': 'export const y = 2;\n', 'd/z.ts': 'export const z = 2;\n' });
  const dir = makeTree({
    'good.ts': DANGER,
    'latin1.ts': Buffer.from('const s = "caf\xe9";\n', 'latin1'),
    'bin.js': Buffer.from([0x61, 0x00, 0x01, 0x02, 0x62]),
    'big.ts': 'export const x = 1;\n'.repeat(300),
    'min.js': 'var a=1;'.repeat(400),
    'broken.ts': 'const = ;\n',
  });
  fs.mkdirSync(path.join(dir, 'empty'));
  fs.mkdirSync(path.join(dir, 'loopdir'));
  fs.symlinkSync('missing.ts', path.join(dir, 'dangling.ts'));
  fs.symlinkSync('loop.ts', path.join(dir, 'loop.ts'));
  fs.symlinkSync('..', path.join(dir, 'loopdir/up'));
  fs.symlinkSync(path.join(outside, 'secret.ts'), path.join(dir, 'escape.ts'));
  fs.symlinkSync(path.join(outside, 'd'), path.join(dir, 'escape-dir'));
  fs.symlinkSync('good.ts', path.join(dir, 'alias.ts'));
  return dir;
}

describe('a tree with every kind of bad file', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeBadTree();
  });

  it('scans the good file, reports its finding and one notice per bad file (JSON)', async () => {
    const r = await runCli(['--format', 'json', '--max-file-size', '5000'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: { location: { file: string } }) => f.location.file)).toEqual(['good.ts']);
    const notices = Object.fromEntries(report.notices.map((n: { file: string; reason: string }) => [n.file, n.reason]));
    expect(notices).toEqual(EXPECTED);
    expect(report.notices).toHaveLength(Object.keys(EXPECTED).length);
    expect(report.summary).toMatchObject({ filesScanned: 1, filesSkipped: Object.keys(EXPECTED).length });
  });

  it('prints one console line per skipped file', async () => {
    const r = await runCli(['--max-file-size', '5000'], { cwd: dir });
    const lines = r.stdout.split('\n');
    for (const [file, reason] of Object.entries(EXPECTED)) {
      const matching = lines.filter((l) => l.startsWith(`warning ${file}: skipped: `));
      expect(matching, `${file} (${reason})`).toHaveLength(1);
    }
    expect(lines.find((l) => l.startsWith('warning escape.ts'))).toBe('warning escape.ts: skipped: a symbolic link that leaves the scan root');
    expect(lines.find((l) => l.startsWith('warning big.ts'))).toBe('warning big.ts: skipped: 6000 bytes is over the 5000-byte limit (--max-file-size)');
    expect(r.stdout).toMatch(/· 1 file scanned · 8 skipped · /);
  });

  it('turns each notice into a SARIF tool notification with the file as location', async () => {
    const r = await runCli(['--format', 'sarif', '--max-file-size', '5000'], { cwd: dir });
    const log = JSON.parse(r.stdout);
    expect(getSarifValidator()(log)).toBe(true);
    const invocation = log.runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(true);
    const byUri = Object.fromEntries(
      invocation.toolExecutionNotifications.map((n: { descriptor: { id: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }> }) => {
        expect(n.locations[0].physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
        return [n.locations[0].physicalLocation.artifactLocation.uri, n.descriptor.id];
      }),
    );
    expect(byUri).toEqual(EXPECTED);
    const binary = invocation.toolExecutionNotifications.find((n: { descriptor: { id: string } }) => n.descriptor.id === 'binary');
    expect(binary).toMatchObject({ level: 'warning', message: { text: 'bin.js: skipped: binary file' } });
  });

  it('does not follow a link to a folder, or scan a file twice through a link', async () => {
    const report = JSON.parse((await runCli(['--format', 'json', '--max-file-size', '5000'], { cwd: dir })).stdout);
    const all = [...report.findings.map((f: { location: { file: string } }) => f.location.file), ...report.notices.map((n: { file: string }) => n.file)];
    expect(all.filter((f: string) => f.startsWith('escape-dir') || f.startsWith('loopdir'))).toEqual([]);
    expect(report.findings).toHaveLength(1);
  });

  it('skips a symlinked path given on the command line that leaves the root', async () => {
    const r = await runCli(['--format', 'json', 'escape.ts', 'good.ts'], { cwd: dir });
    const report = JSON.parse(r.stdout);
    expect(report.notices).toEqual([expect.objectContaining({ file: 'escape.ts', reason: 'symlink' })]);
    expect(report.findings).toHaveLength(1);
  });
});

describe('empty and missing inputs', () => {
  it('scans an empty directory without error', async () => {
    const dir = makeTree({});
    fs.mkdirSync(path.join(dir, 'empty'));
    const r = await runCli(['empty'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✔ no findings \(0 errors, 0 warnings, 0 notes\) · 0 suppressed · 0 files scanned · 0 skipped · \d+ ms\n$/);
  });

  it('exits 2 with one line for a path that does not exist', async () => {
    const dir = makeTree({ 'a.ts': DANGER });
    const r = await runCli(['a.ts', 'nope'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(isOneLineError(r.stderr)).toBe(true);
    expect(r.stderr).toBe(`tsaudit: path not found: nope (paths are resolved from ${dir})\n`);
  });
});

describe('readTextFile', () => {
  it('returns an unreadable notice instead of throwing (a folder read as a file; tests run as root, so chmod 000 cannot be used)', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tsaudit-unreadable-'));
    try {
      const result = readTextFile(folder, 'x.ts', 1_000_000);
      expect(result).toEqual({ ok: false, notice: { level: 'warning', file: 'x.ts', reason: 'unreadable', message: 'skipped: cannot read the file (EISDIR)' } });
    } finally {
      fs.rmSync(folder, { recursive: true });
    }
  });
});
