/** NestJS: controller parameters injected from the request. */
import type { DecoratorSourceModel } from './types.js';

export const nestParameters: DecoratorSourceModel = {
  framework: 'NestJS',
  packages: ['@nestjs/common'],
  decorators: ['Body', 'Query', 'Param', 'Headers', 'Req', 'Request', 'Cookies'],
};
