/**
 * What reaches an HTTP or GraphQL client: arguments of `res.json(…)` and its kin, `ctx.body = …`, response constructors,
 * exceptions the framework turns into responses, return values of handlers and resolvers; and the settings that make a
 * framework send stack traces. Library knowledge comes from `src/models/responses.ts`.
 */
import { ts } from 'ts-morph';
import type { ProjectIndex } from './project.js';
import { resolveIdentifier } from './scope.js';
import { getAccessPath } from './sources.js';
import { getImportOf, getValueOrigins, isFunctionNode, packageName, skipOuter, describeFunction, type FunctionNode } from './values.js';
import { getStaticString } from './constant.js';
import {
  responseModels,
  responseFactoryMethods,
  responseClasses,
  clientExceptions,
  returningHandlers,
  stackConfigs,
  type ResponseModel,
  type ResponseClassModel,
  type ClientExceptionModel,
  type ReturningHandlerModel,
} from '../models/responses.js';

/** Read once: the compiler's exports are getters, and hot checks read `SyntaxKind` per node. */
const { SyntaxKind } = ts;

/** A place where values are sent to the client. */
export interface ResponseSink {
  /** Where a finding sits. */
  node: ts.Node;
  /** How the sink reads in a message, with its own backticks: "`res.status(500).json`". */
  label: string;
  /** Expressions whose values reach the client. */
  values: ts.Expression[];
  /** Sending an Error object itself serialises only its message (Fastify). */
  errorAsMessage: boolean;
  /** Sending an Error object itself sends a generic message (hapi). */
  errorHidden?: boolean;
  /** Only stacks count: a GraphQL `formatError` returns what clients get anyway (the message) unless it adds the stack. */
  stackOnly?: boolean;
}

/** A setting or middleware that puts stack traces in responses. */
export interface StackSetting {
  /** Installed middleware (`errorhandler()`), or a setting or option. */
  kind: 'middleware' | 'setting';
  node: ts.Node;
  /** "`app.use(errorhandler())`" */
  label: string;
  framework: string;
}

/** Method names some model sends through: a cheap filter before any analysis. */
const CANDIDATE_METHODS = new Set<string>([
  ...responseModels.flatMap((m) => [...Object.keys(m.sendMethods), ...Object.keys(m.headerMethods)]),
  ...responseClasses.flatMap((c) => Object.keys(c.staticMethods)),
  'throw',
]);
const CHAIN_METHODS = new Set<string>(responseModels.flatMap((m) => m.chainMethods));
const FACTORY_METHODS = new Map<string, ResponseModel>(responseFactoryMethods.flatMap((f) => f.methods.map((m) => [m, f.model] as const)));
const SENT_PROPERTY_NAMES = new Set<string>(responseModels.flatMap((m) => m.sentProperties.map((p) => p[p.length - 1])));
const STACK_SETTING_METHODS = new Set<string>(stackConfigs.flatMap((c) => c.settings.map((s) => s.method)));
const STACK_OPTION_CLASSES = new Set<string>(stackConfigs.flatMap((c) => c.options.map((o) => o.className)));

/** Sinks of a call: `res.status(500).json(x)`, `reply.send(x)`, `res.setHeader('X-Error', x)`, `NextResponse.json(x)`, `ctx.throw(400, x)`. */
export function getCallSinks(call: ts.CallExpression, project: ProjectIndex): ResponseSink[] {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !CANDIDATE_METHODS.has(callee.name.text) || !call.arguments.length) return [];
  const method = callee.name.text;
  const label = `\`${shortText(callee)}\``;
  const cls = getResponseClass(callee.expression);
  if (cls) {
    const indexes = cls.staticMethods[method] ?? [];
    const values = indexes.map((i) => call.arguments[i]).filter(Boolean);
    return values.length ? [{ node: callee.name, label, values, errorAsMessage: false }] : [];
  }
  const model = getResponseModel(callee.expression, project);
  if (!model) return [];
  const values: ts.Expression[] = [];
  for (const i of model.sendMethods[method] ?? []) if (call.arguments[i]) values.push(call.arguments[i]);
  const header = model.headerMethods[method];
  if (header !== undefined) {
    // res.set({ 'X-Error': … }) sets several headers at once
    const only = call.arguments.length === 1 ? skipOuter(call.arguments[0]) : undefined;
    if (only && ts.isObjectLiteralExpression(only)) values.push(only);
    else if (call.arguments[header]) values.push(call.arguments[header]);
  }
  values.push(...(model.getSentArguments?.(call, method) ?? []));
  return values.length ? [{ node: callee.name, label, values, errorAsMessage: !!model.serialisesErrorAsMessage && method === 'send' }] : [];
}

