/** NestJS `Logger` (static calls and `new Logger(Service.name)`), `ConsoleLogger`, an injected `LoggerService`, and nestjs-pino. */
import type { LoggerModel } from './loggers.js';

export const nestLogger: LoggerModel = {
  library: 'NestJS Logger',
  packages: ['@nestjs/common', 'nestjs-pino'],
  loggers: [
    ['Logger'],
    ['Logger', 'new'],
    ['Logger', 'instance'],
    ['ConsoleLogger', 'new'],
    ['ConsoleLogger', 'instance'],
    ['LoggerService', 'instance'],
    ['PinoLogger', 'instance'],
  ],
  methods: ['log', 'error', 'warn', 'debug', 'verbose', 'fatal', 'info', 'trace'],
};
