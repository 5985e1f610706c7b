/**
 * The sensitive-data classifier shared by the password, logging and secrets rules: what a name says its value is.
 * Works on words, not substrings: `author`, `tokenizer`, `passwordHash`, `passwordLength` are not credentials.
 */

export type SensitiveKind =
  | 'password'
  | 'secret'
  | 'token'
  | 'apiKey'
  | 'privateKey'
  | 'authorization'
  | 'cookie'
  | 'sessionId'
  | 'cardNumber'
  | 'cvv'
  | 'ssn'
  | 'email'
  | 'phone'
  | 'birthDate'
  | 'address';

export type SensitiveLevel = 'credential' | 'personal';

export interface SensitiveName {
  kind: SensitiveKind;
  level: SensitiveLevel;
}

/** Splits an identifier or key into lowercase words: `newPassword` → ['new', 'password'], `API_KEY` → ['api', 'key']. */
export function splitWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Words that turn a sensitive name into a derived or harmless value. */
const HARMLESS_WORDS = new Set([
  'hash', 'hashed', 'digest', 'encrypted', 'crypted', 'bcrypt', 'salt', 'salted', 'length', 'len', 'policy', 'policies', 'rule', 'rules',
  'valid', 'invalid', 'is', 'has', 'should', 'can', 'must', 'needs', 'require', 'required', 'requested', 'request', 'changed',
  'updated', 'created', 'expires', 'expiry', 'expiration', 'expired', 'exp', 'ttl', 'at', 'date', 'time', 'count', 'attempts', 'strength',
  'min', 'max', 'field', 'label', 'placeholder', 'input', 'type', 'name', 'names', 'key', 'keys', 'header', 'headers', 'id', 'url', 'uri', 'endpoint',
  'path', 'route', 'regex', 'pattern', 'error', 'errors', 'message', 'msg', 'text', 'hint', 'visible', 'show', 'hidden', 'enabled',
  'masked', 'mask', 'redacted', 'redact', 'sanitized', 'safe', 'prefix', 'suffix', 'last4', 'last', 'format', 'schema', 'validator',
  'match', 'matches', 'generator', 'service', 'manager', 'provider', 'store', 'storage', 'strategy', 'module',
  'method', 'methods', 'scheme', 'version', 'status', 'state', 'flag', 'mode', 'kind', 'expected', 'index', 'idx', 'ref', 'location', 'file', 'dir', 'env', 'var',
  // where a credential is kept, not the credential: `credentialsFilename`, `apiKeyFilePath`, `secretsFolder`
  'filename', 'filenames', 'filepath', 'filepaths', 'files', 'dirname', 'directory', 'folder',
  // an action on the value, not the value: `sendEmailToOwner`, `sendEmailResultErrorList` (not `resend`: `RESEND_API_KEY` is a key)
  'send',
  // a count or a message about the value's absence: `skippedNoRefreshToken`, `missingCredentials`, `withoutToken`
  'skipped', 'missing', 'no', 'without',
  // a policy switch or the outcome of a check: `enforceMFA`, `totpCheck`
  'enforce', 'enforced', 'check', 'checked',
]);

/** `password_reset_token` is a token; `passwordResetRequested` is harmless; `tokenId` is an id. */
const KIND_WORDS: Array<[SensitiveKind, SensitiveLevel, RegExp]> = [
  ['password', 'credential', /^(password|passwd|pwd|pass|passphrase|passcode|pw)$/],
  ['privateKey', 'credential', /^privatekey$/],
  ['secret', 'credential', /^(secret|secrets|clientsecret)$/],
  ['apiKey', 'credential', /^(apikey|apikeys|accesskey)$/],
  ['token', 'credential', /^(token|tokens|jwt|bearer|refreshtoken|accesstoken|idtoken|csrf|xsrf|otp|totp|mfa)$/],
  ['authorization', 'credential', /^(authorization|auth|credentials|credential|creds)$/],
  ['cookie', 'credential', /^(cookie|cookies)$/],
  ['sessionId', 'credential', /^(sessionid|sid|session)$/],
  ['cardNumber', 'credential', /^(cardnumber|ccnumber|creditcard|pan|cardno)$/],
  ['cvv', 'credential', /^(cvv|cvc|cvv2|securitycode)$/],
  ['ssn', 'credential', /^(ssn|socialsecurity|socialsecuritynumber)$/],
  ['email', 'personal', /^(email|mail|emailaddress)$/],
  ['phone', 'personal', /^(phone|phonenumber|mobile|telephone|tel)$/],
  ['birthDate', 'personal', /^(dob|birthdate|dateofbirth|birthday)$/],
  ['address', 'personal', /^(address|streetaddress|homeaddress)$/],
];

