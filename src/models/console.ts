/** Node's own output: the `console` global (and `new Console()`), `process.stdout/stderr.write` and `util.debuglog`. */
import type { LoggerModel } from './loggers.js';

export const consoleLogger: LoggerModel = {
  library: 'console',
  packages: ['console'],
  loggers: [[], ['Console', 'new']],
  methods: ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'],
};

export const nodeStreams: LoggerModel = {
  library: 'process',
  packages: ['process'],
  loggers: [['stdout'], ['stderr']],
  methods: ['write'],
};

export const utilDebuglog: LoggerModel = {
  library: 'util',
  packages: ['util'],
  loggers: [],
  methods: [],
  logFunctions: [['debuglog', '()'], ['debug', '()']],
};
