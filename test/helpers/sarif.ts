/** SARIF checks for tests: the OASIS schema (draft-04, validated with ajv's draft-07 class) and shared/tools/check-sarif.mjs. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { REPO_ROOT } from './cli.js';

export const SCHEMA_PATH = path.resolve(REPO_ROOT, '../shared/schemas/sarif-schema-2.1.0.json');
export const CHECK_SARIF = path.resolve(REPO_ROOT, '../shared/tools/check-sarif.mjs');

let validator: ValidateFunction | undefined;

/** The SARIF 2.1.0 schema validator; the draft-04 schema is adapted (`id` → `$id`) as check-sarif.mjs does. */
export function getSarifValidator(): ValidateFunction {
  if (validator) return validator;
  const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  schema.$schema = 'http://json-schema.org/draft-07/schema#';
  schema.$id = schema.id;
  delete schema.id;
  const ajv = new Ajv({ strict: false, allErrors: true });
  const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
  addFormats(ajv);
  validator = ajv.compile(schema);
  return validator;
}

/** Runs check-sarif.mjs on a file; returns its stdout and exit status. */
export function runCheckSarif(file: string, src: string): { status: number; output: string } {
  try {
    const output = execFileSync(process.execPath, [CHECK_SARIF, file, '--src', src], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, output };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { status: e.status, output: e.stdout };
  }
}
