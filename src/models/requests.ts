/** Every HTTP request model, for rules that treat client input as a source. */
import { expressRequest } from './express.js';
import { fastifyRequest } from './fastify.js';
import { koaContext } from './koa.js';
import { honoContext } from './hono.js';
import { nextRequest } from './nextjs.js';
import { graphqlArguments, nestParameters } from './nestjs.js';

export const requestModels = [expressRequest, fastifyRequest, koaContext, honoContext, nextRequest];
export const decoratorSources = [nestParameters, graphqlArguments];
