/**
 * Finds provider secrets (see `src/models/secret-formats.ts`) in a string or a whole file with one combined pattern,
 * then checks each match's structure: token checksums, JWT headers, private key bodies, URL passwords, made-up markers.
 */
import {
  PAIRED_SECRET_FORMATS,
  SECRET_FORMATS,
  type PairedSecretFormat,
  type SecretFormat,
} from '../../models/secret-formats.js';
import { hasValidTokenChecksum } from './checksum.js';
import { getUrlCredential } from './credential-url.js';
import { getCharClasses, getShannonEntropy } from './entropy.js';
import { isSignedJwt } from './jwt.js';
import { hasFakeMarker } from './placeholder.js';
import { describePrivateKey, getPrivateKeyBlock } from './private-key.js';

export interface ProviderMatch {
  format: SecretFormat;
  /** What it is, for the message (the format's label, or a refined one: `RSA private key`, `PostgreSQL URL with a password`). */
  label: string;
  /** Offsets in the scanned text; a private key's span covers its body and end marker. */
  start: number;
  end: number;
  /** The secret part, whose redacted preview messages show: the token, the URL's password, the key body. */
  secret: string;
  /** A checksummed token (`ghp_`, `npm_`) whose checksum fails but whose random part looks random: a token typed, altered or made up. */
  unverified?: boolean;
}

export interface ProviderScan {
  /** Verified matches, anchors included (callers skip `role: 'anchor'` when reporting). */
  matches: ProviderMatch[];
  /** True when something had a provider's shape but failed its check (a bad checksum, `alg: none`, `EXAMPLE`). */
  rejected: boolean;
}

/** One alternative per format, in a capturing group; format patterns have non-capturing groups only. */
const COMBINED = new RegExp(SECRET_FORMATS.map((f) => `(${f.pattern})`).join('|'), 'g');

/** Characters that may not touch a match on either side (so a token is not cut out of a longer word). */
function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Every provider secret in `text`. */
export function scanProviderSecrets(text: string): ProviderScan {
  const matches: ProviderMatch[] = [];
  let rejected = false;
  COMBINED.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = COMBINED.exec(text)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    if ((start > 0 && isWordChar(text.charCodeAt(start - 1))) || (end < text.length && isWordChar(text.charCodeAt(end)))) {
      COMBINED.lastIndex = start + 1;
      continue;
    }
    let group = 1;
    while (m[group] === undefined) group++;
    const match = verifyMatch(SECRET_FORMATS[group - 1], text, start, end);
    if (match) {
      matches.push(match);
      COMBINED.lastIndex = Math.max(COMBINED.lastIndex, match.end);
    } else rejected = true;
  }
  return { matches, rejected };
}

/** The checked match, or undefined when the structure is wrong or the value is made up. */
function verifyMatch(format: SecretFormat, text: string, start: number, end: number): ProviderMatch | undefined {
  const value = text.slice(start, end);
  switch (format.verify) {
    case 'token-checksum':
      // a failing checksum: made up or altered; still reported (at lower confidence) when the random part looks random
      if (!hasValidTokenChecksum(value)) {
        if (!looksRandom(value.slice(value.indexOf('_') + 1)) || hasFakeMarker(value)) return undefined;
        return { format, label: format.label, start, end, secret: value, unverified: true };
      }
      break;
    case 'jwt':
      if (!isSignedJwt(value)) return undefined;
      break;
    case 'private-key': {
      const block = getPrivateKeyBlock(text, end);
      if (!block) return undefined;
      return { format, label: describePrivateKey(value), start, end: block.end, secret: block.body };
    }
    case 'credential-url': {
      const credential = getUrlCredential(value);
      if (!credential) return undefined;
      return { format, label: credential.label, start, end, secret: credential.password };
    }
  }
  const secret = format.id === 'azure-storage' ? value.slice('AccountKey='.length) : value;
  if (hasFakeMarker(secret)) return undefined;
  return { format, label: format.label, start, end, secret };
}

/** Mixed case and digits with the entropy of random base62 (36 random characters have about 4.6 bits each). */
function looksRandom(part: string): boolean {
  const classes = getCharClasses(part);
  return classes.lower && classes.upper && classes.digit && getShannonEntropy(part) >= 4.2;
}

const PAIRED_SHAPES = PAIRED_SECRET_FORMATS.map((f) => ({ format: f, shape: new RegExp(f.shape) }));

/** The paired format (AWS secret access key, Twilio auth token) whose shape a whole value has and that looks random; else undefined. */
export function matchPairedShape(value: string): PairedSecretFormat | undefined {
  if (value.length !== 40 && value.length !== 32) return undefined;
  for (const { format, shape } of PAIRED_SHAPES) {
    if (!shape.test(value) || hasFakeMarker(value)) continue;
    const classes = getCharClasses(value);
    const entropy = getShannonEntropy(value);
    // 40 characters of base64 mix cases and digits (a git SHA is hex); 32 of hex are not all digits
    const random = value.length === 40 ? classes.lower && classes.upper && classes.digit && entropy >= 4 : classes.lower && classes.digit && entropy >= 3.2;
    if (random) return format;
  }
  return undefined;
}

/** True when a name (split in words) mentions the paired format's provider: `awsSecret`, `TWILIO_AUTH_TOKEN`. */
export function mentionsProvider(words: string[], format: PairedSecretFormat): boolean {
  return words.some((w) => format.providerWords.includes(w));
}
