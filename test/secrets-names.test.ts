/** The shared name tokenizer and the secret-name classifier: words, not substrings; the head word decides. */
import { describe, expect, it } from 'vitest';
import { splitNameWords, toEnvVarName } from '../src/analysis/names.js';
import { classifySecretName, isTestName } from '../src/analysis/secrets/secret-name.js';

describe('splitNameWords', () => {
  it.each([
    ['newPassword', ['new', 'password']],
    ['AWS_SECRET_ACCESS_KEY', ['aws', 'secret', 'access', 'key']],
    ['APIKey', ['api', 'key']],
    ['x-api-key', ['x', 'api', 'key']],
    ['db.password2', ['db', 'password', '2']],
    ['oauth2Token', ['oauth', '2', 'token']],
    ['XMLHttpRequest', ['xml', 'http', 'request']],
    ['#signingKey', ['signing', 'key']],
    ['//registry.npmjs.org/:_authToken', ['registry', 'npmjs', 'org', 'auth', 'token']],
    ['', []],
  ])('%s', (name, words) => {
    expect(splitNameWords(name)).toEqual(words);
  });

  it('gives environment variable names', () => {
    expect(toEnvVarName('jwtSecret')).toBe('JWT_SECRET');
    expect(toEnvVarName('__')).toBeUndefined();
  });
});

describe('classifySecretName', () => {
  it.each([
    ['password', 'password'],
    ['DB_PASSWORD', 'password'],
    ['passwd', 'password'],
    ['pwd', 'password'],
    ['smtpPass', 'password'],
    ['passphrase', 'password'],
    ['secret', 'secret'],
    ['token', 'secret'],
    ['apiKey', 'secret'],
    ['api_key', 'secret'],
    ['APIKEY', 'secret'],
    ['x-api-key', 'secret'],
    ['accessKey', 'secret'],
    ['privateKey', 'secret'],
    ['clientSecret', 'secret'],
    ['credentials', 'secret'],
    ['auth', 'secret'],
    ['authToken', 'secret'],
    ['jwtSecret', 'secret'],
    ['sessionSecret', 'secret'],
    ['signingKey', 'secret'],
    ['encryptionKey', 'secret'],
    ['AWS_SECRET_ACCESS_KEY', 'secret'],
    ['secretOrKey', 'secret'],
    ['Authorization', 'secret'],
    ['apiKeyProd', 'secret'],
    ['secret2', 'secret'],
    ['accessTokens', 'secret'],
    ['inputToken', 'secret'],
  ])('%s holds a %s', (name, kind) => {
    expect(classifySecretName(name)).toBe(kind);
  });

  it.each([
    'author', 'tokenizer', 'passwordPolicy', 'secretName', 'tokenUrl', 'authorName', 'keyboard', 'passwordHash', 'passwordLength',
    'tokenExpiresIn', 'key', 'cacheKey', 'publicKey', 'storageKey', 'pageToken', 'nextPageToken', 'InjectionToken', 'secretId',
    'DB_PASSWORD_FILE', 'passwordPlaceholder', 'authUrl', 'tokenType', 'apiKeyHeader', 'passwordRegex', 'secretKeyRef', 'bypass',
    'promptTokens', 'completionTokens', 'maxTokens', 'MAX_TOKENS', 'outputTokens', 'promptToken', 'checkout_token', 'cartToken',
  ])('%s holds no secret', (name) => {
    expect(classifySecretName(name)).toBeUndefined();
  });

  it('marks test names', () => {
    expect(isTestName('dummyToken')).toBe(true);
    expect(isTestName('FAKE_API_KEY')).toBe(true);
    expect(isTestName('mockSecret')).toBe(true);
    expect(isTestName('latestToken')).toBe(false);
  });
});
