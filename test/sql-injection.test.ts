/** sql-injection: messages name the source and the sink, and findings carry the flow from one to the other. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../src/engine/scan.js';
import type { Finding } from '../src/types.js';
import { scanFiles } from './helpers/scanFiles.js';

let dir: string;
let findings: Finding[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsaudit-sqli-'));
  fs.writeFileSync(
    path.join(dir, 'db.ts'),
    ["import { Pool } from 'pg';", 'const pool = new Pool();', 'export const query = (text: string) => pool.query(text);', ''].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'routes.ts'),
    [
      "import express from 'express';",
      "import { Pool } from 'pg';",
      "import { query } from './db';",
      'const pool = new Pool();',
      'const app = express();',
      "app.get('/a', async (req, res) => {",
      '  const name = req.query.name;',
      "  await pool.query(`SELECT * FROM users WHERE name = '${name}'`);",
      "  await query('SELECT * FROM t WHERE id = ' + req.params.id);",
      '  await pool.query(req.body.sql);',
      '  class Finder { constructor(private readonly where: string) {} run() { return pool.query(`SELECT 1 FROM t ${this.where}`); } }',
      '  await new Finder(req.query.w as string).run();',
      '  res.end();',
      '});',
      '',
    ].join('\n'),
  );
  findings = (await scan({ root: dir, rules: ['sql-injection'] })).findings;
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function at(line: number): Finding {
  const f = findings.find((x) => x.location.file === 'routes.ts' && x.location.startLine === line);
  if (!f) throw new Error(`no finding at routes.ts:${line}: ${JSON.stringify(findings.map((x) => x.location))}`);
  return f;
}

describe('sql-injection', () => {
  it('names the source and the sink of a built query', () => {
    const f = at(8);
    expect(f.message).toBe('SQL built from `req.query.name` reaches `pool.query`.');
    expect(f.fix).toBe("Pass the value as a bound parameter: `pool.query('SELECT * FROM users WHERE id = $1', [id])`.");
    expect(f.severity).toBe('error');
    expect(f.steps?.map((s) => `${s.location.startLine}:${s.label}`)).toEqual(['7:source: req.query.name', '7:`name` is assigned', '8:reaches `pool.query`']);
  });

  it('reports a wrapper in another file at the caller, with the path into the wrapper', () => {
    const f = at(9);
    expect(f.message).toBe('SQL built from `req.params.id` reaches `pool.query` through `query`.');
    expect(f.steps?.map((s) => `${s.location.file}:${s.location.startLine}`)).toEqual(['routes.ts:9', 'routes.ts:9', 'db.ts:3', 'db.ts:3']);
    // the wrapper itself is not a finding
    expect(findings.some((x) => x.location.file === 'db.ts')).toBe(false);
  });

  it('says when request input is the whole SQL text', () => {
    expect(at(10).message).toBe('`req.body.sql` is run as SQL text by `pool.query`.');
  });

  it('follows a constructor parameter stored in a field to the caller of `new`', () => {
    expect(at(12).message).toContain('`req.query.w');
  });

  it('reports nothing else', () => {
    expect(findings.map((f) => `${f.location.file}:${f.location.startLine}`)).toEqual(['routes.ts:8', 'routes.ts:9', 'routes.ts:10', 'routes.ts:12']);
  });
});

describe('sql-injection location across functions', () => {
  it('sits where the input is built into SQL text: a service query for all its callers, the call for a fragment parameter', async () => {
    const findings = await scanFiles(
      {
        'repo.ts': [
          "import { Pool } from 'pg';",
          'const pool = new Pool();',
          'export const findByName = (name: string) => pool.query(`SELECT * FROM users WHERE name = \'${name}\'`);',
          'export const search = (where: string) => pool.query(`SELECT * FROM users WHERE ${where}`);',
        ],
        'routes.ts': [
          "import express from 'express';",
          "import { findByName, search } from './repo';",
          'const app = express();',
          "app.get('/a', async (req, res) => res.json(await findByName(req.query.a as string)));",
          "app.get('/b', async (req, res) => res.json(await findByName(req.params.b)));",
          "app.get('/c', async (req, res) => res.json(await search(`email = '${req.query.c}'`)));",
          "app.get('/d', async (req, res) => res.json(await search(req.query.d as string)));",
        ],
      },
      ['sql-injection'],
    );
    expect(findings.map((f) => `${f.location.file}:${f.location.startLine} ${f.message}`)).toEqual([
      'repo.ts:3 SQL built from `req.query.a` (and 1 more input), passed to `findByName`, reaches `pool.query`.',
      'routes.ts:6 SQL built from `req.query.c` reaches `pool.query` through `search`.',
      'routes.ts:7 SQL built from `req.query.d` reaches `pool.query` through `search`.',
    ]);
    const [service] = findings;
    expect(service.steps?.map((s) => `${s.location.file}:${s.location.startLine}`)).toEqual(['routes.ts:4', 'routes.ts:4', 'repo.ts:3', 'repo.ts:3']);
  });
});

describe('sql-injection messages for destructured parameters', () => {
  it('show the pattern on one line', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tsaudit-sqli-pattern-'));
    try {
      fs.writeFileSync(
        path.join(root, 'purge.ts'),
        [
          "import { Pool } from 'pg';",
          'const pool = new Pool();',
          'export async function purge({',
          '  where,',
          '  force,',
          '}: { where: string; force: boolean }) {',
          '  if (force) await pool.query(`DELETE FROM logs WHERE ${where}`);',
          '}',
          '',
        ].join('\n'),
      );
      const [finding] = (await scan({ root, rules: ['sql-injection'] })).findings;
      expect(finding.message).toContain('`{ where, force }`');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
