/** stack-trace-exposure: messages name the error, where it was caught and the response that sends it, with the flow between. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../src/engine/scan.js';
import type { Finding } from '../src/types.js';

let dir: string;
let findings: Finding[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsaudit-stack-'));
  fs.writeFileSync(
    path.join(dir, 'errors.ts'),
    [
      "import type { Response } from 'express';",
      'export function sendError(res: Response, err: Error) {',
      '  res.status(500).send({ trace: err.stack });',
      '}',
      'export function reply(res: Response, body: unknown) {',
      '  res.status(500).json(body);',
      '}',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'routes.ts'),
    [
      "import express from 'express';",
      "import errorhandler from 'errorhandler';",
      "import { reply, sendError } from './errors';",
      'const app = express();',
      "app.get('/a', async (req, res) => {",
      '  try {',
      '    res.json(await load());',
      '  } catch (err) {',
      '    const payload = { error: err.stack };',
      '    res.status(500).json(payload);',
      '  }',
      '});',
      "app.get('/b', async (req, res) => {",
      '  try {',
      '    res.json(await load());',
      '  } catch (e) {',
      '    res.status(500).json({ message: e.message });',
      '  }',
      '});',
      "app.get('/c', async (req, res) => {",
      '  try { res.json(await load()); } catch (problem) {',
      '    sendError(res, problem as Error);',
      '  }',
      '});',
      'app.use(errorhandler());',
      "if (process.env.NODE_ENV !== 'production') app.use(errorhandler());",
      "app.get('/d', async (req, res) => {",
      '  try { res.json(await load()); } catch (err) {',
      '    if (req.query.text) return res.status(500).send(String(err));',
      '    res.status(500).json({ error: err });',
      '  }',
      '});',
      'async function load() { return []; }',
      "app.get('/e', async (req, res) => {",
      '  try { res.json(await load()); } catch (e) { reply(res, { trace: (e as Error).stack }); }',
      '});',
      '',
    ].join('\n'),
  );
  findings = (await scan({ root: dir, rules: ['stack-trace-exposure'] })).findings;
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function at(line: number): Finding {
  const f = findings.find((x) => x.location.file === 'routes.ts' && x.location.startLine === line);
  if (!f) throw new Error(`no finding at routes.ts:${line}: ${JSON.stringify(findings.map((x) => x.location))}`);
  return f;
}

describe('stack-trace-exposure', () => {
  it('names the stack, the catch it comes from and the response that sends it', () => {
    const f = at(10);
    expect(f.message).toBe('`err.stack` from the caught exception (line 8) is sent to the client by `res.status(500).json`.');
    expect(f.fix).toBe("Log the error server-side with an error id and send a generic message with that id: `res.status(500).json({ error: 'Internal server error', errorId })`.");
    expect(f.severity).toBe('error');
    expect(f.steps?.map((s) => `${s.location.startLine}:${s.label}`)).toEqual(['9:source: err.stack', '9:`payload` is assigned', '10:sent to the client by `res.status(500).json`']);
  });

  it('reports the message of an unexpected error as a warning', () => {
    const f = at(17);
    expect(f.message).toBe('`e.message` from the caught exception (line 16) is sent to the client by `res.status(500).json`.');
    expect(f.severity).toBe('warning');
    expect(f.fix).toContain('err instanceof ValidationError');
  });

  it('reports an error helper in another file at its response, with the path from the caller', () => {
    const f = findings.find((x) => x.location.file === 'errors.ts');
    expect(f?.location.startLine).toBe(3);
    expect(f?.message).toBe('`problem.stack` of the error passed to `sendError` (the caught exception, routes.ts line 21) is sent to the client by `res.status(500).send`.');
    expect(f?.steps?.map((s) => `${s.location.file}:${s.location.startLine}:${s.label}`)).toEqual([
      'routes.ts:22:source: problem',
      'routes.ts:22:passed to `sendError`',
      'errors.ts:3:`err.stack` read from a parameter of `sendError`',
      'errors.ts:3:sent to the client by `res.status(500).send`',
    ]);
    // the caller is not a finding of its own
    expect(findings.some((x) => x.location.file === 'routes.ts' && x.location.startLine === 22)).toBe(false);
  });

  it('reports a helper that sends the body it is given at the caller that puts the stack in', () => {
    expect(at(35).message).toBe('`e.stack` from the caught exception (line 35) is sent to the client by `res.status(500).json` through `reply`.');
    expect(findings.filter((x) => x.location.file === 'errors.ts').map((x) => x.location.startLine)).toEqual([3]);
  });

  it('reports an error turned into its string as its message, the error object as the whole error', () => {
    // String(err) is "Name: message", without the stack
    expect(at(29).severity).toBe('warning');
    expect(at(30).severity).toBe('error');
  });

  it('reports errorhandler installed outside a development-only guard', () => {
    const f = at(25);
    expect(f.message).toBe('`errorhandler()` sends error stack traces to the client and is installed outside a development-only guard.');
    expect(f.severity).toBe('error');
  });

  it('reports nothing else', () => {
    expect(findings.map((f) => `${f.location.file}:${f.location.startLine}`).sort()).toEqual(['errors.ts:3', 'routes.ts:10', 'routes.ts:17', 'routes.ts:25', 'routes.ts:29', 'routes.ts:30', 'routes.ts:35']);
  });
});
