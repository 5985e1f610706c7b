/**
 * Parameters that receive client input by where they sit rather than by a request object: decorated controller and
 * resolver parameters (`@Body()`, `@Args('id')`), the arguments of a GraphQL resolver-map function
 * (`{ Query: { user: (parent, args) => … } }`), and messages a WebSocket or Socket.IO connection receives
 * (`io.on('connection', (socket) => socket.on('chat', (msg) => …))`).
 */
import { ts } from 'ts-morph';
import { resolveIdentifier } from './scope.js';
import { getDecoratedParameterSource } from './sources.js';
import { isResolverMapFunction } from './responses.js';
import { isFunctionNode } from './values.js';
import type { SourceMatch } from './taint.js';

/** Socket events that carry no client payload. */
const RESERVED_SOCKET_EVENTS = new Set(['connection', 'connect', 'disconnect', 'disconnecting', 'close', 'error', 'open', 'ping', 'pong', 'upgrade', 'headers', 'listening', 'unexpected-response']);

/** Client input that a parameter receives, or undefined. */
export function getClientParameterSource(param: ts.ParameterDeclaration): SourceMatch | undefined {
  const decorated = getDecoratedParameterSource(param);
  if (decorated) return decorated;
  const fn = param.parent;
  if (!isFunctionNode(fn)) return undefined;
  const index = fn.parameters.indexOf(param);
  // labels read as code in messages: `args.id`, `msg.topic` (a destructured parameter reads as `args`/`message`)
  const name = ts.isIdentifier(param.name) ? param.name.text : undefined;
  if (index === 1 && isResolverMapFunction(fn)) return { label: name ?? 'args', kind: 'http' };
  if (index === 0 && getSocketEvent(fn)) return { label: name ?? 'message', kind: 'http' };
  return undefined;
}

/** The event of `socket.on('chat', (msg) => …)` when `socket` is the connection a server's 'connection' handler receives. */
function getSocketEvent(fn: ts.FunctionLikeDeclaration): string | undefined {
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || call.arguments[call.arguments.length - 1] !== fn || !ts.isPropertyAccessExpression(call.expression)) return undefined;
  if (!['on', 'once', 'addListener'].includes(call.expression.name.text)) return undefined;
  const event = call.arguments[0];
  if (!event || !ts.isStringLiteralLike(event) || RESERVED_SOCKET_EVENTS.has(event.text)) return undefined;
  const socket = call.expression.expression;
  if (!ts.isIdentifier(socket)) return undefined;
  const binding = resolveIdentifier(socket);
  const decl = binding?.kind === 'param' ? binding.declaration : undefined;
  const handler = decl?.parent;
  const registration = handler?.parent;
  if (!handler || !registration || !ts.isCallExpression(registration) || !ts.isPropertyAccessExpression(registration.expression)) return undefined;
  const kind = registration.arguments[0];
  const isConnection = registration.expression.name.text === 'on' && !!kind && ts.isStringLiteralLike(kind) && (kind.text === 'connection' || kind.text === 'connect');
  return isConnection ? event.text : undefined;
}
