/** Every rule tsaudit ships, in the order they are listed. */
import type { Rule } from '../src/types.js';
import invalidSuppression from './invalid-suppression.js';
import hardcodedSecret from './hardcoded-secret.js';
import sqlInjection from './sql-injection.js';
import stackTraceExposure from './stack-trace-exposure.js';

export const INVALID_SUPPRESSION = invalidSuppression;

export const allRules: Rule[] = [sqlInjection, stackTraceExposure, hardcodedSecret, invalidSuppression];
