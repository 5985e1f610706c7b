/** Fastify replies: `reply.send`, `reply.code(500).send`, and handlers whose return value is the response. */
import type { ResponseModel, ReturningHandlerModel } from './responses.js';

export const fastifyReply: ResponseModel = {
  framework: 'Fastify',
  paramNames: ['reply', 'rep'],
  paramTypes: ['FastifyReply'],
  sendMethods: { send: [0] },
  chainMethods: ['code', 'status', 'header', 'headers', 'type', 'serializer'],
  headerMethods: { header: 1, headers: 0 },
  sentProperties: [],
  // reply.send(new Error()) serialises { statusCode, error, message }: the message, not the stack
  serialisesErrorAsMessage: true,
};

export const fastifyHandlers: ReturningHandlerModel = {
  framework: 'Fastify',
  markerParams: { names: ['reply', 'rep'], types: ['FastifyReply'] },
  describe: 'Fastify handler',
  serialisesErrorAsMessage: true,
};
