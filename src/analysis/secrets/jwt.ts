/** JSON Web Tokens: a match counts only when its header and payload decode to JSON objects and the header names a signing `alg`. */

/** True for a signed JWT with decodable JSON parts; false for `alg: none` (unsigned, not a credential) and for jwt.io's demo token. */
export function isSignedJwt(token: string): boolean {
  const [headerPart, payloadPart] = token.split('.');
  const header = decodeJsonPart(headerPart);
  if (!header || typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') return false;
  const payload = decodeJsonPart(payloadPart);
  if (!payload) return false;
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
