/** Hono context responses: `c.json(x)`, `c.text(x)`, `c.html(x)`, `c.body(x)`, `c.header(name, value)`; `HTTPException` messages. */
import type { ClientExceptionModel, ResponseModel } from './responses.js';

export const honoContextResponse: ResponseModel = {
  framework: 'Hono',
  paramNames: ['c'],
  paramTypes: ['Context'],
  // `Context` is also Koa's type name: the import decides
  typePackages: ['hono'],
  sendMethods: { json: [0], text: [0], html: [0], body: [0], newResponse: [0] },
  chainMethods: [],
  headerMethods: { header: 1 },
  sentProperties: [],
};

/** `throw new HTTPException(500, { message })`: Hono's default error handler answers with that message. */
export const honoExceptions: ClientExceptionModel = {
  framework: 'Hono',
  packages: ['hono'],
  classes: ['HTTPException'],
  argument: 1,
};
