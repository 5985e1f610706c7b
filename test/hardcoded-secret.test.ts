/** The hardcoded-secret rule: messages, severities, places, pairing, test paths, and no secret in any output. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import rule from '../rules/hardcoded-secret.js';
import { maskSpan } from '../src/analysis/redact.js';
import { makeChecksummedToken } from '../src/analysis/secrets/checksum.js';
import { scan } from '../src/engine/scan.js';
import { formatConsole } from '../src/reporters/console.js';
import { formatJson } from '../src/reporters/json.js';
import { formatMarkdown } from '../src/reporters/markdown.js';
import { toSarif } from '../src/reporters/sarif.js';
import type { Finding, ScanResult } from '../src/types.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/hardcoded-secret');
const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Scans a throwaway tree with only this rule. */
async function scanTree(files: Record<string, string>): Promise<ScanResult> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tsaudit-secret-'));
  tempDirs.push(root);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return scan({ root, rules: ['hardcoded-secret'] });
}

const summary = (f: Finding) => ({ line: f.location.startLine, severity: f.severity, message: f.message });

// made-up values with the right structure
const GHP = makeChecksummedToken('ghp_', 'Q3vTz8KpLm2Xw9RbN4cYd7Hf1Gs6Ja');
const AKIA = 'AKIAQ3VTZ7KPLM2XW4RB';
const AWS_SECRET = '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';
const PEM_BODY = ['MIIEpAIBAAKCAQEAq8Vt2Lm5Xw9Kp3Rb7Nc4Yd1Hf6Gs0JaQeTuWi/Zq8Vt2Lm5X', 'w9Kp3Rb7Nc4Yd1Hf6Gs0JaQeTuWiZq8Vt2Lm5Xw9Kp3Rb7Nc4Yd1Hf6Gs0JaQeTuWi', 'Lm5Xw9Kp3Rb7Nc4Yd1Hf6Gs0Ja=='];

describe('hardcoded-secret messages', () => {
  it('reports a random-looking token whose checksum fails as a warning of medium precision that says so', async () => {
    const broken = GHP.slice(0, -1) + (GHP.endsWith('A') ? 'B' : 'A');
    const { findings } = await scanTree({ 'a.ts': `export const GITHUB_TOKEN = '${broken}';\n` });
    expect(findings.map((f) => [f.message, f.severity, f.precision])).toEqual([['GitHub personal access token (its checksum does not match) `ghp_…` is hard-coded in `GITHUB_TOKEN`.', 'warning', 'medium']]);
  });

  it('names the kind, a 4-character preview and the variable, and says to revoke and load from the environment', async () => {
    const { findings } = await scanTree({ 'a.ts': `export const GITHUB_TOKEN = '${GHP}';\n` });
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f.message).toBe('GitHub personal access token `ghp_…` is hard-coded in `GITHUB_TOKEN`.');
    expect(f.fix).toBe('Revoke it at GitHub (Settings → Developer settings) and issue a new one, then load it from the environment or a secret manager: `process.env.GITHUB_TOKEN`.');
    expect(f).toMatchObject({ severity: 'error', precision: 'very-high', location: { startLine: 1, startColumn: 29, endColumn: 29 + GHP.length + 2 } });
  });

  it('reports generic secrets as warnings and publishable keys as notes', async () => {
    const { findings } = await scanTree({
      'a.ts': [
        "export const password = 'Sup3rS3cret!';",
        "export const stripe = 'pk_live_Q3vTz8KpLm2Xw9RbN4cYd7Hf';",
        "export const signed = (jwt: any) => jwt.sign({}, 'keyboard cat');",
      ].join('\n'),
    });
    expect(findings.map(summary)).toEqual([
      { line: 1, severity: 'warning', message: 'Password `Sup…` is hard-coded in `password`.' },
      { line: 2, severity: 'note', message: 'Stripe live publishable key `pk_l…` is hard-coded in `stripe`; it is meant to be public, but live keys belong in configuration.' },
      { line: 3, severity: 'warning', message: 'Secret `key…` is hard-coded in the secret of `jwt.sign`.' },
    ]);
    expect(findings[2].fix).toContain('`process.env.JWT_SECRET`');
  });

  it('says where a match outside string literals sits', async () => {
    const { findings } = await scanTree({ 'a.ts': `// deploy with ${GHP}\nexport const f = (x: string) => \`\${x} ${GHP}\`;\n` });
    expect(findings.map((f) => f.message)).toEqual([
      'GitHub personal access token `ghp_…` is hard-coded in a comment.',
      'GitHub personal access token `ghp_…` is hard-coded in a template literal.',
    ]);
  });

  it('tells .env files to stay out of git', async () => {
    const { findings } = await scanTree({ '.env': `GITHUB_TOKEN=${GHP}\n` });
    expect(findings[0].fix).toBe(
      'Revoke it at GitHub (Settings → Developer settings) and issue a new one; keep `.env` out of git (list the names without values in `.env.example`) and set `GITHUB_TOKEN` in the deployment environment or a secret manager.',
    );
    expect(findings[0].location).toMatchObject({ startLine: 1, startColumn: 14, endColumn: 14 + GHP.length });
  });
});