/** Sinks of a construction: `new Response(x)`, `new NextResponse(x)`, `new InternalServerErrorException(x)`, `new GraphQLError(x)`. */
export function getNewSinks(expr: ts.NewExpression, project: ProjectIndex): ResponseSink[] {
  const callee = skipOuter(expr.expression);
  if (!ts.isIdentifier(callee) || !expr.arguments?.length) return [];
  if (!/(Response|Exception|Error|ErrorWithProps)$/.test(callee.text)) return [];
  const label = `\`new ${callee.text}\``;
  const cls = getResponseClass(callee);
  const exception = cls ? undefined : getClientException(callee, project);
  const indexes = cls ? cls.constructorArguments : exception ? [exception.argument] : [];
  const values = indexes.map((i) => expr.arguments![i]).filter(Boolean);
  return values.length ? [{ node: expr, label, values, errorAsMessage: false }] : [];
}

/** `super(cause.message)` in a project subclass of a client exception (`class DbException extends InternalServerErrorException`): its base sends what it is given. */
export function getSuperSinks(call: ts.CallExpression, project: ProjectIndex): ResponseSink[] {
  if (call.expression.kind !== SyntaxKind.SuperKeyword || !call.arguments.length) return [];
  let cls: ts.Node | undefined = call.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  const base = cls && (cls as ts.ClassLikeDeclaration).heritageClauses?.find((h) => h.token === SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  if (!base || !ts.isIdentifier(base)) return [];
  const exception = getClientException(base, project);
  const value = exception ? call.arguments[exception.argument] : undefined;
  return value ? [{ node: call, label: `\`new ${base.text}\` (through \`super\`)`, values: [value], errorAsMessage: false }] : [];
}

/** NestJS exceptions of client errors, by the status their class stands for. */
const CLIENT_EXCEPTION_CLASS = /^(?:BadRequest|Unauthorized|NotFound|Forbidden|NotAcceptable|RequestTimeout|Conflict|Gone|PayloadTooLarge|UnsupportedMediaType|UnprocessableEntity|ImATeapot|MethodNotAllowed|PreconditionFailed|MisdirectedRequest)Exception$/;

/**
 * True when the response carries an explicit 4xx status: `res.status(400).json(…)`, `reply.code(409).send(…)`,
 * `c.json(…, 400)`, `NextResponse.json(…, { status: 422 })`, `new Response(…, { status: 400 })`, `new BadRequestException(…)`.
 */
export function hasClientErrorStatus(sink: ResponseSink): boolean {
  const status = getExplicitStatus(sink.node);
  return status !== undefined && status >= 400 && status < 500;
}

function getExplicitStatus(node: ts.Node): number | undefined {
  const sending = ts.isIdentifier(node) && ts.isPropertyAccessExpression(node.parent) && ts.isCallExpression(node.parent.parent) ? node.parent.parent : node;
  if (ts.isNewExpression(sending)) {
    const callee = skipOuter(sending.expression);
    if (ts.isIdentifier(callee) && CLIENT_EXCEPTION_CLASS.test(callee.text)) return 400;
    // new HttpException(message, 400), new Response(body, { status: 400 })
    return numberOf(sending.arguments?.[1]) ?? statusOption(sending.arguments?.[1]);
  }
  if (!ts.isCallExpression(sending)) return undefined;
  const callee = sending.expression;
  // res.status(400).json(…), reply.code(400).send(…)
  if (ts.isPropertyAccessExpression(callee) && ts.isCallExpression(callee.expression)) {
    const chained = callee.expression;
    if (ts.isPropertyAccessExpression(chained.expression) && ['status', 'code'].includes(chained.expression.name.text)) return numberOf(chained.arguments[0]);
  }
  // c.json(body, 400), c.text(message, 400), NextResponse.json(body, { status: 400 }); not `res.render(view, { status })`
  if (!ts.isPropertyAccessExpression(callee) || !STATUS_ARGUMENT_METHODS.has(callee.name.text)) return undefined;
  return numberOf(sending.arguments[1]) ?? statusOption(sending.arguments[1]);
}

/** Methods whose second argument is the status or the response options: Hono's `c.json`/`c.text`/`c.html`/`c.body`, `Response.json`. */
const STATUS_ARGUMENT_METHODS = new Set(['json', 'text', 'html', 'body']);

function statusOption(arg: ts.Expression | undefined): number | undefined {
  const options = arg && skipOuter(arg);
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  const prop = options.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'status');
  return prop ? numberOf(prop.initializer) : undefined;
}

