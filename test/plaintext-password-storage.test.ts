/** plaintext-password-storage: messages name the password and the write, and findings carry the flow across files. */
import { beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../src/engine/scan.js';
import type { Finding } from '../src/types.js';
import { makeTree } from './helpers/cli.js';

let findings: Finding[];

beforeAll(async () => {
  const dir = makeTree({
    'models.ts': [
      "import { Model, DataTypes, Sequelize } from 'sequelize';",
      "const sequelize = new Sequelize('sqlite::memory:');",
      'export class User extends Model {}',
      'User.init({ email: DataTypes.STRING, password: DataTypes.STRING }, { sequelize });',
      '',
    ].join('\n'),
    'service.ts': [
      "import bcrypt from 'bcrypt';",
      "import { User } from './models';",
      'export async function register(email: string, password: string) {',
      '  return User.create({ email, password });',
      '}',
      'export async function registerHashed(email: string, password: string) {',
      '  return User.create({ email, passwordHash: await bcrypt.hash(password, 12) });',
      '}',
      'export async function importUser(email: string, password: string) {',
      '  return User.create({ email, password });',
      '}',
      '',
    ].join('\n'),
    'routes.ts': [
      "import express from 'express';",
      "import { register, registerHashed } from './service';",
      'const app = express();',
      "app.post('/register', async (req, res) => {",
      '  await register(req.body.email, req.body.password);',
      '  await registerHashed(req.body.email, req.body.password);',
      "  res.cookie('pw', req.body.password);",
      '  res.end();',
      '});',
      '',
    ].join('\n'),
  });
  findings = (await scan({ root: dir, rules: ['plaintext-password-storage'] })).findings;
});

function at(file: string, line: number): Finding {
  const f = findings.find((x) => x.location.file === file && x.location.startLine === line);
  if (!f) throw new Error(`no finding at ${file}:${line}: ${JSON.stringify(findings.map((x) => `${x.location.file}:${x.location.startLine}`))}`);
  return f;
}

describe('plaintext-password-storage', () => {
  it('names the request field and the model write for a password passed through a service in another file', () => {
    const f = at('service.ts', 4);
    expect(f.message).toBe('`req.body.password` is saved by `User.create` without hashing.');
    expect(f.fix).toBe('Store a slow salted hash instead of the password: `User.create({ email, passwordHash: await bcrypt.hash(password, 12) })`.');
    expect(f.severity).toBe('error');
    expect(f.steps?.map((s) => `${s.location.file}:${s.location.startLine}:${s.label}`)).toEqual([
      'routes.ts:5:source: req.body.password',
      'routes.ts:5:passed to `register`',
      'service.ts:3:parameter `password` of `register`',
      'service.ts:4:reaches `User.create`',
    ]);
  });

  it('stays silent when the password is hashed on the way', () => {
    expect(findings.filter((f) => f.location.file === 'service.ts' && f.location.startLine === 7)).toEqual([]);
  });

  it('reports an exported function that stores its password parameter and has no caller', () => {
    const f = at('service.ts', 10);
    expect(f.message).toBe('Parameter `password` of exported `importUser` is saved by `User.create` without hashing.');
    expect(f.precision).toBe('medium');
  });

  it('tells client-side storage apart', () => {
    const f = at('routes.ts', 7);
    expect(f.message).toBe('`req.body.password` is kept in a cookie by `res.cookie`.');
    expect(f.fix).toContain('store a session token instead');
    expect(f.steps?.at(-1)?.label).toBe('saved by `res.cookie`');
  });

  it('reports one finding per write, naming the first password and counting the others', async () => {
    const dir = makeTree({
      'signup.ts': [
        "import fs from 'node:fs';",
        "import express from 'express';",
        'const app = express();',
        "app.post('/signup', async (req, res) => {",
        '  const body = req.body as { email: string; password: string; confirmPassword: string };',
        "  await fs.promises.writeFile('signup.json', JSON.stringify({ password: body.password, confirm: body.confirmPassword }));",
        '  res.end();',
        '});',
        '',
      ].join('\n'),
    });
    const own = (await scan({ root: dir, rules: ['plaintext-password-storage'] })).findings;
    expect(own.map((f) => [f.location.startLine, f.message])).toEqual([[6, '`body.password` (and 1 more) is saved by `fs.promises.writeFile` without hashing.']]);
  });

  it('reports nothing else', () => {
    expect(findings.map((f) => `${f.location.file}:${f.location.startLine}`).sort()).toEqual(['routes.ts:7', 'service.ts:10', 'service.ts:4']);
  });
});
