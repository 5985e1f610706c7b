/**
 * Parameters that receive client input by where they sit rather than by a request object: decorated controller and
 * resolver parameters (`@Body()`, `@Args('id')`), the arguments of a GraphQL resolver-map function
 * (`{ Query: { user: (parent, args) => … } }`) or of a graphql-js root value (`rootValue: { user: (args) => … }`),
 * and messages a WebSocket or Socket.IO connection receives
 * (`io.on('connection', (socket) => socket.on('chat', (msg) => …))`).
 */
import { ts } from 'ts-morph';
import { getReferences, resolveIdentifier } from './scope.js';
import { getAccessPath, getDecoratedParameterSource } from './sources.js';
import { isResolverMapFunction } from './responses.js';
import { isFunctionNode } from './values.js';
import type { SourceMatch } from './taint.js';

/** Socket events that carry no client payload. */
const RESERVED_SOCKET_EVENTS = new Set(['connection', 'connect', 'disconnect', 'disconnecting', 'close', 'error', 'open', 'ping', 'pong', 'upgrade', 'headers', 'listening', 'unexpected-response']);

/** Client input that a parameter receives (with `path`, the field a destructured binding reads), or undefined. */
export function getClientParameterSource(param: ts.ParameterDeclaration, path: string[] = []): SourceMatch | undefined {
  const decorated = getDecoratedParameterSource(param);
  if (decorated) return decorated;
  const fn = param.parent;
  if (!isFunctionNode(fn)) return undefined;
  const index = fn.parameters.indexOf(param);
  // a Next.js server action: the browser calls it with any arguments it likes
  if (isServerAction(fn)) return { label: ts.isIdentifier(param.name) ? param.name.text : 'args', kind: 'http' };
  // a tRPC procedure's `({ input })`: the validated client input, not `ctx`
  if (index === 0 && path[0] === 'input' && isTrpcResolver(fn)) return { label: ts.isIdentifier(param.name) ? param.name.text : 'opts', kind: 'http' };
  // labels read as code in messages: `args.id`, `msg.topic` (a destructured parameter reads as `args`/`message`)
  const name = ts.isIdentifier(param.name) ? param.name.text : undefined;
  if (index === 1 && isResolverMapFunction(fn)) return { label: name ?? 'args', kind: 'http' };
  if (index === 0 && isRootValueFunction(fn)) return { label: name ?? 'args', kind: 'http' };
  if (index === 0 && getSocketEvent(fn)) return { label: name ?? 'message', kind: 'http' };
  return undefined;
}

/**
 * A Next.js server action: an exported async function of a module that starts with `'use server'`, or a function
 * whose body starts with it (`async function save(data) { 'use server'; … }`).
 */
