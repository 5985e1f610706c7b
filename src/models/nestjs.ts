/** NestJS: controller parameters injected from the request. */
import type { DecoratorSourceModel } from './types.js';

export const nestParameters: DecoratorSourceModel = {
  framework: 'NestJS',
  packages: ['@nestjs/common'],
  decorators: ['Body', 'Query', 'Param', 'Headers', 'Req', 'Request', 'Cookies'],
};

/** GraphQL arguments injected into resolver methods: NestJS `@Args('id')`, TypeGraphQL `@Arg('id')` / `@Args()`. */
export const graphqlArguments: DecoratorSourceModel = {
  framework: 'GraphQL',
  packages: ['@nestjs/graphql', 'type-graphql'],
  decorators: ['Args', 'Arg'],
};
