/** NestJS: HTTP exceptions whose response the default filter sends, controller methods, and `getResponse()` in filters. */
import type { ClientExceptionModel, ResponseFactoryMethods, ReturningHandlerModel } from './responses.js';
import { expressResponse } from './express-response.js';

/** `throw new InternalServerErrorException(msg)`: Nest's exception filter sends `{ statusCode, message: msg }`. */
export const nestExceptions: ClientExceptionModel = {
  framework: 'NestJS',
  packages: ['@nestjs/common'],
  classes: ['*Exception'],
  argument: 0,
};

export const nestControllers: ReturningHandlerModel = {
  framework: 'NestJS',
  decoratedMethods: {
    classDecorators: ['Controller'],
    methodDecorators: ['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Options', 'Head', 'Search'],
  },
  describe: 'NestJS controller method',
};

/** `host.switchToHttp().getResponse<Response>()` in exception filters and interceptors: the platform's response. */
export const nestResponseFactory: ResponseFactoryMethods = {
  framework: 'NestJS',
  methods: ['getResponse'],
  model: expressResponse,
};
