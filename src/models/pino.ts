/** pino, pino-http (`req.log`) and Fastify's pino logger (`fastify.log`, `request.log`); `redact` paths and serializers hide keys. */
import type { LoggerModel } from './loggers.js';

export const pino: LoggerModel = {
  library: 'pino',
  packages: ['pino', 'pino-http'],
  loggers: [['()'], ['pino', '()'], ['Logger', 'instance'], ['BaseLogger', 'instance'], ['()', 'logger']],
  methods: ['trace', 'debug', 'info', 'warn', 'error', 'fatal'],
  childMethods: ['child'],
  memberLoggers: { member: 'log', owners: ['req', 'request', 'reply', 'res'], ownerTypes: ['Request', 'FastifyRequest', 'FastifyReply'] },
  redactOption: ['redact'],
  serializersOption: ['serializers'],
};

export const fastifyLogger: LoggerModel = {
  library: 'fastify',
  packages: ['fastify'],
  loggers: [['()', 'log'], ['default', '()', 'log'], ['fastify', '()', 'log'], ['FastifyInstance', 'instance', 'log'], ['FastifyRequest', 'instance', 'log'], ['FastifyReply', 'instance', 'log'], ['FastifyBaseLogger', 'instance']],
  methods: ['trace', 'debug', 'info', 'warn', 'error', 'fatal'],
  childMethods: ['child'],
  memberLoggers: { member: 'log', owners: ['fastify', 'server', 'instance'], ownerTypes: ['FastifyInstance'] },
  redactOption: ['logger', 'redact'],
  serializersOption: ['logger', 'serializers'],
};
