/** GraphQL: errors whose message reaches the client, resolvers whose return value does, and Apollo's stack-trace options. */
import type { ClientExceptionModel, ReturningHandlerModel, StackConfigModel } from './responses.js';

const APOLLO = ['apollo-server', 'apollo-server-express', 'apollo-server-koa', 'apollo-server-fastify', 'apollo-server-lambda', 'apollo-server-core', 'apollo-server-errors', '@apollo/server'];

export const graphqlErrors: ClientExceptionModel = {
  framework: 'GraphQL',
  packages: ['graphql', 'mercurius', ...APOLLO],
  classes: ['GraphQLError', 'ApolloError', 'UserInputError', 'AuthenticationError', 'ForbiddenError', 'ValidationError', 'ErrorWithProps'],
  argument: 0,
};

export const graphqlResolvers: ReturningHandlerModel = {
  framework: 'GraphQL',
  decoratedMethods: {
    // @nestjs/graphql and type-graphql
    classDecorators: ['Resolver'],
    methodDecorators: ['Query', 'Mutation', 'Subscription', 'ResolveField', 'FieldResolver', 'ResolveProperty'],
  },
  resolverMaps: { variableName: /resolvers?$/i, typeNames: /Resolvers$/, configKeys: ['resolvers'] },
  describe: 'GraphQL resolver',
};

export const apolloStackConfig: StackConfigModel = {
  framework: 'Apollo Server',
  middleware: [],
  settings: [],
  // Apollo Server 4 `includeStacktraceInErrorResponses`, Apollo Server 2/3 `debug`
  options: [{ packages: APOLLO, className: 'ApolloServer', keys: ['includeStacktraceInErrorResponses', 'debug'] }],
};
