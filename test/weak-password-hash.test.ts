/** weak-password-hash: messages name the password, the algorithm or cost, and the call; helpers in other files count. */
import { beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../src/engine/scan.js';
import type { Finding } from '../src/types.js';
import { makeTree } from './helpers/cli.js';

let findings: Finding[];

beforeAll(async () => {
  const dir = makeTree({
    'hash.ts': [
      "import { createHash } from 'node:crypto';",
      'export function hash(value: string) {',
      "  return createHash('sha256').update(value).digest('hex');",
      '}',
      '',
    ].join('\n'),
    'routes.ts': [
      "import express from 'express';",
      "import crypto from 'node:crypto';",
      "import bcrypt from 'bcrypt';",
      "import { hash } from './hash';",
      'const app = express();',
      "app.post('/a', async (req, res) => {",
      '  const stored = hash(req.body.password);',
      "  const etag = hash(JSON.stringify(req.body.items));",
      '  const weak = await bcrypt.hash(req.body.password, 8);',
      "  const key = crypto.pbkdf2Sync(req.body.password, 'salt', 1000, 32, 'sha256');",
      '  const salt = await bcrypt.genSalt(6);',
      '  const enc = crypto.createCipheriv(\'aes-256-cbc\', Buffer.alloc(32), Buffer.alloc(16)).update(req.body.password);',
      '  res.json({ stored, etag, weak, key, salt, enc });',
      '});',
      "app.post('/b', (req, res) => res.json({ stored: hash(req.body.newPassword), again: hash(req.body.oldPassword) }));",
      "app.post('/c', (req, res) => res.json({ stored: hash(req.body.confirmPassword) }));",
      '',
    ].join('\n'),
  });
  findings = (await scan({ root: dir, rules: ['weak-password-hash'] })).findings;
});

function at(file: string, line: number): Finding {
  const f = findings.find((x) => x.location.file === file && x.location.startLine === line);
  if (!f) throw new Error(`no finding at ${file}:${line}: ${JSON.stringify(findings.map((x) => `${x.location.file}:${x.location.startLine}`))}`);
  return f;
}

describe('weak-password-hash', () => {
  it('reports a fast digest in a helper in another file, with the flow from the request', () => {
    const f = at('hash.ts', 3);
    // one finding per hash call: the first password to reach it, and how many more
    expect(findings.filter((x) => x.location.file === 'hash.ts')).toHaveLength(1);
    expect(f.message).toBe("`req.body.password` (and 3 more passwords) is hashed with SHA-256 by `createHash('sha256')`, a fast digest unfit for passwords.");
    expect(f.fix).toBe('Hash passwords with a slow, salted function instead: `await bcrypt.hash(password, 12)` (or argon2id, scrypt).');
    expect(f.steps?.map((s) => `${s.location.file}:${s.location.startLine}:${s.label}`)).toEqual([
      'routes.ts:7:source: req.body.password',
      'routes.ts:7:passed to `hash`',
      'hash.ts:2:parameter `value` of `hash`',
      "hash.ts:3:reaches `createHash('sha256')`",
    ]);
  });

  it('names the cost and the minimum of a slow hash', () => {
    expect(at('routes.ts', 9).message).toBe('`req.body.password` is hashed with bcrypt by `bcrypt.hash` at cost 8, below the minimum of 10.');
    expect(at('routes.ts', 10).message).toBe('`req.body.password` is hashed with PBKDF2 by `crypto.pbkdf2Sync` at 1,000 iterations, below the minimum of 100,000.');
    expect(at('routes.ts', 11).message).toBe('`bcrypt.genSalt` makes bcrypt salts at cost 6, below the minimum of 10.');
  });

  it('says that passwords must be hashed, not encrypted', () => {
    expect(at('routes.ts', 12).message).toBe("`req.body.password` is encrypted with aes-256-cbc by `crypto.createCipheriv('aes-256-cbc')`; passwords must be hashed, not encrypted.");
  });

  it('leaves digests of other data alone', () => {
    expect(findings.map((f) => `${f.location.file}:${f.location.startLine}`).sort()).toEqual(['hash.ts:3', 'routes.ts:10', 'routes.ts:11', 'routes.ts:12', 'routes.ts:9']);
  });
});
