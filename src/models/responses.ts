/**
 * What reaches an HTTP or GraphQL client, per framework: response objects and their sending members, response factories,
 * exception classes whose message the framework sends, functions whose return value is sent, and stack-trace settings.
 */
import type { ts } from 'ts-morph';
import { expressResponse, expressStackConfig } from './express-response.js';
import { fastifyReply, fastifyHandlers } from './fastify-reply.js';
import { koaContextResponse } from './koa-response.js';
import { nestExceptions, nestControllers, nestResponseFactory } from './nest-exceptions.js';
import { nextApiResponse, nextResponseFactories } from './next-response.js';
import { graphqlErrors, graphqlResolvers, apolloStackConfig } from './graphql.js';
import { honoContextResponse, honoExceptions } from './hono-response.js';
import { hapiHandlers, hapiToolkit } from './hapi-response.js';

/** A response object handed to handlers: which parameters denote it and which of its members send data. */
export interface ResponseModel {
  framework: string;
  /** Parameter names that denote the response (`res`, `reply`, `ctx`). */
  paramNames: string[];
  /** Declared type names that denote it (`Response`, `FastifyReply`). */
  paramTypes: string[];
  /** Packages the declared type must come from when it is imported (type names shared between frameworks: `Context`). */
  typePackages?: string[];
  /** Method → indexes of the arguments sent to the client. */
  sendMethods: Record<string, number[]>;
  /** Methods returning the response itself, so sends chain: `res.status(500).json(x)`. */
  chainMethods: string[];
  /** Header setters → index of the header value; a lone object argument (`res.set({ … })`) counts too. */
  headerMethods: Record<string, number>;
  /** Member paths whose assignment sends the value: `ctx.body = x` is `['body']`. */
  sentProperties: string[][];
  /** Arguments of other calls that reach the client (Koa `ctx.throw(400, message)`). */
  getSentArguments?(call: ts.CallExpression, method: string): ts.Expression[] | undefined;
  /** Sending an Error object serialises its message, not its stack (Fastify). */
  serialisesErrorAsMessage?: boolean;
}

/** Methods of other objects whose result is a response object (NestJS `host.switchToHttp().getResponse()`). */
export interface ResponseFactoryMethods {
  framework: string;
  methods: string[];
  /** The response model the result follows. */
  model: ResponseModel;
}

/** A response class of a package (or a global): `NextResponse.json(x)`, `new Response(x)`. */
export interface ResponseClassModel {
  framework: string;
  /** Packages exporting it; empty for a global. */
  packages: string[];
  name: string;
  /** Static methods → indexes of the arguments sent. */
  staticMethods: Record<string, number[]>;
  /** Constructor arguments sent. */
  constructorArguments: number[];
}

/** Exception classes whose message or body the framework sends to the client (NestJS `HttpException`, `GraphQLError`). */
export interface ClientExceptionModel {
  framework: string;
  packages: string[];
  /** Class names; a name ending in `*` is a prefix, `*Exception` a suffix. */
  classes: string[];
  /** Index of the argument sent to the client. */
  argument: number;
}

/** Functions whose return value the framework sends as the response. */
export interface ReturningHandlerModel {
  framework: string;
  /** A parameter (any index) with one of these names or declared types marks a handler: Fastify `reply`. */
  markerParams?: { names: string[]; types: string[] };
  /** Methods of a decorated class: NestJS `@Controller()` + `@Get()`, `@Resolver()` + `@Query()`. */
  decoratedMethods?: { classDecorators: string[]; methodDecorators: string[] };
  /** Object-literal resolver maps: a variable named or typed like one, or the value of a config key. */
  resolverMaps?: { variableName: RegExp; typeNames: RegExp; configKeys: string[] };
  /** A function written as this property of an object literal, with one of these parameter names: hapi's `handler: (request, h) => …`. */
  handlerProperty?: { key: string; paramNames: string[] };
  /** How the handler reads in a message: 'Fastify handler'. */
  describe: string;
  serialisesErrorAsMessage?: boolean;
  /** A returned Error object is answered with a generic message (hapi's Boom): only what is read from it leaks. */
  hidesErrorObjects?: boolean;
}

/** Settings and middleware that make a framework put stack traces in responses. */
export interface StackConfigModel {
  framework: string;
  /** Package exports whose call installs a handler that sends stacks: `errorhandler()`. */
  middleware: Array<{ packages: string[]; path: string[]; label: string }>;
  /** `app.set(name, value)` settings that turn stacks on. */
  settings: Array<{ method: string; name: string; value: string | boolean }>;
  /** Constructor options that turn stacks on: `new ApolloServer({ includeStacktraceInErrorResponses: true })`. */
  options: Array<{ packages: string[]; className: string; keys: string[] }>;
}

export const responseModels: ResponseModel[] = [fastifyReply, koaContextResponse, honoContextResponse, hapiToolkit, nextApiResponse, expressResponse];
export const responseFactoryMethods: ResponseFactoryMethods[] = [nestResponseFactory];
export const responseClasses: ResponseClassModel[] = nextResponseFactories;
export const clientExceptions: ClientExceptionModel[] = [nestExceptions, graphqlErrors, honoExceptions];
export const returningHandlers: ReturningHandlerModel[] = [fastifyHandlers, nestControllers, graphqlResolvers, hapiHandlers];
export const stackConfigs: StackConfigModel[] = [expressStackConfig, apolloStackConfig];