/** Names of 4xx statuses in status enums (`HttpStatus.BAD_REQUEST` of NestJS, `StatusCodes.CONFLICT` of http-status-codes). */
const CLIENT_STATUS_NAME = /^(?:BAD_REQUEST|UNAUTHORIZED|PAYMENT_REQUIRED|FORBIDDEN|NOT_FOUND|METHOD_NOT_ALLOWED|NOT_ACCEPTABLE|CONFLICT|GONE|PRECONDITION_FAILED|PAYLOAD_TOO_LARGE|REQUEST_TOO_LONG|UNSUPPORTED_MEDIA_TYPE|UNPROCESSABLE_ENTITY|TOO_MANY_REQUESTS)$/;

/** A status written as a number or as a 4xx member of a status enum. */
function numberOf(e: ts.Expression | undefined): number | undefined {
  const v = e && skipOuter(e);
  if (v && ts.isPropertyAccessExpression(v) && CLIENT_STATUS_NAME.test(v.name.text)) return 400;
  return v && ts.isNumericLiteral(v) ? Number(v.text) : undefined;
}

/** Sinks of an assignment: `ctx.body = x`, `ctx.response.body = x`, `res.statusMessage = x`. */
export function getAssignmentSinks(b: ts.BinaryExpression, project: ProjectIndex): ResponseSink[] {
  if (b.operatorToken.kind !== SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(b.left) || !SENT_PROPERTY_NAMES.has(b.left.name.text)) return [];
  const access = getAccessPath(b.left);
  if (!access) return [];
  const model = getResponseModel(access.root, project);
  if (!model || !model.sentProperties.some((p) => p.length === access.members.length && p.every((m, i) => m === access.members[i]))) return [];
  return [{ node: b.left, label: `\`${shortText(b.left)}\``, values: [b.right], errorAsMessage: false }];
}

/** The return value of a handler whose return the framework sends: Fastify handlers, NestJS controller methods, GraphQL resolvers. */
export function getReturnSinks(node: ts.ReturnStatement | ts.ArrowFunction): ResponseSink[] {
  let value: ts.Expression | undefined;
  let fn: FunctionNode | undefined;
  if (ts.isArrowFunction(node)) {
    if (ts.isBlock(node.body)) return [];
    value = node.body;
    fn = node;
  } else {
    value = node.expression;
    let n: ts.Node | undefined = node.parent;
    while (n && !isFunctionNode(n)) n = n.parent;
    fn = n as FunctionNode | undefined;
  }
  if (!value || !fn) return [];
  if (isFormatErrorFunction(fn)) return [{ node, label: '`formatError`', values: [value], errorAsMessage: false, errorHidden: true, stackOnly: true }];
  const handler = getReturningHandler(fn);
  if (!handler) return [];
  return [{ node, label: handler.label, values: [value], errorAsMessage: !!handler.model.serialisesErrorAsMessage, errorHidden: !!handler.model.hidesErrorObjects }];
}

/**
 * A GraphQL server's error formatter (`formatError` of Apollo Server, graphql-http, express-graphql; mercurius's
 * `errorFormatter`): what it returns is the error clients get.
 */
export function isFormatErrorFunction(fn: FunctionNode): boolean {
  const holder = ts.isMethodDeclaration(fn) ? fn : fn.parent;
  if ((ts.isPropertyAssignment(holder) || ts.isMethodDeclaration(holder)) && ts.isObjectLiteralExpression(holder.parent)) {
    if (ts.isPropertyAssignment(holder) && holder.initializer !== fn) return false;
    const name = holder.name && (ts.isIdentifier(holder.name) || ts.isStringLiteral(holder.name)) ? holder.name.text : undefined;
    return name !== undefined && FORMATTER_OPTIONS.has(name);
  }
  // declared on its own and handed to the server by name: `formatError: formatPartnerError`, `{ formatError }`
  const declared = ts.isFunctionDeclaration(fn) ? fn.name : ts.isVariableDeclaration(fn.parent) && fn.parent.initializer === fn && ts.isIdentifier(fn.parent.name) ? fn.parent.name : undefined;
  if (!declared) return false;
  const declaration = ts.isFunctionDeclaration(fn) ? fn : fn.parent;
  return (getFormatterReferences(fn.getSourceFile()).get(declared.text) ?? []).some((ref) => resolveIdentifier(ref)?.declaration === declaration);
}

