/** Koa context: `ctx.body = x`, `ctx.set(name, value)`, and `ctx.throw(status, message)` for client statuses. */
import { ts } from 'ts-morph';
import type { ResponseModel } from './responses.js';

export const koaContextResponse: ResponseModel = {
  framework: 'Koa',
  paramNames: ['ctx'],
  paramTypes: ['Context', 'ParameterizedContext', 'RouterContext', 'ExtendableContext'],
  typePackages: ['koa', '@koa/router', 'koa-router', '@types/koa'],
  sendMethods: {},
  chainMethods: [],
  headerMethods: { set: 1, append: 1 },
  sentProperties: [['body'], ['response', 'body'], ['message'], ['response', 'message']],
  getSentArguments: (call, method) => (method === 'throw' ? getExposedThrowArguments(call) : undefined),
};

/**
 * `ctx.throw(400, msg)` exposes `msg` (http-errors sets `expose` for statuses below 500); `ctx.throw(500, msg)` and
 * `ctx.throw(msg)` do not: Koa answers with the status text.
 */
function getExposedThrowArguments(call: ts.CallExpression): ts.Expression[] {
  const status = call.arguments.find(ts.isNumericLiteral);
  if (!status || Number(status.text) >= 500) return [];
  return call.arguments.filter((a) => !ts.isNumericLiteral(a));
}
