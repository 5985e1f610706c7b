/**
 * Committed config files the secrets rule reads, and their `name = value` pairs: `.env*`, `.npmrc`, `*.properties`,
 * `*.json` (line by line, tolerant of comments), `*.yml`/`*.yaml` (flat `key: value` lines), `*.pem`/`*.key` (no pairs).
 */

export type ConfigFileKind = 'env' | 'env-template' | 'npmrc' | 'properties' | 'json' | 'yaml' | 'key';

/** A value with its name and its offsets in the file text (`end` exclusive). */
export interface NamedValue {
  name: string;
  value: string;
  start: number;
  end: number;
}

/** Lock files and generated manifests: integrity hashes and resolved URLs, never hand-written secrets. */
const LOCK_FILE = /(?:^|\/)(?:package-lock|npm-shrinkwrap|composer\.lock|yarn\.lock|pnpm-lock|bun\.lock|deno\.lock)[^/]*$|\.lock\.json$|-lock\.json$|-lock\.ya?ml$/;

/** The kind of config file, or undefined when the secrets rule does not read it. */
export function getConfigFileKind(file: string): ConfigFileKind | undefined {
  if (LOCK_FILE.test(file)) return undefined;
  const base = file.slice(file.lastIndexOf('/') + 1);
  // templates: `.env.example`, also per environment (`.env.dev.example`, `.env.example.local`)
  if (base === '.env' || base.startsWith('.env.')) return /^\.env(?:\.[\w-]+)*\.(?:example|sample|template|dist|defaults|tpl)(?:\.[\w-]+)*$/.test(base) ? 'env-template' : 'env';
  if (base === '.npmrc') return 'npmrc';
  const ext = base.slice(base.lastIndexOf('.') + 1).toLowerCase();
  switch (ext) {
    case 'properties':
      return 'properties';
    case 'json':
      return 'json';
    case 'yml':
    case 'yaml':
      return 'yaml';
    case 'pem':
    case 'key':
      return 'key';
  }
  return undefined;
}

/** Folders of translation catalogs: their values are labels in other languages (`"smtp.password": "SMTP-passord"`). */
const TRANSLATION_FOLDER = /(?:^|\/)(?:i18n|l10n|locales?|langs?|languages?|translations?)\//i;
/** A catalog named after a language and region: `en-US.json`, `pt_BR.yml`. */
const LOCALE_FILE = /(?:^|\/)[a-z]{2,3}[-_](?:[A-Z]{2}|[A-Z][a-z]{3})\.(?:json|ya?ml|properties)$/;

/** True for a translation catalog, whose values are words for people, never credentials (provider formats still count). */
export function isTranslationCatalog(file: string): boolean {
  return TRANSLATION_FOLDER.test(file) || LOCALE_FILE.test(file);
}

/** The named values of a config file, in file order. */
export function readNamedValues(kind: ConfigFileKind, text: string): NamedValue[] {
  const out: NamedValue[] = [];
  const blocks: JsonBlocks = { open: [], skipDepth: undefined };
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    if (kind === 'json') {
      if (blocks.skipDepth === undefined) readJsonLine(line, lineStart, out);
      trackJsonBlocks(line, blocks);
    }
    else if (kind !== 'key') {
      const pair = readLine(kind, line);
      if (pair) out.push({ name: pair.name, value: pair.value, start: lineStart + pair.at, end: lineStart + pair.at + pair.length });
    }
    lineStart = lineEnd + 1;
  }
  return out;
}

