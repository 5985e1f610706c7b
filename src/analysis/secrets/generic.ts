/**
 * Whether a string stored under a secret name looks like a real secret: long enough, random enough, not a placeholder,
 * not one of the many strings that only sit next to secrets (hashes, UUIDs, URLs, paths, identifiers, sentences).
 */
import { splitNameWords } from '../names.js';
import { countDistinctChars, getCharClasses, getShannonEntropy } from './entropy.js';
import { hasFakeMarker, isSlot, isPlaceholder } from './placeholder.js';
import type { SecretNameKind } from './secret-name.js';

export const MIN_SECRET_LENGTH = 8;
const MAX_SECRET_LENGTH = 1024;

/** How sure the context is that the string is a secret: a name (`password`, `apiKey`) or a secret parameter (`jwt.sign`). */
export type SecretEvidence = SecretNameKind | 'argument';

/** Strings that are something else: UUIDs, hashes and digests, data URIs, URLs, paths, file names, e-mails, dates, versions, colours, MIME types. */
const NOT_SECRET = [
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  // markers (`__BEDROCK_DEFAULT_CREDENTIALS__`), CSS custom properties (`--primary-foreground`), namespaced cache
  // and lock keys (`langfuse:v4:legacy-api-usage:cursor`)
  /^__[A-Z0-9_]+__$/,
  /^--[a-z0-9-]+$/i,
  /^[a-z][\w-]*(?::[\w{}*.-]+)+:?$/i,
  /^sha(?:1|256|384|512)-[A-Za-z0-9+/]+=*$/,
  /^(?:sha1|sha256|sha384|sha512|md5)[:=]/i,
  /^\$(?:2[abxy]?|argon2(?:id|i|d)|scrypt|pbkdf2[-\w]*|[1356])\$/,
  /^data:/i,
  /^[a-z][a-z0-9+.-]*:\/\//i,
  /^(?:\.\.?\/|~\/|[A-Za-z]:\\)/,
  /^\/[a-z0-9_.:{}\/-]*$/,
  /^\/[\w.\/-]*\{\w+\}[\w.\/{}-]*$/,
  /^[\w.-]+\.(?:pem|key|crt|cer|der|p12|pfx|jks|json|ya?ml|txt|env|js|ts|html?)$/i,
  /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i,
  /^\d{4}-\d{2}-\d{2}/,
  /^v?\d+\.\d+\.\d+/,
  /^#[0-9a-f]{3,8}$/i,
  /^[a-z]+\/[a-z0-9.+-]+$/,
  /^\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?$/,
];

