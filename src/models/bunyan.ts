/** bunyan: `createLogger()` (or `new Logger()`) and its `child()` loggers. */
import type { LoggerModel } from './loggers.js';

export const bunyan: LoggerModel = {
  library: 'bunyan',
  packages: ['bunyan'],
  loggers: [['createLogger', '()'], ['new'], ['instance'], ['Logger', 'instance']],
  methods: ['trace', 'debug', 'info', 'warn', 'error', 'fatal'],
  childMethods: ['child'],
  serializersOption: ['serializers'],
};
