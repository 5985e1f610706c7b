/** Detectors: provider formats and their structural checks, placeholders, the generic value check, config-file pairs. */
import { describe, expect, it } from 'vitest';
import { makeChecksummedToken } from '../src/analysis/secrets/checksum.js';
import { getUrlCredential } from '../src/analysis/secrets/credential-url.js';
import { isIdentifierLike, looksLikeSecret } from '../src/analysis/secrets/generic.js';
import { isSignedJwt } from '../src/analysis/secrets/jwt.js';
import { hasFakeMarker, isPlaceholder } from '../src/analysis/secrets/placeholder.js';
import { getPrivateKeyBlock } from '../src/analysis/secrets/private-key.js';
import { matchPairedShape, scanProviderSecrets } from '../src/analysis/secrets/providers.js';
import { getConfigFileKind, readNamedValues } from '../src/analysis/secrets/text-files.js';

/** Deterministic made-up characters (mulberry32), so no real key ever appears here. */
function madeUp(alphabet: string, length: number, seed: number): string {
  let s = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out += alphabet[((t ^ (t >>> 14)) >>> 0) % alphabet.length];
  }
  return out;
}
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const B64 = `${B62}+/`;
const jwtPart = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const pemBody = () => ['MII' + madeUp(B64, 61, 7), madeUp(B64, 64, 8), madeUp(B64, 64, 9), madeUp(B64, 20, 10) + '=='].join('\n');

const ids = (text: string) => scanProviderSecrets(text).matches.map((m) => m.format.id);