describe('hardcoded-secret places', () => {
  it('spans a multi-line template literal key from its first to its last line, so reporters can mask it', async () => {
    const text = ['export const key = `-----BEGIN RSA PRIVATE KEY-----', ...PEM_BODY, '-----END RSA PRIVATE KEY-----', '`;', ''].join('\n');
    const { findings } = await scanTree({ 'key.ts': text });
    expect(findings.map(summary)).toEqual([{ line: 1, severity: 'error', message: 'RSA private key `MIIE…` is hard-coded in `key`.' }]);
    expect(findings[0].location.endLine).toBe(6);
    const masked = maskSpan(text, findings[0].location);
    for (const line of PEM_BODY) expect(masked).not.toContain(line);
  });

  it('pairs an AWS secret with a key id a few lines away, not a distant one', async () => {
    const near = `export const creds = {\n  id: '${AKIA}',\n  value: '${AWS_SECRET}',\n};\n`;
    const far = `export const id = '${AKIA}';\n${'\n'.repeat(10)}export const value = '${AWS_SECRET}';\n`;
    expect((await scanTree({ 'a.ts': near })).findings.map((f) => f.message)).toEqual([
      'AWS access key ID `AKIA…` is hard-coded in `id`.',
      'AWS secret access key `Zq8V…` is hard-coded in `value`.',
    ]);
    expect((await scanTree({ 'a.ts': far })).findings.map((f) => f.location.startLine)).toEqual([1]);
  });

  it('keeps provider formats but not generic matches in test files', async () => {
    const text = `const password = 'Sup3rS3cret!';\nconst gh = '${GHP}';\n`;
    const { findings } = await scanTree({ 'src/__tests__/login.ts': text, 'src/login.spec.ts': text });
    expect(findings.map((f) => `${f.location.file}:${f.location.startLine}`)).toEqual(['src/__tests__/login.ts:2', 'src/login.spec.ts:2']);
  });

  it('checks .env templates for provider formats only', async () => {
    const { findings } = await scanTree({ '.env.example': `JWT_SECRET=q8Zt3LmP0xYwVb7K\nGITHUB_TOKEN=${GHP}\n` });
    expect(findings.map((f) => f.location.startLine)).toEqual([2]);
  });

  it('skips lock files and honours suppressions', async () => {
    const { findings, suppressed } = await scanTree({
      'yarn-lock.json': `{ "token": "${GHP}" }\n`,
      'a.ts': `// tsaudit-ignore-next-line hardcoded-secret -- revoked, kept as a documentation sample\nexport const t = '${GHP}';\n`,
    });
    expect(findings).toEqual([]);
    expect(suppressed.map((f) => f.location.file)).toEqual(['a.ts']);
  });
});

