/** winston: the default logger (`winston.info`), `createLogger()`, `winston.loggers.get()`, and their `child()` loggers. */
import type { LoggerModel } from './loggers.js';

export const winston: LoggerModel = {
  library: 'winston',
  packages: ['winston'],
  loggers: [[], ['createLogger', '()'], ['loggers', 'get', '()'], ['loggers', 'add', '()'], ['Logger', 'new'], ['Logger', 'instance']],
  methods: ['log', 'error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'],
  childMethods: ['child'],
};
