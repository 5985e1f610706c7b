/** Values that stand in for a secret: `changeme`, `<token>`, `${VAR}`, `xxxx`, `your-api-key`, `password` itself. */
import { countDistinctChars } from './entropy.js';

/** Template or interpolation syntax, angle-bracket slots, masked or elided runs. */
const SLOT = /\$\{|\{\{|\$\(|#\{|%\(|<[^<>]*>|^\$[A-Za-z_][A-Za-z0-9_]*$|^%[A-Za-z_][A-Za-z0-9_]*%$|^\[[A-Za-z_ -]+\]$|x{4,}|X{4,}|\*{3,}|\.{3}|…|#{4,}|0{8,}|^\([A-Za-z][A-Za-z -]*\)$/;

/** Words that mark a made-up or stand-in value anywhere inside it. */
const MARKER = /change[-_ ]?(?:me|it|this)|replace|placeholder|example|sample|dummy|fake|mock|test|e2e|your[-_ ]?|todo|fixme|redacted|insert|notreal|not[-_]a[-_]real|secret[-_]?here|key[-_]?here|token[-_]?here/i;

/** Stricter markers for provider-format matches, whose random part could contain short words by chance. */
const PROVIDER_MARKER = /example|placeholder|dummy|fake|your[-_]|replace|redacted|insert|x{5,}|X{5,}|\*{3,}|\.{3}|…|<|\$\{|\{\{/i;

/** Whole values (letters only, lowercased) that are words, not secrets. */
const WORD_VALUES = new Set([
  'password', 'passwd', 'pass', 'pwd', 'secret', 'secrets', 'token', 'apikey', 'key', 'admin', 'root', 'user', 'username',
  'changeme', 'letmein', 'default', 'none', 'null', 'undefined', 'empty', 'unused', 'unset', 'ignored', 'nopassword', 'test', 'demo', 'foo', 'bar', 'foobar', 'baz',
  'qwerty', 'abc', 'abcdef', 'abcdefgh', 'iloveyou', 'welcome', 'login', 'guest', 'master', 'hello', 'helloworld',
  'secretkey', 'mysecret', 'supersecret', 'topsecret', 'mypassword', 'secretpassword', 'mytoken', 'mykey', 'dev', 'local',
  // default passwords of local database containers
  'postgres', 'postgresql', 'mysql', 'mariadb', 'mongo', 'mongodb', 'redis', 'sa',
]);

/** An upper-case name of what to fill in, like an environment variable's: `STRONG_DB_PASSWORD`, `PROD_API_KEY`. */
const NAMED_SLOT = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const CREDENTIAL_WORD = /PASS|PWD|SECRET|TOKEN|KEY|CRED/;

/** Keyboard and counting runs. */
const RUN = /0123456|123456|234567|345678|456789|987654|abcdef|qwerty|asdfgh|zxcvbn/i;

/** True for template or interpolation syntax and masked or elided values: `${JWT_SECRET}`, `<key>`, `****`. */
export function isSlot(value: string): boolean {
  return SLOT.test(value.trim());
}

/** True for a value that stands in for a secret rather than being one. */
export function isPlaceholder(value: string, options: { wholeWordsOnly?: boolean } = {}): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (SLOT.test(v) || MARKER.test(v) || RUN.test(v)) return true;
  if (NAMED_SLOT.test(v) && CREDENTIAL_WORD.test(v)) return true;
  if (countDistinctChars(v) <= 3) return true;
  // `Admin123!` is a stand-in under a name, but a real (weak) password where an API takes the credential
  if (options.wholeWordsOnly) return WORD_VALUES.has(v.toLowerCase());
  const letters = v.replace(/[^A-Za-z]/g, '').toLowerCase();
  return WORD_VALUES.has(letters);
}

/** Keys published in vendor documentation for local emulators: the Azurite / Azure Storage Emulator account key. */
const PUBLIC_EMULATOR_KEYS = new Set(['Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==']);

/** True when a provider-format match carries a made-up marker (`AKIAIOSFODNN7EXAMPLE`, `ghp_xxxxx…`) or is a published emulator key. */
export function hasFakeMarker(value: string): boolean {
  return PROVIDER_MARKER.test(value) || PUBLIC_EMULATOR_KEYS.has(value);
}