/** Words that make `pass` mean a pass of something (`firstPass`, `renderPass`, `passThrough`), not a password. */
const PASS_CONTEXT_WORDS = new Set(['first', 'second', 'third', 'last', 'next', 'render', 'through', 'thru', 'fail', 'rate', 'test', 'multi', 'single', 'double', 'boarding', 'season', 'day', 'hall', 'by']);

/** Words that make an `address` a network or memory address (`remoteAddress`, `ipAddress`, `walletAddress`), not a postal one. */
const NETWORK_WORDS = new Set(['ip', 'ipv4', 'ipv6', 'remote', 'local', 'mac', 'server', 'host', 'socket', 'bind', 'listen', 'listening', 'wallet', 'contract', 'memory', 'base', 'web', 'proxy', 'forwarded', 'client', 'peer', 'node', 'net', 'network', 'multicast', 'broadcast', 'gateway', 'tcp', 'udp', 'smtp', 'sender', 'reply', 'bounce',
  // a system error's `address` and `port` say which endpoint refused the connection (ECONNREFUSED)
  'err', 'error', 'exception', 'conn', 'connection']);

/** Fields that sit next to a network `address` (Node's AddressInfo, host/port pairs), never next to a postal one. */
export const NETWORK_ADDRESS_SIBLINGS = new Set(['port', 'family', 'ip', 'host', 'hostname']);

/**
 * True when a holder's name makes its `address` field a network one: `addressInfo.address`, `server.address`,
 * `socket.address` (Node's AddressInfo has `address`, `family` and `port`), `err.address` (a system error's).
 */
export function isNetworkAddressHolder(holderName: string): boolean {
  return splitWords(holderName).some((w) => w.startsWith('addr') || NETWORK_WORDS.has(w));
}

/** Verbs that make a password name a function's name (`comparePassword`, `setPassword` from `useState`), not a value. */
const PASSWORD_VERBS = new Set(['compare', 'verify', 'check', 'validate', 'set', 'get', 'generate', 'encrypt', 'encode', 'decrypt']);

interface Candidate {
  text: string;
  start: number;
  end: number;
}

/** Single words and the compound forms the table knows (`api key` → `apikey`), with their word positions. */
function compounds(words: string[]): Candidate[] {
  const out: Candidate[] = words.map((text, i) => ({ text, start: i, end: i }));
  for (let i = 0; i + 1 < words.length; i++) out.push({ text: words[i] + words[i + 1], start: i, end: i + 1 });
  for (let i = 0; i + 2 < words.length; i++) out.push({ text: words[i] + words[i + 1] + words[i + 2], start: i, end: i + 2 });
  return out;
}

/** What a name says about its value, or undefined when it names nothing sensitive (or a derived, harmless value). */
export function classifyName(name: string): SensitiveName | undefined {
  // trailing digits name a variant, not a different thing: `password2`, `pwd1`
  const words = splitWords(name).map((w) => w.replace(/(\D)\d+$/, '$1'));
  if (!words.length || words.length > 6) return undefined;
  // the rightmost sensitive word is the head noun: `passwordResetToken` is a token, `tokenPassword` a password
  let best: { kind: SensitiveKind; level: SensitiveLevel; candidate: Candidate } | undefined;
  for (const candidate of compounds(words)) {
    for (const [kind, level, pattern] of KIND_WORDS) {
      if (!pattern.test(candidate.text)) continue;
      // `sessionId`, `userSessionId`; not `sessionUserId` (the id of the session's user) or a bare `session`
      if (kind === 'sessionId' && candidate.text === 'session' && !['id', 'ids'].includes(words[candidate.end + 1])) continue;
      const better = !best || candidate.end > best.candidate.end || (candidate.end === best.candidate.end && candidate.start < best.candidate.start);
      if (better) best = { kind, level, candidate };
      break;
    }
  }
  if (!best || isDerived(words, best.candidate.text, best.kind, best.candidate.start)) return undefined;
  if (best.kind === 'password' && best.candidate.text === 'pass' && words.some((w) => PASS_CONTEXT_WORDS.has(w))) return undefined;
  if (best.kind === 'address' && words.some((w) => NETWORK_WORDS.has(w))) return undefined;
  return { kind: best.kind, level: best.level };
}

