/** Public API of tsaudit: the scan, its types, the reporters and the CLI entry point. */
export { scan, selectRules, DEFAULT_MAX_FILE_SIZE } from './engine/scan.js';
export type { ScanOptions, RuleSetting } from './engine/scan.js';
export { UsageError } from './engine/files.js';
export { defineRule, formatMessage } from './rule.js';
export type * from './types.js';
export { allRules } from '../rules/index.js';

export { formatConsole, formatSummary, type ConsoleOptions } from './reporters/console.js';
export { toSarif, toCweTag, SARIF_SCHEMA, type SarifOptions } from './reporters/sarif.js';
export { mergeSarif, MergeError } from './reporters/merge.js';
export { toJsonReport, formatJson, JSON_FORMAT_VERSION, type JsonReport, type JsonFinding } from './reporters/json.js';
export { formatMarkdown } from './reporters/markdown.js';
export { computeFingerprints, hashLines } from './reporters/fingerprint.js';

export { run, type CliIO, type ExitCode } from './cli.js';
export { loadConfig, validateConfig, type TsauditConfig } from './cli/config.js';
export { createBaseline, applyBaseline, readBaseline, writeBaseline, BASELINE_VERSION, type Baseline, type BaselineEntry } from './cli/baseline.js';
export { getRepositoryRoot, selectGitFiles, type GitSelection, type GitFiles } from './cli/git.js';
