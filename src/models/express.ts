/** Express (and Connect-style) request input. Also covers Next.js pages API routes (`NextApiRequest`). */
import type { RequestModel } from './types.js';

export const expressRequest: RequestModel = {
  framework: 'Express',
  paramNames: ['req', 'request'],
  paramTypes: ['Request', 'NextApiRequest', 'IncomingMessage', 'FastifyRequest', 'NextRequest'],
  inputs: [['query'], ['params'], ['body'], ['headers'], ['cookies'], ['signedCookies'], ['url'], ['originalUrl'], ['path'], ['files'], ['file']],
  inputMethods: [['get'], ['header'], ['param'], ['json'], ['text'], ['formData']],
};
