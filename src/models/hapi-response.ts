/**
 * hapi: `h.response(x)` sends x, and a route handler's return value is the response. A returned or thrown Error
 * becomes a Boom 500 with a generic message, so only what is read from an error (`err.stack`, `err.message`) leaks.
 */
import type { ResponseModel, ReturningHandlerModel } from './responses.js';

export const hapiToolkit: ResponseModel = {
  framework: 'hapi',
  paramNames: ['h'],
  paramTypes: ['ResponseToolkit'],
  typePackages: ['@hapi/hapi', 'hapi'],
  sendMethods: { response: [0] },
  chainMethods: [],
  headerMethods: {},
  sentProperties: [],
};

export const hapiHandlers: ReturningHandlerModel = {
  framework: 'hapi',
  markerParams: { names: [], types: ['ResponseToolkit'] },
  // server.route({ method, path, handler: (request, h) => … }): `h` alone is too common a name to mark a handler
  handlerProperty: { key: 'handler', paramNames: ['h'] },
  describe: 'hapi route handler',
  hidesErrorObjects: true,
};
