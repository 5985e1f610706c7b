/** PEM and OpenSSH private key blocks: a `-----BEGIN … PRIVATE KEY-----` header counts only with a base64 body after it. */
import { hasFakeMarker } from './placeholder.js';

const END_MARKER = /-----END [A-Z ]*PRIVATE KEY(?: BLOCK)?-----/g;
/** How far after the header to look for the body and the end marker. */
const MAX_BLOCK = 16_000;
/** Shortest body that can hold a key (an Ed25519 PKCS#8 key is 64 base64 characters). */
const MIN_BODY = 64;

export interface PrivateKeyBlock {
  /** Offset after the end marker (or after the body when there is none). */
  end: number;
  /** The base64 body, without line breaks. */
  body: string;
}

/** The body of the key whose header ends at `headerEnd`, or undefined when there is no real body (a stub, `...`, a placeholder). */
export function getPrivateKeyBlock(text: string, headerEnd: number): PrivateKeyBlock | undefined {
  END_MARKER.lastIndex = headerEnd;
  const endMatch = END_MARKER.exec(text);
  const hasEnd = endMatch !== null && endMatch.index - headerEnd <= MAX_BLOCK;
  const stop = hasEnd ? endMatch.index : Math.min(text.length, headerEnd + MAX_BLOCK);
  const region = text.slice(headerEnd, stop);
  let body = '';
  let bodyEnd = 0;
  let cursor = 0;
  // lines split by real or escaped line breaks (a key in a JSON string or a '\n'-joined literal)
  for (const line of region.split(/\r?\n|\\r\\n|\\n/)) {
    const at = region.indexOf(line, cursor);
    cursor = at + line.length;
    const t = line.replace(/^[\s'"`+,]+|[\s'"`+,]+$/g, '');
    if (!t || /^[A-Za-z-]+:/.test(t)) continue;
    if (/^[A-Za-z0-9+/=]+$/.test(t)) {
      body += t;
      bodyEnd = cursor;
    } else if (!hasEnd || body) break;
  }
  if (body.length < MIN_BODY || hasFakeMarker(region.slice(0, bodyEnd))) return undefined;
  return { end: hasEnd ? endMatch.index + endMatch[0].length : headerEnd + bodyEnd, body };
}

/** What the header says the key is: `RSA private key`, `OpenSSH private key`, `Encrypted private key`, `Private key`. */
export function describePrivateKey(header: string): string {
  const type = /BEGIN (RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) /.exec(header)?.[1];
  switch (type) {
    case 'OPENSSH':
      return 'OpenSSH private key';
    case 'ENCRYPTED':
      return 'Encrypted private key';
    case undefined:
      return 'Private key';
    default:
      return `${type} private key`;
  }
}
