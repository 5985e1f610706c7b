/** Express (and Node `http`) responses: what sends data to the client, and the settings that put stack traces in responses. */
import type { ResponseModel, StackConfigModel } from './responses.js';

export const expressResponse: ResponseModel = {
  framework: 'Express',
  paramNames: ['res', 'response', 'resp', '_res'],
  paramTypes: ['Response', 'ServerResponse', 'OutgoingMessage'],
  sendMethods: { send: [0], json: [0], jsonp: [0], end: [0], write: [0], render: [1] },
  chainMethods: ['status', 'type', 'contentType', 'set', 'header', 'append', 'vary', 'location', 'cookie', 'clearCookie', 'links', 'attachment'],
  headerMethods: { setHeader: 1, set: 1, header: 1, append: 1 },
  sentProperties: [['statusMessage']],
};

export const expressStackConfig: StackConfigModel = {
  framework: 'Express',
  middleware: [
    // app.use(errorhandler()): renders err.stack in every error response
    { packages: ['errorhandler'], path: [], label: 'errorhandler()' },
    // Express 3 / Connect: app.use(express.errorHandler({ showStack: true }))
    { packages: ['express', 'connect'], path: ['errorHandler'], label: 'express.errorHandler()' },
  ],
  settings: [
    // the default final handler sends the stack whenever env is not 'production'
    { method: 'set', name: 'env', value: 'development' },
    { method: 'set', name: 'showStackError', value: true },
  ],
  options: [],
};