/** Options of GraphQL servers whose function decides what clients get of an error. */
const FORMATTER_OPTIONS = new Set(['formatError', 'errorFormatter']);
const formatterReferences = new WeakMap<ts.SourceFile, Map<string, ts.Identifier[]>>();

/** Identifiers given as a formatter option in the file (`formatError: f`, `{ formatError }`), by name; a file that never names the option is not walked. */
function getFormatterReferences(sf: ts.SourceFile): Map<string, ts.Identifier[]> {
  let refs = formatterReferences.get(sf);
  if (refs) return refs;
  refs = new Map();
  formatterReferences.set(sf, refs);
  if (!/formatError|errorFormatter/.test(sf.text)) return refs;
  const found = refs;
  const visit = (node: ts.Node): void => {
    let value: ts.Identifier | undefined;
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && FORMATTER_OPTIONS.has(node.name.text) && ts.isIdentifier(skipOuter(node.initializer))) value = skipOuter(node.initializer) as ts.Identifier;
    else if (ts.isShorthandPropertyAssignment(node) && FORMATTER_OPTIONS.has(node.name.text)) value = node.name;
    if (value) found.set(value.text, [...(found.get(value.text) ?? []), value]);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return refs;
}

/** True for a function of a GraphQL resolver map (`{ Query: { user: (parent, args) => … } }`), whose second parameter holds the client's arguments. */
export function isResolverMapFunction(fn: FunctionNode): boolean {
  const handler = getReturningHandler(fn);
  // matched as a member of a resolver map, not as a decorated method (whose arguments come through `@Args`)
  return !!handler?.model.resolverMaps && matchHandler(fn, { ...handler.model, markerParams: undefined, decoratedMethods: undefined }) !== undefined;
}

const handlerCache = new WeakMap<ts.Node, { model: ReturningHandlerModel; label: string } | null>();

function getReturningHandler(fn: FunctionNode): { model: ReturningHandlerModel; label: string } | undefined {
  const hit = handlerCache.get(fn);
  if (hit !== undefined) return hit ?? undefined;
  let found: { model: ReturningHandlerModel; label: string } | undefined;
  for (const model of returningHandlers) {
    const name = matchHandler(fn, model);
    if (name !== undefined) {
      found = { model, label: name ? `the return value of ${model.describe} \`${name}\`` : `the return value of the ${model.describe}` };
      break;
    }
  }
  handlerCache.set(fn, found ?? null);
  return found;
}

/** The handler's name ('' when unnamed) if `fn` is a handler of `model`, else undefined. */
function matchHandler(fn: FunctionNode, model: ReturningHandlerModel): string | undefined {
  const property = model.handlerProperty;
  if (property && (ts.isPropertyAssignment(fn.parent) || ts.isMethodDeclaration(fn)) && ts.isObjectLiteralExpression(ts.isMethodDeclaration(fn) ? fn.parent : fn.parent.parent)) {
    const key = (ts.isMethodDeclaration(fn) ? fn.name : (fn.parent as ts.PropertyAssignment).name).getText();
    if (key === property.key && fn.parameters.some((p) => ts.isIdentifier(p.name) && property.paramNames.includes(p.name.text))) return '';
  }
  const marker = model.markerParams;
  if (marker && fn.parameters.some((p) => (ts.isIdentifier(p.name) && marker.names.includes(p.name.text)) || marker.types.includes(typeName(p.type) ?? ''))) return '';
  const decorated = model.decoratedMethods;
  if (decorated && ts.isMethodDeclaration(fn) && ts.isClassLike(fn.parent)) {
    const classOk = (ts.getDecorators(fn.parent) ?? []).some((d) => decorated.classDecorators.includes(decoratorName(d) ?? ''));
    const methodOk = (ts.getDecorators(fn) ?? []).some((d) => decorated.methodDecorators.includes(decoratorName(d) ?? ''));
    if (classOk && methodOk) return describeFunction(fn);
  }
  const maps = model.resolverMaps;
  if (maps) {
    // { Query: { user: async () => … } } or { user() { … } } in a resolver map
    const prop = ts.isMethodDeclaration(fn) ? fn : fn.parent;
    if (!(ts.isPropertyAssignment(prop) || ts.isMethodDeclaration(prop)) || !ts.isObjectLiteralExpression(prop.parent)) return undefined;
    const field = prop.name.getText();
    const inner = prop.parent;
    if (isResolverMap(inner, maps)) return field;
    const typeProp = inner.parent;
    if (ts.isPropertyAssignment(typeProp) && ts.isObjectLiteralExpression(typeProp.parent) && isResolverMap(typeProp.parent, maps)) return `${typeProp.name.getText()}.${field}`;
  }
  return undefined;
}

