/**
 * The config file: `tsaudit.config.json`, `.tsauditrc.json` or a `"tsaudit"` key in package.json, searched from
 * the scan root upward (stopping after the directory that holds `.git`), or the file given with `--config`.
 * Found by hand rather than with cosmiconfig: cosmiconfig 9 also reads a meta config from `process.cwd()` and a
 * global directory under the home folder, which makes the lookup depend on more than the scanned tree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RuleSetting } from '../engine/scan.js';
import { CliError, toOneLine } from './errors.js';
import { formatZodIssue } from './zodIssue.js';

/** Config file names, in the order they are looked for in each folder. */
export const CONFIG_FILES = ['tsaudit.config.json', '.tsauditrc.json'];
/** The package.json key that may hold the config. */
export const PACKAGE_KEY = 'tsaudit';

const severity = z.enum(['error', 'warning', 'note']);
const ruleEntry = z.union([
  z.enum(['off', 'error', 'warning', 'note']),
  z.object({ enabled: z.boolean().optional(), severity: severity.optional(), options: z.record(z.unknown()).optional() }).strict(),
]);
/** The config's shape; strict, so a misspelt key is an error rather than silently ignored. */
export const configSchema = z
  .object({
    $schema: z.string().optional(),
    rules: z.record(ruleEntry).optional(),
    include: z.array(z.string()).optional(),
    exclude: z.array(z.string()).optional(),
    failOn: z.enum(['error', 'warning', 'note', 'none']).optional(),
    maxFileSize: z.number().int().positive().optional(),
  })
  .strict();

/** A validated config. */
export type TsauditConfig = z.infer<typeof configSchema>;

/** A config and the file it came from. */
export interface LoadedConfig {
  /** Absolute path of the file read. */
  file: string;
  config: TsauditConfig;
}

interface ConfigSource {
  file: string;
  /** The package.json key holding the config, when it lives there. */
  key?: string;
}

/** Loads and validates the config: the `--config` file when given, else the nearest one above `root`. */
export function loadConfig(options: { explicit?: string; cwd: string; root: string; knownRules: ReadonlySet<string> }): LoadedConfig | undefined {
  const source = options.explicit ? explicitSource(path.resolve(options.cwd, options.explicit)) : findConfigFile(options.root);
  if (!source) return undefined;
  const label = path.relative(options.cwd, source.file) || path.basename(source.file);
  const data = readJson(source.file, label);
  const raw = source.key ? (data as Record<string, unknown>)[source.key] : data;
  return { file: source.file, config: validateConfig(raw, label, source.key, options.knownRules) };
}

/** Finds the nearest config file from `dir` upward; undefined when there is none. */
export function findConfigFile(dir: string): ConfigSource | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    for (const name of CONFIG_FILES) {
      const file = path.join(current, name);
      if (fs.existsSync(file)) return { file };
    }
    const pkg = path.join(current, 'package.json');
    if (hasPackageKey(pkg)) return { file: pkg, key: PACKAGE_KEY };
    if (fs.existsSync(path.join(current, '.git')) || path.dirname(current) === current) return undefined;
  }
}

/** Checks the shape of a parsed config; throws CliError naming the file and the key path. */
export function validateConfig(raw: unknown, label: string, key: string | undefined, knownRules: ReadonlySet<string>): TsauditConfig {
  const parsed = configSchema.safeParse(raw);
  const where = key ? `${label} "${key}"` : label;
  if (!parsed.success) throw new CliError(`${where}: ${formatZodIssue(parsed.error.issues[0], raw)}`, 'fix the config file; see the Configuration section of the README');
  for (const id of Object.keys(parsed.data.rules ?? {})) {
    if (!knownRules.has(id)) throw new CliError(`${where}: unknown rule "${id}" in "rules"`, 'run tsaudit --list-rules for the rule ids');
  }
  return parsed.data;
}

/** Turns the config's `rules` entries into engine settings. */
export function toRuleSettings(rules: TsauditConfig['rules'] = {}): Record<string, RuleSetting> {
  const settings: Record<string, RuleSetting> = {};
  for (const [id, entry] of Object.entries(rules)) {
    if (entry === 'off') settings[id] = { enabled: false };
    else if (typeof entry === 'string') settings[id] = { severity: entry };
    else settings[id] = { enabled: entry.enabled, severity: entry.severity, options: entry.options };
  }
  return settings;
}

function explicitSource(file: string): ConfigSource {
  return path.basename(file) === 'package.json' ? { file, key: PACKAGE_KEY } : { file };
}

function hasPackageKey(file: string): boolean {
  try {
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    return typeof pkg === 'object' && pkg !== null && PACKAGE_KEY in pkg;
  } catch {
    // no package.json here, or one that is not ours to judge
    return false;
  }
}

function readJson(file: string, label: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CliError(`cannot read config ${label} (${code})`, 'check the path and its permissions');
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CliError(`${label} is not valid JSON: ${describeJsonError(text, error as Error)}`, 'fix the JSON syntax');
  }
}

/** `Unexpected token } in JSON at position 12` → `Unexpected token } in JSON at line 2 column 5`. */
function describeJsonError(text: string, error: Error): string {
  const message = toOneLine(error.message);
  const match = /at position (\d+)/.exec(message);
  if (!match) return message;
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return message.replace(match[0], `at line ${line} column ${column}`);
}