describe('scanProviderSecrets', () => {
  it('finds each self-identifying format', () => {
    const cases: Array<[string, string]> = [
      ['AKIA' + madeUp('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, 1), 'aws-access-key-id'],
      [makeChecksummedToken('ghp_', madeUp(B62, 30, 2)), 'github-pat'],
      [`github_pat_${madeUp(B62, 22, 3)}_${madeUp(B62, 59, 4)}`, 'github-fine-grained-pat'],
      ['glpat-' + madeUp(B62, 20, 5), 'gitlab-pat'],
      [`xoxb-123456789012-1234567890123-${madeUp(B62, 24, 6)}`, 'slack-token'],
      [`https://hooks.slack.com/services/T${madeUp('ABCDEFGHJK0123456789', 8, 7)}/B${madeUp('ABCDEFGHJK0123456789', 10, 8)}/${madeUp(B62, 24, 9)}`, 'slack-webhook'],
      ['sk_live_' + madeUp(B62, 24, 10), 'stripe-secret'],
      ['pk_live_' + madeUp(B62, 24, 11), 'stripe-publishable'],
      ['AIza' + madeUp(B62, 35, 12), 'google-api-key'],
      [`SG.${madeUp(B62, 22, 13)}.${madeUp(B62, 43, 14)}`, 'sendgrid'],
      ['SK' + madeUp('0123456789abcdef', 32, 15), 'twilio-api-key'],
      [makeChecksummedToken('npm_', madeUp(B62, 30, 16)), 'npm'],
      ['pypi-AgEIcHlwaS5vcmc' + madeUp(B62, 60, 17), 'pypi'],
      [`sk-${madeUp(B62, 20, 18)}T3BlbkFJ${madeUp(B62, 20, 19)}`, 'openai'],
      [`sk-ant-api03-${madeUp(B62, 93, 20)}AA`, 'anthropic'],
      [`AccountKey=${madeUp(B64, 86, 21)}==`, 'azure-storage'],
      [`${jwtPart({ alg: 'HS256', typ: 'JWT' })}.${jwtPart({ sub: 'u1', iat: 1 })}.${madeUp(B62, 43, 22)}`, 'jwt'],
      ['postgres://app:Vq7tLm2Xr9Kd@db:5432/app', 'credential-url'],
    ];
    for (const [value, id] of cases) expect(ids(`x = "${value}";`), value.slice(0, 8)).toEqual([id]);
  });

  it('does not cut a token out of a longer word', () => {
    expect(ids('xAKIA' + madeUp('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, 1))).toEqual([]);
    expect(ids('AIza' + madeUp(B62, 36, 12))).toEqual([]);
  });

  it('keeps a random-looking GitHub token with a failing checksum as unverified, and rejects a patterned one', () => {
    const token = makeChecksummedToken('ghp_', madeUp(B62, 30, 2));
    expect(scanProviderSecrets(token).matches[0].unverified).toBeUndefined();
    const broken = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const scan = scanProviderSecrets(broken);
    expect(scan.matches.map((m) => [m.format.id, m.unverified])).toEqual([['github-pat', true]]);
    expect(scanProviderSecrets('ghp_abcdABCD1234abcdABCD1234abcdABCD1234')).toEqual({ matches: [], rejected: true });
  });

  it('rejects documentation and masked values', () => {
    expect(ids('AKIAIOSFODNN7EXAMPLE')).toEqual([]);
    expect(ids('sk_live_xxxxxxxxxxxxxxxxxxxxxxxx')).toEqual([]);
    expect(ids('sk_test_' + madeUp(B62, 24, 10))).toEqual([]);
  });

  it('covers a private key from its header to its end marker', () => {
    const text = `-----BEGIN RSA PRIVATE KEY-----\n${pemBody()}\n-----END RSA PRIVATE KEY-----\n`;
    const [m] = scanProviderSecrets(text).matches;
    expect(m.label).toBe('RSA private key');
    expect(m.start).toBe(0);
    expect(text.slice(m.end - 5, m.end)).toBe('KEY-----'.slice(3));
    expect(m.secret.startsWith('MII')).toBe(true);
  });

  it('shows the password of a URL as its secret part', () => {
    const [m] = scanProviderSecrets('mysql://report:Hx4pR8wZs2q@mysql/analytics').matches;
    expect(m.label).toBe('MySQL URL with a password');
    expect(m.secret).toBe('Hx4pR8wZs2q');
  });
});

describe('isSignedJwt', () => {
  it('needs a JSON header with a signing alg and a JSON payload', () => {
    const sig = madeUp(B62, 43, 30);
    expect(isSignedJwt(`${jwtPart({ alg: 'RS256' })}.${jwtPart({ sub: 'a' })}.${sig}`)).toBe(true);
    expect(isSignedJwt(`${jwtPart({ alg: 'none' })}.${jwtPart({ sub: 'a' })}.${sig}`)).toBe(false);
    expect(isSignedJwt(`${jwtPart({ typ: 'JWT' })}.${jwtPart({ sub: 'a' })}.${sig}`)).toBe(false);
    expect(isSignedJwt(`eyJhbGciOi.${jwtPart({ sub: 'a' })}.${sig}`)).toBe(false);
  });

  it('skips expired tokens', () => {
    const sig = madeUp(B62, 43, 32);
    expect(isSignedJwt(`${jwtPart({ alg: 'HS256' })}.${jwtPart({ sub: 'a', exp: 1589300284 })}.${sig}`)).toBe(false);
    expect(isSignedJwt(`${jwtPart({ alg: 'HS256' })}.${jwtPart({ sub: 'a', exp: 4102444800 })}.${sig}`)).toBe(true);
  });

  it("skips jwt.io's demo token", () => {
    const demo = `${jwtPart({ alg: 'HS256', typ: 'JWT' })}.${jwtPart({ sub: '1234567890', name: 'John Doe', iat: 1516239022 })}.${madeUp(B62, 43, 31)}`;
    expect(isSignedJwt(demo)).toBe(false);
  });
});

describe('getPrivateKeyBlock', () => {
  it('reads bodies split by real or escaped line breaks', () => {
    const body = pemBody();
    const real = `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----`;
    const escaped = real.replace(/\n/g, '\\n');
    for (const text of [real, escaped]) expect(getPrivateKeyBlock(text, '-----BEGIN PRIVATE KEY-----'.length)?.body).toBe(body.replace(/\n/g, ''));
  });

  it('needs a body of real length without elisions', () => {
    expect(getPrivateKeyBlock('-----BEGIN PRIVATE KEY-----', 27)).toBeUndefined();
    expect(getPrivateKeyBlock('-----BEGIN PRIVATE KEY-----\nMIIEvQ...\n-----END PRIVATE KEY-----', 27)).toBeUndefined();
  });
});

describe('getUrlCredential', () => {
  it.each([
    ['postgres://user:password@localhost/db'],
    ['postgres://postgres:postgres@localhost/db'],
    ['postgres://app:${DB_PASSWORD}@db/app'],
    ['postgres://app:<password>@db/app'],
    ['redis://:changeme@cache'],
    ['postgres://app:%s@db/app'],
  ])('finds no real password in %s', (url) => {
    expect(getUrlCredential(url)).toBeUndefined();
  });

  it('decodes an encoded password', () => {
    expect(getUrlCredential('amqp://orders:Rb5x%40T1mKq8Zn@rabbit/prod')?.password).toBe('Rb5x@T1mKq8Zn');
  });
});

describe('matchPairedShape', () => {
  it('takes random 40-character base64 and 32-character hex', () => {
    expect(matchPairedShape(madeUp(B64, 40, 40))?.id).toBe('aws-secret-access-key');
    expect(matchPairedShape('d81cf7422ce51d406c9fd41c2850b039')?.id).toBe('twilio-auth-token');
  });

  it('leaves git SHAs and documentation values alone', () => {
    expect(matchPairedShape('9fceb02d0ae598e95dc970b74767f19372d61af8')).toBeUndefined();
    expect(matchPairedShape('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toBeUndefined();
  });
});

describe('placeholders', () => {
  it.each(['changeme', 'your-api-key', '<token>', '${VAR}', '{{ secret }}', '***', 'REPLACE_ME', 'TODO', 'secret', 'password', 'example', 'xxxxxxxxxx', 'aaaaaaaa', '12345678', '', 'password123', 'Test1234!', 'dummy-value', '(configured)', '(not set)', 'e2e_srh_token', 'STRONG_DB_PASSWORD'])(
    '%j is a placeholder',
    (value) => {
      expect(isPlaceholder(value)).toBe(true);
    },
  );

  it.each(['Sup3rS3cret!', 'q8Zt3LmP0xYwVb7K', 'keyboard cat', 'Q8ZT3LMP_0XYWVB7K'])('%j is not', (value) => {
    expect(isPlaceholder(value)).toBe(false);
  });

  it('marks made-up provider values', () => {
    expect(hasFakeMarker('AKIAIOSFODNN7EXAMPLE')).toBe(true);
    expect(hasFakeMarker('ghp_' + madeUp(B62, 36, 50))).toBe(false);
  });
});

describe('looksLikeSecret', () => {
  it('takes human passwords under password names', () => {
    expect(looksLikeSecret('Sup3rS3cret!', 'password')).toBe(true);
    expect(looksLikeSecret('Enter your password', 'password')).toBe(false);
    expect(looksLikeSecret('new-password', 'password')).toBe(false);
    expect(looksLikeSecret('DATABASE_PASSWORD', 'password')).toBe(false);
    expect(looksLikeSecret('$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy', 'password')).toBe(false);
  });

  it('takes random tokens under secret names, not identifiers, paths, URLs or hashes', () => {
    expect(looksLikeSecret('q8Zt3LmP0xYwVb7K', 'secret')).toBe(true);
    expect(looksLikeSecret('fb95f3200a3e5f94045cb5b97ac4bc48', 'secret')).toBe(true);
    expect(looksLikeSecret('Bearer q8Zt3LmP0xYwVb7K', 'secret')).toBe(true);
    expect(looksLikeSecret('Token inesperado.', 'secret')).toBe(false);
    expect(looksLikeSecret('?NonExpressionParenKeyword', 'secret')).toBe(false);
    for (const value of ['secret-key-v2', '/api/auth/token', 'https://auth.internal/token', '3f2504e0-4f89-41d3-9a0c-0305e82c3301', 'sha512-Kq5sNclPz7QV2+lfQIuGaXbmkJ4pMvmZGJ4DdD+QDWD5WSTd4uJ4UGxY', 'data:image/png;base64,iVBORw0KGgo', 'user:42:profile']) {
      expect(looksLikeSecret(value, 'secret'), value).toBe(false);
    }
  });

  it('takes any non-placeholder under a secret parameter', () => {
    expect(looksLikeSecret('keyboard cat', 'argument')).toBe(true);
    expect(looksLikeSecret('mysupersecretkey', 'argument')).toBe(true);
    expect(looksLikeSecret('shhhhh', 'argument')).toBe(false);
    expect(looksLikeSecret('a long sentence about the secret', 'argument')).toBe(false);
  });

  it('decodes Basic credentials and judges their password', () => {
    expect(looksLikeSecret(`Basic ${Buffer.from('admin:S3cr3tP@ss').toString('base64')}`, 'secret')).toBe(true);
    expect(looksLikeSecret(`Basic ${Buffer.from('user:password').toString('base64')}`, 'secret')).toBe(false);
  });

  it('tells identifiers from random strings', () => {
    expect(isIdentifierLike('currentPassword')).toBe(true);
    expect(isIdentifierLike('STRIPE_API_KEY')).toBe(true);
    expect(isIdentifierLike('?InterpolationInJSX')).toBe(true);
    expect(isIdentifierLike('QmXkZpLwRtYv')).toBe(false);
    expect(isIdentifierLike('q8Zt3LmP0xYwVb7K')).toBe(false);
    expect(isIdentifierLike('fb95f3200a3e5f94')).toBe(false);
  });
});

describe('config files', () => {
  it('knows which files it reads', () => {
    expect(getConfigFileKind('.env')).toBe('env');
    expect(getConfigFileKind('apps/web/.env.local')).toBe('env');
    expect(getConfigFileKind('.env.example')).toBe('env-template');
    expect(getConfigFileKind('config/app.yaml')).toBe('yaml');
    expect(getConfigFileKind('package-lock.json')).toBeUndefined();
    expect(getConfigFileKind('pnpm-lock.yaml')).toBeUndefined();
    expect(getConfigFileKind('src/index.ts')).toBeUndefined();
  });

  it('reads name/value pairs with the value offsets', () => {
    const env = 'A=1\nexport DB_PASSWORD="s3cr3t-Pw" # note\nEMPTY=\n';
    const [, pw] = readNamedValues('env', env);
    expect(pw).toMatchObject({ name: 'DB_PASSWORD', value: 's3cr3t-Pw' });
    expect(env.slice(pw.start, pw.end)).toBe('s3cr3t-Pw');

    const json = '{\n  "db": { "password": "p\\u0040ss-Word1", "port": 5432 }, // comment\n}';
    const [jp] = readNamedValues('json', json);
    expect(jp).toMatchObject({ name: 'password', value: 'p@ss-Word1' });

    const yaml = 'db:\n  password: "r7#Kq2!vLp9z" # comment\n  - token: abc123def456\n  key: |\n';
    expect(readNamedValues('yaml', yaml).map((p) => [p.name, p.value])).toEqual([
      ['password', 'r7#Kq2!vLp9z'],
      ['token', 'abc123def456'],
    ]);

    const compose = '    environment:\n      - POSTGRES_PASSWORD=Zt8qV3mLx6Rp # note\n      - "REDIS_PASSWORD=Hq5wN2kTz9Lc"\n';
    const items = readNamedValues('yaml', compose);
    expect(items.map((p) => [p.name, p.value])).toEqual([
      ['POSTGRES_PASSWORD', 'Zt8qV3mLx6Rp'],
      ['REDIS_PASSWORD', 'Hq5wN2kTz9Lc'],
    ]);
    for (const p of items) expect(compose.slice(p.start, p.end)).toBe(p.value);

    expect(readNamedValues('properties', '# c\nspring.datasource.password = Pw-9xk2LmQ\n').map((p) => p.value)).toEqual(['Pw-9xk2LmQ']);
    expect(readNamedValues('npmrc', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n')[0].name).toBe('//registry.npmjs.org/:_authToken');
  });
});
