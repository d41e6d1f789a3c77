// zod at the HTTP boundary. Route plugins call `useZod(app)` and then write route schemas as zod
// schemas: fastify validates the request parts with them (a failure is a 400 naming the field),
// the handler sees the parsed, typed values, and the OpenAPI document is generated from them.
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifySchemaCompiler,
  FastifyTypeProvider,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import { type ZodType, z } from 'zod';

export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends ZodType ? z.input<this['schema']> : unknown;
}

export type ZodFastifyInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export type RequestPart = 'body' | 'querystring' | 'params' | 'headers';

export interface ValidationIssue {
  /** Dotted path inside the part, e.g. `limit` or `slots.0.from`; empty for the part itself. */
  path: string;
  message: string;
}

/** A request part that failed its schema; the error handler turns it into a 400 with the reason. */
export class RequestValidationError extends Error {
  override readonly name = 'RequestValidationError';
  readonly statusCode = 400;
  readonly code = 'FST_ERR_VALIDATION';
  constructor(
    readonly part: RequestPart,
    readonly issues: ValidationIssue[],
  ) {
    super(
      `invalid ${part}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
    );
  }
}

export function isZodSchema(schema: unknown): schema is ZodType {
  return schema instanceof z.ZodType;
}

function toIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** Parses one request part by hand (for parts a route reads itself, e.g. a raw YAML body). */
export function parseRequestPart<S extends ZodType>(
  part: RequestPart,
  schema: S,
  value: unknown,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new RequestValidationError(part, toIssues(result.error));
  return result.data;
}

const PARTS: Record<string, RequestPart> = {
  body: 'body',
  querystring: 'querystring',
  params: 'params',
  headers: 'headers',
};

export const zodValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  if (!isZodSchema(schema)) {
    throw new Error(`route schemas in a zod scope must be zod schemas (got a plain object for ${httpPart})`);
  }
  const part = PARTS[httpPart ?? 'body'] ?? 'body';
  return (data: unknown) => {
    const result = schema.safeParse(data);
    return result.success
      ? { value: result.data }
      : { error: new RequestValidationError(part, toIssues(result.error)) };
  };
};

// Response schemas exist for the documentation; the handler's typed return is trusted as is.
const zodSerializerCompiler = () => (data: unknown) => JSON.stringify(data);

/** Makes this plugin's scope validate with zod and returns the instance typed for zod schemas. */
export function useZod(app: FastifyInstance): ZodFastifyInstance {
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(zodSerializerCompiler);
  return app.withTypeProvider<ZodTypeProvider>();
}

/** Turns zod route schemas into JSON Schema for @fastify/swagger; other schemas pass through. */
export function zodToOpenApi(schema: unknown, io: 'input' | 'output'): unknown {
  if (!isZodSchema(schema)) return schema;
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}
