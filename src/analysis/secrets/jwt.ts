/**
 * JSON Web Tokens: a match counts only when its header and payload decode to JSON objects, the header names a signing
 * `alg`, and the token has not expired (an `exp` in the past cannot be replayed; API docs are full of such examples).
 */

/** True for a signed, unexpired JWT with decodable JSON parts; false for `alg: none` (unsigned, not a credential) and jwt.io's demo token. */
export function isSignedJwt(token: string, now: number = Date.now()): boolean {
  const [headerPart, payloadPart] = token.split('.');
  const header = decodeJsonPart(headerPart);
  if (!header || typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') return false;
  const payload = decodeJsonPart(payloadPart);
  if (!payload) return false;
  if (typeof payload.exp === 'number' && payload.exp * 1000 < now) return false;
  return !(payload.sub === '1234567890' && payload.name === 'John Doe');
}

function decodeJsonPart(part: string | undefined): Record<string, unknown> | undefined {
  if (!part) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
