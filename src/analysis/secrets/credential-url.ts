/** URLs and connection strings with a password: `postgres://app:<password>@db/app`, `redis://:<password>@cache:6379`. */
import { URL_SCHEME_NAMES } from '../../models/secret-formats.js';
import { hasFakeMarker, isPlaceholder } from './placeholder.js';

const USERINFO = /^([a-z][a-z0-9+.-]*):\/\/([^:@/]*):([^@/]+)@/i;

export interface UrlCredential {
  /** "PostgreSQL URL with a password" */
  label: string;
  user: string;
  password: string;
}

/** The password a URL carries, or undefined when it has none or a stand-in (`${DB_PASSWORD}`, `<password>`, `pass`, the user name again). */
export function getUrlCredential(url: string): UrlCredential | undefined {
  const m = USERINFO.exec(url);
  if (!m) return undefined;
  const user = m[2];
  const password = safeDecode(m[3]);
  if (password.length < 4 || password === user || /^[$%{<[]/.test(password)) return undefined;
  if (isPlaceholder(password) || hasFakeMarker(password)) return undefined;
  const scheme = m[1].toLowerCase();
  return { label: `${URL_SCHEME_NAMES[scheme] ?? scheme.toUpperCase()} URL with a password`, user, password };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