// KEY=value, export KEY="value" (.env); key=value (.npmrc, .properties); key: value, - key: 'value', - KEY=value (YAML)
const ENV_LINE = /^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*=\s*(.*)$/;
const NPMRC_LINE = /^\s*([^;#=\s][^=]*?)\s*=\s*(.*)$/;
const PROPERTIES_LINE = /^\s*([^#!=:\s][^=:\s]*)\s*[=:]\s*(.*)$/;
const YAML_LINE = /^\s*(?:-\s+)?(["']?)([^\s"'#:][^"':#]*?)\1\s*:\s+(.*)$/;
// docker-compose environment lists: - DB_PASSWORD=value
const YAML_ENV_ITEM = /^\s*-\s+["']?([A-Za-z_][\w.-]*)=([^"'#]*?)["']?\s*(?:#.*)?$/;

function readLine(kind: ConfigFileKind, line: string): { name: string; value: string; at: number; length: number } | undefined {
  let name: string;
  let rest: string;
  let restAt: number | undefined;
  if (kind === 'yaml') {
    const item = YAML_ENV_ITEM.exec(line);
    const m = item ? undefined : YAML_LINE.exec(line);
    if (item) [name, rest, restAt] = [item[1], item[2], line.indexOf('=') + 1];
    else if (m) [name, rest] = [m[2], m[3]];
    else return undefined;
  } else {
    const m = (kind === 'npmrc' ? NPMRC_LINE : kind === 'properties' ? PROPERTIES_LINE : ENV_LINE).exec(line);
    if (!m) return undefined;
    [name, rest] = [m[1], m[2]];
  }
  restAt ??= line.length - rest.length;
  const value = readValue(rest, kind === 'env' ? /#/ : kind === 'npmrc' ? /\s[#;]|^[#;]/ : /\s#|^#/);
  if (!value) return undefined;
  return { name, value: value.text, at: restAt + value.at, length: value.text.length };
}

/**
 * A quoted value up to its closing quote, or a bare value up to its comment (dotenv: any `#`; YAML, .npmrc and
 * .properties: a `#` after a space — a documented liberty for .properties, where `#` only starts a comment line).
 * YAML block and flow starts are not values.
 */
function readValue(rest: string, comment: RegExp): { text: string; at: number } | undefined {
  const q = rest[0];
  if (q === '"' || q === "'") {
    const close = rest.indexOf(q, 1);
    return close > 1 ? { text: rest.slice(1, close), at: 1 } : undefined;
  }
  if (/^[|>&*!{[]/.test(rest)) return undefined;
  const cut = rest.search(comment);
  const text = (cut >= 0 ? rest.slice(0, cut) : rest).trimEnd();
  return text ? { text, at: 0 } : undefined;
}

const JSON_PAIR = /"((?:[^"\\\n]|\\.)*)"\s*:\s*"((?:[^"\\\n]|\\.)*)"/g;

/**
 * Objects whose keys are package names and values version ranges (`"@acme/api-key": "workspace:^"`): package.json's
 * dependency lists, overrides and resolutions, composer.json's `require`. Their entries are not named values.
 */
const PACKAGE_LISTS = new Set(['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies', 'bundleDependencies', 'bundledDependencies', 'resolutions', 'overrides', 'require', 'require-dev', 'catalog', 'catalogs']);
const OPENED_OBJECT = /"((?:[^"\\\n]|\\.)*)"\s*:\s*\{/g;

/** Object nesting of a JSON file read line by line, and the depth of a package list being skipped. */
interface JsonBlocks {
  open: number[];
  skipDepth: number | undefined;
}

function trackJsonBlocks(line: string, blocks: JsonBlocks): void {
  // braces inside strings are rare in config files; strip the strings first
  const bare = line.replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
  OPENED_OBJECT.lastIndex = 0;
  const keys = [...line.matchAll(OPENED_OBJECT)].map((m) => m[1]);
  let keyIndex = 0;
  for (let i = 0; i < bare.length; i++) {
    const c = bare[i];
    if (c === '{') {
      blocks.open.push(0);
      const key = /""\s*:\s*$/.test(bare.slice(0, i)) ? keys[keyIndex++] : undefined;
      if (blocks.skipDepth === undefined && key !== undefined && PACKAGE_LISTS.has(key)) blocks.skipDepth = blocks.open.length;
    } else if (c === '}') {
      if (blocks.skipDepth === blocks.open.length) blocks.skipDepth = undefined;
      blocks.open.pop();
    }
  }
}

/** `"key": "value"` pairs on one line of JSON (a fixture's trailing `// expect:` comment does not disturb it). */
function readJsonLine(line: string, lineStart: number, out: NamedValue[]): void {
  if (!line.includes('":')) return;
  JSON_PAIR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = JSON_PAIR.exec(line)) !== null) {
    const raw = m[2];
    const valueAt = m.index + m[0].length - raw.length - 1;
    out.push({ name: unescapeJson(m[1]), value: unescapeJson(raw), start: lineStart + valueAt, end: lineStart + valueAt + raw.length });
  }
}

function unescapeJson(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