function isResolverMap(obj: ts.ObjectLiteralExpression, maps: NonNullable<ReturningHandlerModel['resolverMaps']>): boolean {
  let parent: ts.Node = obj.parent;
  while (ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent) || ts.isParenthesizedExpression(parent)) parent = parent.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
    return maps.variableName.test(parent.name.text) || maps.typeNames.test(typeName(parent.type) ?? '');
  }
  return ts.isPropertyAssignment(parent) && maps.configKeys.includes(parent.name.getText());
}

/** The response model of a receiver: a handler parameter (`res`, `reply: FastifyReply`), through chains (`res.status(500)`) and `getResponse()`. */
export function getResponseModel(expr: ts.Expression, project: ProjectIndex, depth = 0): ResponseModel | undefined {
  let e = skipOuter(expr);
  while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && CHAIN_METHODS.has(e.expression.name.text)) e = skipOuter(e.expression.expression);
  if (!ts.isIdentifier(e) || depth > 3) return undefined;
  const binding = resolveIdentifier(e);
  const d = binding?.declaration;
  if (!binding || !d) return undefined;
  if (binding.kind === 'param' && ts.isParameter(d) && ts.isIdentifier(d.name)) return getParameterModel(d);
  if (ts.isVariableDeclaration(d) && ts.isIdentifier(d.name) && d.initializer) {
    const init = skipOuter(d.initializer);
    // const response = host.switchToHttp().getResponse<Response>()
    if (ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression)) return FACTORY_METHODS.get(init.expression.name.text);
    if (ts.isIdentifier(init)) return getResponseModel(init, project, depth + 1);
  }
  return undefined;
}

function getParameterModel(param: ts.ParameterDeclaration): ResponseModel | undefined {
  const type = typeName(param.type);
  if (type) {
    const from = typePackageOf(param.type);
    const byType = responseModels.find((m) => m.paramTypes.includes(type) && (!from || !m.typePackages || m.typePackages.includes(from)));
    if (byType) return byType;
  }
  // declared as something else (`response: AxiosResponse`)
  if (param.type && param.type.kind !== SyntaxKind.AnyKeyword && param.type.kind !== SyntaxKind.UnknownKeyword) return undefined;
  const name = (param.name as ts.Identifier).text;
  return responseModels.find((m) => m.paramNames.includes(name));
}

/** The package a declared type reference is imported from (`Context` from 'hono'), or undefined for local and global types. */
function typePackageOf(type: ts.TypeNode | undefined): string | undefined {
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  const name = ts.isIdentifier(type.typeName) ? type.typeName : ts.isIdentifier(type.typeName.left) ? type.typeName.left : undefined;
  const binding = name ? resolveIdentifier(name) : undefined;
  const imp = binding?.kind === 'import' ? getImportOf(binding) : undefined;
  return imp && !imp.module.startsWith('.') ? packageName(imp.module) : undefined;
}

/** `NextResponse` imported from 'next/server', or the global `Response`. */
function getResponseClass(expr: ts.Expression): ResponseClassModel | undefined {
  const e = skipOuter(expr);
  if (!ts.isIdentifier(e)) return undefined;
  const binding = resolveIdentifier(e);
  if (!binding) return responseClasses.find((c) => c.packages.length === 0 && c.name === e.text);
  const imp = binding.kind === 'import' ? getImportOf(binding) : undefined;
  return imp ? responseClasses.find((c) => c.packages.includes(imp.module) && c.name === imp.name) : undefined;
}

/** A NestJS HTTP exception or a GraphQL error class imported from its package. */
function getClientException(callee: ts.Identifier, project: ProjectIndex): ClientExceptionModel | undefined {
  for (const o of getValueOrigins(callee, project)) {
    if (o.kind !== 'module' || o.path.length !== 1) continue;
    const model = clientExceptions.find((m) => m.packages.includes(packageName(o.module)) && m.classes.some((c) => matchesClass(c, o.path[0])));
    if (model) return model;
  }
  return undefined;
}

