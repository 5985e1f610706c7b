/** Every rule tsaudit ships, in the order they are listed. */
import type { Rule } from '../src/types.js';
import invalidSuppression from './invalid-suppression.js';
import sqlInjection from './sql-injection.js';

export const INVALID_SUPPRESSION = invalidSuppression;

export const allRules: Rule[] = [sqlInjection, invalidSuppression];
