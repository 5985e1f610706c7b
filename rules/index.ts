/** Every rule tsaudit ships, in the order they are listed. */
import type { Rule } from '../src/types.js';
import invalidSuppression from './invalid-suppression.js';
import hardcodedSecret from './hardcoded-secret.js';
import sqlInjection from './sql-injection.js';
import sensitiveDataLogging from './sensitive-data-logging.js';
import stackTraceExposure from './stack-trace-exposure.js';
import plaintextPasswordStorage from './plaintext-password-storage.js';
import weakPasswordHash from './weak-password-hash.js';

export const INVALID_SUPPRESSION = invalidSuppression;

export const allRules: Rule[] = [sqlInjection, stackTraceExposure, hardcodedSecret, sensitiveDataLogging, plaintextPasswordStorage, weakPasswordHash, invalidSuppression];