/** Sessions that authenticate nobody: a Stripe checkout session, a chat or analytics session (`checkoutSessionId`, `visitorSessionId`). */
const NON_AUTH_SESSION_WORDS = new Set(['checkout', 'payment', 'billing', 'portal', 'upload', 'chat', 'conversation', 'recording', 'replay', 'analytics', 'tracking', 'visitor', 'game', 'training', 'workout', 'meeting', 'stream', 'streaming', 'quiz', 'exam', 'booking', 'onboarding', 'import', 'export', 'sync', 'transaction']);
/** Tokens that page through results or resume a stream (`nextPageToken`, `continuationToken`, `resumeToken`): cursors, not credentials. */
const CURSOR_TOKEN_WORDS = new Set(['page', 'next', 'prev', 'previous', 'continuation', 'cursor', 'pagination', 'sync', 'resume', 'checkout']);
/** Tokens that are counted, not kept: a rate limiter's bucket (`tokensPerInterval`) or a language model's usage (`promptTokens`, `totalTokens`). */
const COUNTED_TOKEN_WORDS = new Set(['per', 'interval', 'remaining', 'used', 'usage', 'limit', 'limits', 'bucket', 'refill', 'consumed', 'prompt', 'completion', 'output', 'total', 'cached', 'reasoning', 'estimated', 'num', 'budget']);

/** Nouns that name a holder after the sensitive word (`authService`, `tokenStore`) but say whose it is before it (`serviceToken`, `SERVICE_API_KEY`). */
const HOLDER_WORDS = new Set(['service', 'manager', 'provider', 'store', 'storage', 'strategy', 'module', 'env', 'var']);

function isDerived(words: string[], matched: string, kind: SensitiveKind, start = 0): boolean {
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (matched.includes(w) && w.length > 1) continue;
    if (i < start && HOLDER_WORDS.has(w)) continue;
    if (kind === 'sessionId' && w === 'id') continue;
    if (kind === 'sessionId' && NON_AUTH_SESSION_WORDS.has(w)) return true;
    if (kind === 'token' && (CURSOR_TOKEN_WORDS.has(w) || COUNTED_TOKEN_WORDS.has(w))) return true;
    if (kind === 'password' && PASSWORD_VERBS.has(w)) return true;
    if (HARMLESS_WORDS.has(w)) {
      // `secretKey`, `apiKey`, `privateKey`, `authToken` keep their meaning
      if ((w === 'key' || w === 'keys') && (kind === 'secret' || kind === 'privateKey' || kind === 'apiKey')) continue;
      if ((w === 'header' || w === 'headers' || w === 'request') && kind === 'authorization') continue;
      return true;
    }
  }
  return false;
}

/** Last words of a measure or a property of something (`count`, `length`, `expiresAt`, `type`); not `id`, which a session's id is. */
const MEASURE_WORDS = new Set(['count', 'length', 'len', 'size', 'total', 'expires', 'expiry', 'expiration', 'exp', 'ttl', 'at', 'date', 'time', 'type', 'kind', 'status', 'state', 'version', 'index', 'idx', 'mode', 'format', 'enabled', 'valid', 'flag']);

/** True for a name whose last word is a measure (`count`, `length`, `expiresAt`): what a sensitive key's value is when read as `tokens.count`. */
export function isMeasureName(name: string): boolean {
  const words = splitWords(name);
  return words.length > 0 && MEASURE_WORDS.has(words[words.length - 1]);
}

/** True for a name that holds a password or passphrase (not its hash, length or policy). */
export function isPasswordName(name: string): boolean {
  return classifyName(name)?.kind === 'password';
}

/** True for credentials (passwords, secrets, tokens, keys, auth headers, session ids, card data). */
export function isCredentialName(name: string): boolean {
  return classifyName(name)?.level === 'credential';
}

/** True for a name that mentions a sensitive word but names a derived or harmless value: `passwordHash`, `tokenExpiry`, `hasApiKey`. */
export function isDerivedSensitiveName(name: string): boolean {
  if (classifyName(name)) return false;
  const words = splitWords(name).map((w) => w.replace(/(\D)\d+$/, '$1'));
  return words.length > 0 && words.length <= 6 && compounds(words).some((c) => KIND_WORDS.some(([, , pattern]) => pattern.test(c.text)));
}

/** Last words of a place where something is kept on disk (`credentialsFilename`, `tokenFile`, `secretsDir`). */
const FILE_WORDS = new Set(['file', 'files', 'filename', 'filenames', 'filepath', 'filepaths', 'dir', 'dirname', 'directory', 'folder']);

/**
 * True for a name that says where a credential is kept on disk (`apiKeyFilename`, `credentialsFile`), not the
 * credential: what it holds is a path, whatever value it was computed from (`makeAbsolute(argv.apikey)`).
 */
export function isCredentialFileName(name: string): boolean {
  const words = splitWords(name);
  return words.length > 1 && FILE_WORDS.has(words[words.length - 1]) && isDerivedSensitiveName(name);
}

/** True for a declared type of a session that authenticates nobody: `Stripe.Checkout.Session`, `ChatSession`. */
export function isNonAuthSessionType(typeText: string): boolean {
  return splitWords(typeText).some((w) => NON_AUTH_SESSION_WORDS.has(w));
}