function isServerAction(fn: ts.FunctionLikeDeclaration): boolean {
  const body = fn.body;
  if (body && ts.isBlock(body) && hasUseServer(body.statements)) return true;
  const sf = fn.getSourceFile();
  if (!hasUseServer(sf.statements)) return false;
  // exported, directly or as a const
  const holder = ts.isFunctionDeclaration(fn) ? fn : ts.isVariableDeclaration(fn.parent) ? fn.parent.parent.parent : undefined;
  return !!holder && holder.parent === sf && ts.canHaveModifiers(holder) && (ts.getModifiers(holder) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function hasUseServer(statements: ts.NodeArray<ts.Statement>): boolean {
  for (const s of statements) {
    if (!ts.isExpressionStatement(s) || !ts.isStringLiteral(s.expression)) return false;
    if (s.expression.text === 'use server') return true;
  }
  return false;
}

/** Methods of a tRPC procedure builder that take the resolver. */
const TRPC_RESOLVERS = new Set(['query', 'mutation', 'subscription']);

/**
 * The resolver of a tRPC procedure: `publicProcedure.input(schema).query(({ input }) => …)`, `t.procedure.input(…)
 * .mutation(…)`. Its first parameter's `input` is what the client sent (`ctx` is the server's).
 */
export function isTrpcResolver(fn: ts.FunctionLikeDeclaration): boolean {
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return false;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== fn || !ts.isPropertyAccessExpression(call.expression) || !TRPC_RESOLVERS.has(call.expression.name.text)) return false;
  // the chain below names an input schema or a procedure
  for (let e: ts.Expression = call.expression.expression; ; ) {
    if (ts.isCallExpression(e)) {
      if (ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'input') return true;
      e = e.expression;
    } else if (ts.isPropertyAccessExpression(e)) {
      if (/procedure$/i.test(e.name.text)) return true;
      e = e.expression;
    } else return ts.isIdentifier(e) && /procedure$/i.test(e.text);
  }
}

/** `opts.input.q` in a tRPC resolver: the client's input read through the resolver's options parameter. */
export function getTrpcInputSource(expr: ts.Expression, memberPath: string[] = []): SourceMatch | undefined {
  const path = getAccessPath(expr);
  if (!path || path.called) return undefined;
  const members = [...path.members, ...memberPath];
  if (members[0] !== 'input') return undefined;
  const binding = resolveIdentifier(path.root);
  const param = binding?.kind === 'param' ? binding.declaration : undefined;
  if (!param || !ts.isParameter(param) || !ts.isIdentifier(param.name) || !isFunctionNode(param.parent) || param.parent.parameters[0] !== param || !isTrpcResolver(param.parent)) return undefined;
  return { label: memberPath.length ? `${expr.getText()}.${memberPath.join('.')}` : expr.getText(), kind: 'http' };
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

/**
 * A field function of a graphql-js root value, which receives the query's arguments first (express-graphql's and
 * graphql-http's `rootValue`, `graphql({ schema, source, rootValue })`): written in the map, or a function of the file
 * the map names (`const root = { user: getUser }`).
 */
function isRootValueFunction(fn: ts.FunctionLikeDeclaration): boolean {
  const entry = ts.isMethodDeclaration(fn) ? fn : fn.parent;
  if ((ts.isMethodDeclaration(entry) || (ts.isPropertyAssignment(entry) && entry.initializer === fn)) && ts.isObjectLiteralExpression(entry.parent)) {
    return isRootValueMap(entry.parent);
  }
  const name = ts.isFunctionDeclaration(fn) ? fn.name : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name : undefined;
  const binding = name && resolveIdentifier(name);
  if (!binding) return false;
  return getReferences(binding).some((ref) => {
    const field = ref.parent;
    const named = (ts.isPropertyAssignment(field) && field.initializer === ref) || ts.isShorthandPropertyAssignment(field);
    return named && ts.isObjectLiteralExpression(field.parent) && isRootValueMap(field.parent);
  });
}

/** `rootValue: { … }`, or a variable that is passed as `rootValue` in its file or is named as a GraphQL root (`graphqlRoot`) in a file about GraphQL. */
function isRootValueMap(map: ts.ObjectLiteralExpression): boolean {
  let holder: ts.Node = map.parent;
  while (ts.isAsExpression(holder) || ts.isSatisfiesExpression(holder) || ts.isParenthesizedExpression(holder)) holder = holder.parent;
  if (ts.isPropertyAssignment(holder)) return isRootValueKey(holder.name);
  if (!ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name)) return false;
  const variable = holder.name;
  if (ROOT_VALUE_NAME.test(variable.text) && GRAPHQL_TEXT.test(variable.getSourceFile().text)) return true;
  const binding = resolveIdentifier(variable);
  return !!binding && getReferences(binding).some((ref) => (ts.isPropertyAssignment(ref.parent) && ref.parent.initializer === ref && isRootValueKey(ref.parent.name)) || (ts.isShorthandPropertyAssignment(ref.parent) && ref.text === 'rootValue'));
}

function isRootValueKey(name: ts.PropertyName): boolean {
  return (ts.isIdentifier(name) || ts.isStringLiteral(name)) && name.text === 'rootValue';
}

/** `root`, `rootValue`, `graphqlRoot`, `gqlRoot`, `rootResolver(s)`. */
const ROOT_VALUE_NAME = /^(?:graphql|gql)?root(?:value|resolvers?)?$/i;
const GRAPHQL_TEXT = /graphql|buildSchema/i;