describe('hardcoded-secret meta', () => {
  it('is complete', () => {
    expect(rule.meta).toMatchObject({ cwe: ['CWE-798'], severity: 'error', precision: 'high', tags: ['security', 'secrets'] });
    expect(rule.meta.securitySeverity).toBe(7.5);
    expect(rule.meta.help.match(/```ts/g)).toHaveLength(2);
    expect(rule.meta.name).not.toMatch(/\.$/);
  });
});

/** The text a finding's location covers. */
function getSpanText(file: string, f: Finding): string {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const l = f.location;
  if (l.startLine === l.endLine) return lines[l.startLine - 1].slice(l.startColumn - 1, l.endColumn - 1);
  return [lines[l.startLine - 1].slice(l.startColumn - 1), ...lines.slice(l.startLine, l.endLine - 1), lines[l.endLine - 1].slice(0, l.endColumn - 1)].join('\n');
}

/** The secret values on the marked lines of the fixture folder: quoted strings, config values, URL passwords, PEM bodies. */
function collectMarkedSecrets(dir: string): string[] {
  const secrets = new Set<string>();
  const add = (value: string) => {
    const v = value.trim();
    // header names (`Authorization`), algorithm names (`aes-256-cbc`) and plain URLs sit on marked lines but are no secrets
    if (v.length < 8 || /^[A-Z][A-Za-z-]*$/.test(v) || /^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(v) || /^https?:\/\/[^@]*$/.test(v)) return;
    secrets.add(v);
    // the password of a URL, the key of a connection string, the credential after `Bearer `
    for (const part of v.split(/[\s:@/;=]+/)) if (part.length >= 8 && /\d/.test(part) && /[A-Za-z]/.test(part) && !part.includes('.')) secrets.add(part);
  };
  const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  for (const file of walk(dir)) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!/(?:\/\/|#)\s*expect:\s*hardcoded-secret/.test(line)) return;
      const code = line.replace(/\s*(?:\/\/|#)\s*expect:.*$/, '');
      for (const m of code.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|`([^`]*)`/g)) {
        // keys (`"password":`, `['x-api-key']`) are names, not values
        if (/^\s*[:\]]/.test(code.slice(m.index + m[0].length))) continue;
        add((m[1] ?? m[2] ?? m[3]).replace(/\\n/g, '\n'));
      }
      const pair = /^\s*(?:export\s+)?[\w./:-]+\s*[=:]\s*(\S.*)$/.exec(code);
      if (pair && !/\.(?:[cm]?[jt]sx?)$/.test(file)) add(pair[1].replace(/^["']|["'],?$/g, ''));
      // tokens in comments and template literals
      for (const m of code.matchAll(/[A-Za-z0-9_\-+/=.]{20,}/g)) if (/\d/.test(m[0]) && /[A-Za-z]/.test(m[0]) && !/=[^=]/.test(m[0]) && !m[0].startsWith('process.env')) add(m[0]);
      // a key file: the body lines after the marked header
      if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(code) && !/['"`]/.test(code)) for (const body of lines.slice(i + 1)) if (/^[A-Za-z0-9+/=]{16,}$/.test(body)) add(body);
    });
  }
  // PEM bodies in one-line strings: each base64 line on its own
  for (const s of [...secrets]) if (s.includes('\n')) for (const l of s.split('\n')) if (/^[A-Za-z0-9+/=]{16,}$/.test(l)) secrets.add(l);
  return [...secrets];
}

describe('hardcoded-secret output', () => {
  it('never contains a fixture secret in full, in the result or any reporter', async () => {
    const result = await scan({ root: FIXTURES, rules: ['hardcoded-secret'] });
    // the marked lines' values, and the exact text each finding points at
    const secrets = collectMarkedSecrets(FIXTURES);
    expect(secrets.length).toBeGreaterThan(100);
    for (const f of result.findings) {
      const span = getSpanText(path.join(FIXTURES, f.location.file), f);
      const value = span.replace(/^['"`]|['"`]$/g, '');
      if (value.length >= 8) secrets.push(value);
    }
    expect(result.findings.length).toBeGreaterThanOrEqual(60);

    // code frames of masked text: what a console reporter prints once it masks secret spans (see maskSpan)
    const masked = new Map<string, string>();
    for (const f of result.findings) {
      const text = masked.get(f.location.file) ?? fs.readFileSync(path.join(FIXTURES, f.location.file), 'utf8');
      masked.set(f.location.file, maskSpan(text, f.location));
    }
    const outputs: Record<string, string> = {
      result: JSON.stringify(result),
      messages: JSON.stringify(result.findings.map((f) => [f.message, f.fix])),
      json: formatJson(result),
      sarif: JSON.stringify(toSarif(result)),
      markdown: formatMarkdown(result),
      consoleWithoutFrames: formatConsole(result, { color: false, readText: () => undefined }),
      consoleWithMaskedFrames: formatConsole(result, { color: false, readText: (file) => masked.get(file) }),
    };
    for (const [name, output] of Object.entries(outputs)) {
      const leaked = secrets.filter((s) => output.includes(s));
      expect({ name, leaked }).toEqual({ name, leaked: [] });
    }
  });

  it('shows previews of at most 4 characters', async () => {
    const result = await scan({ root: FIXTURES, rules: ['hardcoded-secret'] });
    for (const f of result.findings) {
      const preview = /`([^`]*…)`/.exec(f.message)?.[1];
      expect(preview, f.message).toBeDefined();
      expect([...preview!].length, f.message).toBeLessThanOrEqual(5);
    }
  });

  // The console reporter's code frames print source lines; secret spans are masked before framing.
  it('console code frames never print a secret', async () => {
    const result = await scan({ root: FIXTURES, rules: ['hardcoded-secret'] });
    const output = formatConsole(result, { color: false });
    expect(collectMarkedSecrets(FIXTURES).filter((s) => output.includes(s))).toEqual([]);
  });
});
