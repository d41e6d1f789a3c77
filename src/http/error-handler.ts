// One shape for every error a client sees: `{ message }` (plus `issues` for bad input). A 4xx
// carries its reason; anything unexpected is a 500 with the request id to quote, never a stack:
// the stack goes to the log.
import type { FastifyError, FastifyInstance } from 'fastify';
import { RequestValidationError, type ValidationIssue } from './zod-validation.ts';

export interface ErrorBody {
  message: string;
  issues?: ValidationIssue[];
  requestId?: string;
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    void reply.code(404).send({ message: `no route ${request.method} ${path}` } satisfies ErrorBody);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof RequestValidationError) {
      return reply.code(400).send({ message: error.message, issues: error.issues } satisfies ErrorBody);
    }
    if (error.validation) {
      // A JSON-schema (ajv) validation failure from a route outside a zod scope.
      return reply.code(400).send({ message: `invalid ${error.validationContext}: ${error.message}` });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // fastify's own client errors (bad JSON, body too large, wrong content type) and 429s.
      return reply.code(status).send({ message: error.message } satisfies ErrorBody);
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ message: 'internal error', requestId: request.id } satisfies ErrorBody);
  });
}
