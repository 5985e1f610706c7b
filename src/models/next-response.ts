/** Next.js: pages API responses (`NextApiResponse`) and App Router responses (`NextResponse.json`, `new Response`). */
import type { ResponseClassModel, ResponseModel } from './responses.js';

export const nextApiResponse: ResponseModel = {
  framework: 'Next.js',
  paramNames: [],
  paramTypes: ['NextApiResponse'],
  sendMethods: { send: [0], json: [0], end: [0], write: [0] },
  chainMethods: ['status', 'setHeader'],
  headerMethods: { setHeader: 1 },
  sentProperties: [['statusMessage']],
};

export const nextResponseFactories: ResponseClassModel[] = [
  { framework: 'Next.js', packages: ['next/server'], name: 'NextResponse', staticMethods: { json: [0] }, constructorArguments: [0] },
  // the Fetch API Response of route handlers (Next.js App Router, Remix, Hono, workers)
  { framework: 'Fetch API', packages: [], name: 'Response', staticMethods: { json: [0] }, constructorArguments: [0] },
];
