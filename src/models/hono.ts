/** Hono context input (`c.req.query('q')`, `await c.req.json()`). */
import type { RequestModel } from './types.js';

export const honoContext: RequestModel = {
  framework: 'Hono',
  paramNames: ['c', 'ctx', 'context'],
  paramTypes: ['Context'],
  inputs: [['req', 'url'], ['req', 'path']],
  inputMethods: [['req', 'query'], ['req', 'queries'], ['req', 'param'], ['req', 'json'], ['req', 'text'], ['req', 'header'], ['req', 'parseBody'], ['req', 'formData'], ['req', 'valid']],
};