function matchesClass(pattern: string, name: string): boolean {
  if (pattern.startsWith('*')) return name.endsWith(pattern.slice(1));
  return pattern === name;
}

const mentionCache = new WeakMap<ts.SourceFile, boolean>();

/** `app.use(errorhandler())`, `app.set('env', 'development')`, `new ApolloServer({ includeStacktraceInErrorResponses: true })`. */
export function getStackSetting(node: ts.CallExpression | ts.NewExpression, project: ProjectIndex): StackSetting | undefined {
  if (ts.isNewExpression(node)) return getStackOption(node, project);
  const callee = node.expression;
  if (ts.isPropertyAccessExpression(callee) && STACK_SETTING_METHODS.has(callee.name.text) && node.arguments.length === 2) {
    const setting = getStackSettingCall(node, callee, project);
    if (setting) return setting;
  }
  // errorhandler(), require('errorhandler')(), express.errorHandler()
  const candidate = ts.isIdentifier(callee) || ts.isCallExpression(callee) || (ts.isPropertyAccessExpression(callee) && callee.name.text === 'errorHandler');
  if (!candidate || !mentionsErrorHandler(node.getSourceFile())) return undefined;
  const origins = getValueOrigins(callee, project);
  for (const config of stackConfigs) {
    for (const mw of config.middleware) {
      if (origins.some((o) => o.kind === 'module' && mw.packages.includes(packageName(o.module)) && o.path.length === mw.path.length && o.path.every((p, i) => p === mw.path[i]))) {
        return { kind: 'middleware', node, label: `\`${mw.label}\``, framework: config.framework };
      }
    }
  }
  return undefined;
}

function mentionsErrorHandler(sf: ts.SourceFile): boolean {
  let hit = mentionCache.get(sf);
  // the package name in an import or require, or Connect's `express.errorHandler(…)`
  if (hit === undefined) mentionCache.set(sf, (hit = /['"]errorhandler['"]|\.errorHandler\s*\(/.test(sf.text)));
  return hit;
}

/** `app.set('env', 'development')`, `app.set('showStackError', true)` on an Express app. */
function getStackSettingCall(call: ts.CallExpression, callee: ts.PropertyAccessExpression, project: ProjectIndex): StackSetting | undefined {
  const name = getStaticString(call.arguments[0]);
  const valueNode = skipOuter(call.arguments[1]);
  const value = valueNode.kind === SyntaxKind.TrueKeyword ? true : getStaticString(valueNode);
  for (const config of stackConfigs) {
    const setting = config.settings.find((s) => s.method === callee.name.text && s.name === name && s.value === value);
    if (!setting) continue;
    const origins = getValueOrigins(callee.expression, project);
    const isApp = origins.some((o) => o.kind === 'module' && o.module === 'express') || (!origins.length && /^(app|server|application)$/.test(callee.expression.getText()));
    if (isApp) return { kind: 'setting', node: call, label: `\`${shortText(call)}\``, framework: config.framework };
  }
  return undefined;
}

/** A constructor option set to `true` that turns stack traces on. */
function getStackOption(expr: ts.NewExpression, project: ProjectIndex): StackSetting | undefined {
  const callee = skipOuter(expr.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  if (!STACK_OPTION_CLASSES.has(name)) return undefined;
  const options = expr.arguments?.[0] && skipOuter(expr.arguments[0]);
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  for (const config of stackConfigs) {
    for (const option of config.options) {
      if (option.className !== name) continue;
      const fromPackage = getValueOrigins(callee, project).some((o) => o.kind === 'module' && option.packages.includes(packageName(o.module)));
      if (!fromPackage) continue;
      for (const p of options.properties) {
        if (ts.isPropertyAssignment(p) && option.keys.includes(p.name.getText()) && p.initializer.kind === SyntaxKind.TrueKeyword) {
          return { kind: 'setting', node: p, label: `\`${p.name.getText()}: true\``, framework: config.framework };
        }
      }
    }
  }
  return undefined;
}

function typeName(type: ts.TypeNode | undefined): string | undefined {
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  const n = type.typeName;
  return ts.isIdentifier(n) ? n.text : n.right.text;
}

function decoratorName(d: ts.Decorator): string | undefined {
  const e = ts.isCallExpression(d.expression) ? d.expression.expression : d.expression;
  return ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
}

function shortText(node: ts.Node): string {
  const text = node.getText().replace(/\s*\n\s*/g, '');
  return text.length > 48 ? `…${text.slice(-46)}` : text;
}
