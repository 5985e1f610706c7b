/** sensitive-data-logging: message text, sink names, severities, data-flow steps and the `personalData` option. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../src/engine/scan.js';
import type { Finding, ScanResult } from '../src/types.js';

const RULE = 'sensitive-data-logging';
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures', RULE);

/** 1-based line of the first line of `file` containing `snippet`. */
function lineOf(file: string, snippet: string): number {
  const index = fs.readFileSync(path.join(FIXTURES, file), 'utf8').split('\n').findIndex((l) => l.includes(snippet));
  if (index < 0) throw new Error(`${snippet} not in ${file}`);
  return index + 1;
}

function findingAt(result: ScanResult, file: string, snippet: string): Finding {
  const line = lineOf(file, snippet);
  const found = result.findings.filter((f) => f.location.file === file && f.location.startLine === line);
  expect(found).toHaveLength(1);
  return found[0];
}

describe(RULE, () => {
  let result: ScanResult;
  beforeAll(async () => {
    result = await scan({ root: FIXTURES, rules: [RULE] });
  });

  it('names a whole object by the field it carries and the logger method', () => {
    const f = findingAt(result, 'express-handlers.ts', "logger.info('login attempt', req.body)");
    expect(f.message).toBe('`req.body` (has `password`) is logged by `logger.info`.');
    expect(f.severity).toBe('error');
    expect(f.fix).toBe("Log only the fields you need, or remove `password` from `req.body` before logging it (rest destructuring, `omit`, or the logger's redaction).");
  });

  it('names a member read and the console method', () => {
    const f = findingAt(result, 'console.ts', 'console.log(user.apiKey)');
    expect(f.message).toBe('`user.apiKey` is logged by `console.log`.');
    expect(f.fix).toBe('Remove `user.apiKey` from the log; log whether it is set, or a masked form, instead.');
    expect(f.steps).toBeUndefined();
  });

  it('gives the data-flow steps of a value that travelled', () => {
    const f = findingAt(result, 'console.ts', 'console.error(line)');
    expect(f.message).toBe('`session.refreshToken` is logged by `console.error`.');
    expect(f.steps?.map((s) => s.label)).toEqual(['source: `session.refreshToken`', '`t` is assigned', '`line` is assigned', 'logged by `console.error`']);
    expect(f.steps?.[0].location.startLine).toBe(lineOf('console.ts', 'const t = session.refreshToken'));
  });

  it('types a value through an imported interface', () => {
    const f = findingAt(result, 'typed.ts', 'log.info({ member }');
    expect(f.message).toBe('`member` (has `password`) is logged by `log.info`.');
  });

  it('reports a logging wrapper in another file at the call that passes the secret', () => {
    const f = findingAt(result, 'wrapper-callers.ts', "logInfo('registering', { username, password })");
    expect(f.message).toBe('`password` is logged by `logger.info` through `logInfo`.');
    const labels = f.steps?.map((s) => `${s.location.file}: ${s.label}`);
    expect(labels).toEqual([
      'wrapper-callers.ts: source: `password`',
      'wrapper-callers.ts: passed to `logInfo`',
      'app-logger.ts: parameter `meta` of `logInfo`',
      'app-logger.ts: reaches `logger.info`',
    ]);
  });

  it('follows two wrappers deep', () => {
    const f = findingAt(result, 'wrapper-callers.ts', "audit('login', { apiKey })");
    expect(f.message).toBe('`apiKey` is logged by `logger.info` through `audit`.');
    expect(f.steps?.map((s) => s.label)).toContain('parameter `detail` of `audit`');
  });

  it('names a value put under a sensitive key', () => {
    const f = findingAt(result, 'typed.ts', "log.info({ name, pass: p }, 'registering')");
    expect(f.message).toBe('`pass: p` is logged by `log.info`.');
  });

  it('reports personal data as a warning when asked to (`personalData: true`)', async () => {
    const withPersonal = await scan({ root: FIXTURES, rules: [RULE], ruleSettings: { [RULE]: { options: { personalData: true } } } });
    expect(result.findings.filter((f) => f.severity === 'warning')).toEqual([]);
    const f = findingAt(withPersonal, 'console.ts', "console.log('sending receipt to', email)");
    expect(f.message).toBe('`email` is logged by `console.log`.');
    expect(f.severity).toBe('warning');
    expect(f.fix).toBe('Log an id instead of `email`, or a masked form.');
  });

  it('keeps pino redact paths and serializers silent, but not the message text', () => {
    const pino = result.findings.filter((f) => f.location.file === 'pino.ts').map((f) => f.location.startLine);
    expect(pino).not.toContain(lineOf('pino.ts', "redacting.info({ password }, 'login')"));
    expect(pino).not.toContain(lineOf('pino.ts', "serializing.info({ user }, 'user')"));
    expect(pino).toContain(lineOf('pino.ts', 'redacting.info(`password is ${password}`)'));
  });

  it('reports personal data only with `personalData: true`, as warnings', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsaudit-sdl-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.ts'), "export function f(email: string, token: string) {\n  console.log(email);\n  console.log(token);\n}\n");
      const byDefault = await scan({ root: dir, rules: [RULE] });
      expect(byDefault.findings.map((f) => f.location.startLine)).toEqual([3]);
      const on = await scan({ root: dir, rules: [RULE], ruleSettings: { [RULE]: { options: { personalData: true } } } });
      expect(on.findings.map((f) => [f.location.startLine, f.severity])).toEqual([[2, 'warning'], [3, 'error']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
