/** log4js: `getLogger()` loggers, including `log(level, …)`. */
import type { LoggerModel } from './loggers.js';

export const log4js: LoggerModel = {
  library: 'log4js',
  packages: ['log4js'],
  loggers: [['getLogger', '()'], ['Logger', 'instance']],
  methods: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'mark', 'log'],
};
