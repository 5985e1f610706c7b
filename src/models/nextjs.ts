/** Next.js App Router route handlers: `request.nextUrl.searchParams`, `await request.json()`. */
import type { RequestModel } from './types.js';

export const nextRequest: RequestModel = {
  framework: 'Next.js',
  paramNames: ['request', 'req'],
  paramTypes: ['NextRequest', 'Request'],
  inputs: [['nextUrl', 'searchParams'], ['nextUrl', 'pathname'], ['url'], ['headers'], ['cookies']],
  inputMethods: [['json'], ['text'], ['formData'], ['headers', 'get'], ['cookies', 'get'], ['nextUrl', 'searchParams', 'get']],
};
