/**
 * What a name says about the string stored in it: a password, another secret, or nothing.
 * Matches on words (see `splitNameWords`), and the secret word must be the head of the name:
 * `passwordPolicy`, `secretName`, `tokenUrl`, `passwordHash` name something else; `author`, `tokenizer`, `keyboard` are other words.
 */
import { splitNameWords } from '../names.js';

export type SecretNameKind = 'password' | 'secret';

const PASSWORD_WORDS = new Set(['password', 'passwords', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode', 'pw', 'dbpassword']);

const SECRET_WORDS = new Set([
  'secret', 'secrets', 'token', 'tokens', 'credential', 'credentials', 'creds', 'auth', 'authorization', 'bearer', 'pepper',
  'apikey', 'apikeys', 'accesskey', 'secretkey', 'privatekey', 'authkey', 'masterkey', 'signingkey', 'encryptionkey',
  'authtoken', 'accesstoken', 'refreshtoken', 'apitoken', 'clientsecret', 'appsecret', 'apisecret', 'jwtsecret', 'sessionsecret',
]);

/** Words before `key` that make it a secret key: `apiKey`, `signingKey`, `secretOrKey`; not `cacheKey`, `publicKey`, `storageKey`. */
const KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'signing', 'sign', 'encryption', 'encrypt', 'decryption', 'decrypt', 'master', 'auth',
  'hmac', 'aes', 'cipher', 'crypto', 'jwt', 'shared', 'app', 'server', 'admin', 'subscription', 'webhook', 'account',
]);

/** Words before `token` that make it a cursor or a syntax element, not a credential: `pageToken`, `InjectionToken`. */
const TOKEN_NON_CREDENTIAL = new Set([
  'page', 'next', 'prev', 'previous', 'continuation', 'cancel', 'cancellation', 'sync', 'cursor', 'pagination', 'resume',
  'injection', 'design', 'lexer', 'parser', 'syntax', 'significant', 'css', 'theme', 'color', 'colour', 'i18n', 'csrf', 'xsrf',
  // a checkout's or a cart's identifier in commerce APIs (Shopify's `checkout_token`, `cart_token`)
  'checkout', 'cart',
]);

/** Words before `tokens` that count them (language-model usage, rate limits): `promptTokens`, `maxTokens`, `TOTAL_TOKENS`. */
const TOKEN_COUNT_WORDS = new Set([
  'prompt', 'completion', 'input', 'output', 'total', 'max', 'min', 'cached', 'reasoning', 'estimated', 'num', 'used', 'remaining',
  'context', 'budget', 'limit', 'per',
]);

/** Words after the head that keep its meaning: `passwordValue`, `API_KEY_PROD`, `secret2`. */
const NEUTRAL_SUFFIXES = new Set([
  'value', 'val', 'str', 'string', 'raw', 'plain', 'plaintext', 'b64', 'base64', 'hex', 'bytes', 'buf', 'buffer', 'data',
  'default', 'fallback', 'dev', 'prod', 'production', 'staging', 'live', 'old', 'new', 'current', 'override',
]);

/** Words that make the whole name a test value: `testPassword`, `FAKE_TOKEN`, `mockApiKey`. */
const TEST_WORDS = new Set(['test', 'tests', 'testing', 'dummy', 'fake', 'mock', 'mocked', 'example', 'sample', 'stub', 'fixture']);

const cache = new Map<string, SecretNameKind | null>();
const CACHE_LIMIT = 20_000;

/** The kind of secret a name holds (`password` or `secret`), or undefined when its head word is no secret. */
export function classifySecretName(name: string): SecretNameKind | undefined {
  const hit = cache.get(name);
  if (hit !== undefined) return hit ?? undefined;
  // an i18n key or a sentence ("API Keys", "OAuth client secret") names no variable
  const kind = /\s/.test(name.trim()) ? undefined : classifyWords(splitNameWords(name));
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(name, kind ?? null);
  return kind;
}

/** True when a name marks its value as a test or stand-in value (`dummyToken`, `EXAMPLE_KEY`). */
export function isTestName(name: string): boolean {
  return splitNameWords(name).some((w) => TEST_WORDS.has(w));
}

/** Classifies split words; the head is the last word that is not a neutral suffix or a number. */
export function classifyWords(words: string[]): SecretNameKind | undefined {
  let end = words.length;
  while (end > 1 && (NEUTRAL_SUFFIXES.has(words[end - 1]) || /^\d+$/.test(words[end - 1]))) end--;
  if (end === 0 || end > 8) return undefined;
  const head = words[end - 1];
  const before = words.slice(0, end - 1);
  if (PASSWORD_WORDS.has(head)) return 'password';
  if (head === 'tokens' && before.some((w) => TOKEN_COUNT_WORDS.has(w))) return undefined;
  if (head === 'token' && before.some((w) => w === 'prompt' || w === 'completion')) return undefined;
  if (head === 'token' || head === 'tokens') return before.some((w) => TOKEN_NON_CREDENTIAL.has(w)) ? undefined : 'secret';
  if (SECRET_WORDS.has(head)) return 'secret';
  if (head === 'key' || head === 'keys') return before.some((w) => KEY_QUALIFIERS.has(w)) ? 'secret' : undefined;
  return undefined;
}
