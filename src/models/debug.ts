/** debug: `const log = debug('app')` is a function that logs its arguments; `log.extend('db')` makes another. */
import type { LoggerModel } from './loggers.js';

export const debug: LoggerModel = {
  library: 'debug',
  packages: ['debug'],
  loggers: [],
  methods: [],
  logFunctions: [['()'], ['debug', '()']],
  childMethods: ['extend'],
};
