/** Every logging library model, and the lookups the sensitive-data-logging rule uses to recognise a log call. */
import { consoleLogger, nodeStreams, utilDebuglog } from './console.js';
import { winston } from './winston.js';
import { pino, fastifyLogger } from './pino.js';
import { bunyan } from './bunyan.js';
import { nestLogger } from './nest-logger.js';
import { debug } from './debug.js';
import { log4js } from './log4js.js';

/**
 * A logging library: which values it creates are loggers, and which of their methods write their arguments to the log.
 * Paths are value-origin paths from the package (`['createLogger', '()']` is the result of `createLogger(…)`).
 */
export interface LoggerModel {
  library: string;
  /** Package names as imported or required; `console` and `process` stand for the globals. */
  packages: string[];
  /** Origin paths of logger objects. */
  loggers: string[][];
  /** Methods that write every argument to the log. */
  methods: string[];
  /** Methods returning a derived logger with the same sinks (`child`, `extend`). */
  childMethods?: string[];
  /** Origin paths of values that log when called (`debug('app')`). */
  logFunctions?: string[][];
  /** A member of a request or server parameter that is a logger of this library (`req.log`, `fastify.log`). */
  memberLoggers?: { member: string; owners: string[]; ownerTypes: string[] };
  /** Where the redaction option sits in the first argument of the call that created the logger: `['redact']`. */
  redactOption?: string[];
  /** Where per-key serializers sit in that argument (a key with a serializer is not logged as is). */
  serializersOption?: string[];
}

export const loggerModels: LoggerModel[] = [consoleLogger, nodeStreams, utilDebuglog, winston, pino, fastifyLogger, bunyan, nestLogger, debug, log4js];

/** Method names of logger objects (receivers of unknown origin named like a logger use these too). */
export const LOG_METHODS = new Set(loggerModels.flatMap((m) => m.methods));

/** Methods a logger of unknown origin (`this.logger`, an untyped `log` parameter) is taken to log with. */
export const GENERIC_LOG_METHODS = new Set(['log', 'info', 'warn', 'warning', 'error', 'debug', 'trace', 'fatal', 'verbose', 'silly', 'notice', 'critical']);

/** Names that make a receiver of unknown origin a logger: `logger`, `this.log`, `appLogger`. */
export const LOGGER_NAME = /^(_*logger|_*log|\w+Logger|LOGGER|LOG)$/;

/** The models for a package name. */
export function getLoggerModels(pkg: string): LoggerModel[] {
  return loggerModels.filter((m) => m.packages.includes(pkg));
}