/** Regular-expression sources: escapes, lookarounds, classes with quantifiers, anchors at both ends. */
const REGEX_SOURCE = /\\[dwsDWSbB]|\(\?[:=!<]|\][*+?{]|^\^.*\$$/;

/** An HTTP auth scheme in front of a credential (`Bearer abc…`), not a sentence that starts with the word (`Token inesperado.`). */
const AUTH_SCHEME = /^(?:Bearer|Basic|Token|token|Bot)\s+(?=[A-Za-z0-9._~+/-]*\d[A-Za-z0-9._~+/-]*=*$)/;

/** True for a string that is a known non-secret shape (see `NOT_SECRET`) or a regex source. */
export function isNonSecretShape(value: string): boolean {
  for (const re of NOT_SECRET) if (re.test(value)) return true;
  return REGEX_SOURCE.test(value);
}

/**
 * True for identifiers and word lists: `new-password`, `DATABASE_PASSWORD`, `currentPassword`, `secret-key-v2`.
 * Random strings fail: their chunks are vowel-less or single letters.
 */
export function isIdentifierLike(value: string): boolean {
  // an optional sigil in front: `?NoLineTerminator`, `$ref`, `@scope/name`, `#anchor`
  if (!/^[?$@#:!~^]?[A-Za-z][A-Za-z0-9]*(?:[_\-.:/][A-Za-z0-9]+)*$/.test(value)) return false;
  let singles = 0;
  let odd = 0;
  let wordLetters = 0;
  for (const w of splitNameWords(value)) {
    if (/^\d+$/.test(w)) {
      if (w.length > 4) return false;
      singles++;
    } else if (w.length === 1) singles++;
    else if (/[aeiouy]/.test(w) && !/[bcdfghjklmnpqrstvwxz]{5}/.test(w)) wordLetters += w.length;
    else odd++;
  }
  // one acronym among real words is fine (`InterpolationInJSX`); random strings have many vowel-less chunks
  return singles <= 2 && (odd === 0 || (odd === 1 && wordLetters >= 8));
}

/** True when `value`, stored under a name or parameter of this kind, looks like a real secret. */
export function looksLikeSecret(raw: string, evidence: SecretEvidence): boolean {
  let value = stripAuthScheme(raw);
  if (raw.startsWith('Basic ')) {
    const password = getBasicAuthPassword(value);
    if (password === undefined) return false;
    value = password;
    evidence = 'password';
  }
  const n = value.length;
  if (n < MIN_SECRET_LENGTH || n > MAX_SECRET_LENGTH) return false;
  // generated secrets are ASCII; letters like ñ, ø or kana are translated text (`password: 'Contraseña'`)
  if (/[^\x20-\x7e]/.test(value)) return false;
  if (isPlaceholder(value, { wholeWordsOnly: evidence === 'argument' }) || isNonSecretShape(value)) return false;
  const classes = getCharClasses(value);
  if (classes.count === 1 && classes.digit) return false;
  const entropy = getShannonEntropy(value);
  // a secret parameter (`jwt.sign(payload, 'keyboard cat')`): anything but a sentence or a stand-in
  if (evidence === 'argument') return value.split(/\s+/).length <= 3 && countDistinctChars(value) >= 5 && entropy >= 2.5;
  if (/\s/.test(value) || isIdentifierLike(value)) return false;
  // a human password: `Sup3rS3cret!`
  if (evidence === 'password') return classes.count >= 2 && (classes.digit || classes.symbol) && entropy >= 2.5;
  // tokens and keys: random-looking and long enough
  return n >= 10 && classes.count >= 2 && entropy >= 3;
}

/**
 * A value under a secret name in a committed `.env` file (not a template): the deployment's own setting, so a word-like
 * or weak value (`JWT_SECRET=access`, `SQL_PASSWORD=mysecretpassword`) is the secret in use. Only stand-ins, slots,
 * values with spaces, flags, numbers and other shapes (URLs without a password, paths, e-mails) are not.
 */
export function looksLikeEnvSecret(raw: string): boolean {
  const v = raw.trim();
  if (v.length < 6 || v.length > MAX_SECRET_LENGTH || /[^\x21-\x7e]/.test(v)) return false;
  if (/^(?:true|false|yes|no|on|off|none|null|undefined|\d+[smhdwy]?)$/i.test(v)) return false;
  return !isPlaceholder(v, { wholeWordsOnly: true }) && !isNonSecretShape(v);
}

/**
 * A constant passed as a signing or encryption key (`jwt.sign(payload, 'shhhhh')`, `session({ secret: 'keyboard cat' })`):
 * it is the key in use, however weak or word-like, so only empty, template and masked values are not keys.
 */
export function looksLikeKey(value: string, name?: string): boolean {
  const v = value.trim();
  // `jwt.verify(token, publicKey)`: a public key verifies, it signs nothing
  if (name && /public/i.test(name)) return false;
  return v.length >= 4 && v.length <= MAX_SECRET_LENGTH && !/[^\x20-\x7e]/.test(v) && !isSlot(v) && !hasFakeMarker(v);
}

/** The credential after an HTTP auth scheme: `Bearer abc` → `abc`; other values unchanged. */
export function stripAuthScheme(value: string): string {
  const scheme = AUTH_SCHEME.exec(value);
  return scheme ? value.slice(scheme[0].length) : value;
}

/** The password of an HTTP Basic credential (`Basic dXNlcjpzM2NyM3Q=`), or undefined when it does not decode to `user:password`. */
function getBasicAuthPassword(encoded: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+=*$/.test(encoded)) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 || /[^\x20-\x7e]/.test(decoded) ? undefined : decoded.slice(colon + 1);
}

/** Values a credential is compared with to test its state, not to check it: `if (token === 'undefined')`. */
const SENTINELS = /^(?:undefined|null|none|nil|true|false|default|empty|unknown|unset|invalid|expired|revoked|pending|missing|disabled|enabled|anonymous|guest|placeholder)$/i;

/**
 * The literal a credential is compared with (`if (secret !== 'export123')`, `password === 'admin123'`) is the credential
 * the code accepts, whatever its entropy: counted when it has a digit or a symbol (words alone are states: `'basic'`),
 * is not a slot, a made-up marker or a sentinel, and has no spaces.
 */
export function looksLikeComparedSecret(value: string): boolean {
  const v = value.trim();
  if (v.length < MIN_SECRET_LENGTH || v.length > MAX_SECRET_LENGTH || /\s|[^\x20-\x7e]/.test(v)) return false;
  // stand-ins such as `admin123` count here: the comparison is where the code accepts them
  if (SENTINELS.test(v) || isSlot(v) || hasFakeMarker(v) || countDistinctChars(v) <= 3) return false;
  if (NOT_SECRET.some((re) => re.test(v))) return false;
  return /[\d\W_]/.test(v);
}
