/** Koa context input (`ctx.query`, `ctx.params`, `ctx.request.body`). */
import type { RequestModel } from './types.js';

export const koaContext: RequestModel = {
  framework: 'Koa',
  paramNames: ['ctx'],
  paramTypes: ['Context', 'ParameterizedContext', 'RouterContext'],
  inputs: [['query'], ['params'], ['querystring'], ['request', 'body'], ['request', 'query'], ['request', 'querystring'], ['headers'], ['header'], ['request', 'headers'], ['url'], ['path']],
  inputMethods: [['get'], ['cookies', 'get']],
};
