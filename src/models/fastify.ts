/** Fastify request input (`request.query`, `request.body`, …). */
import type { RequestModel } from './types.js';

export const fastifyRequest: RequestModel = {
  framework: 'Fastify',
  paramNames: ['request', 'req'],
  paramTypes: ['FastifyRequest'],
  inputs: [['query'], ['params'], ['body'], ['headers'], ['raw', 'url']],
  inputMethods: [],
};
