// Small builders for Swagger 1.2 api-declarations. ari-client builds its whole API surface from what
// the server serves, so these objects are the simulator's public contract; the contract tests compare
// them with the reference files of Asterisk 22.10.1.

export type ParamType = 'path' | 'query' | 'body';

export interface SwaggerParam {
  name: string;
  paramType: ParamType;
  /** ari-client calls `dataType.toLowerCase()`, so every parameter must carry one. */
  dataType: string;
  required: boolean;
  allowMultiple: boolean;
}

export interface SwaggerOperation {
  httpMethod: 'GET' | 'POST' | 'PUT' | 'DELETE';
  nickname: string;
  responseClass: string;
  parameters: SwaggerParam[];
  upgrade?: 'websocket';
}

export interface SwaggerApi {
  path: string;
  operations: SwaggerOperation[];
}

export interface SwaggerProperty {
  type: string;
  required?: boolean;
}

export interface SwaggerModel {
  id: string;
  properties: Record<string, SwaggerProperty>;
  subTypes?: string[];
  discriminator?: string;
}

export interface ApiDeclaration {
  apiVersion: string;
  swaggerVersion: '1.2';
  basePath: string;
  resourcePath: string;
  apis: SwaggerApi[];
  models: Record<string, SwaggerModel>;
}

export const pathParam = (name: string, dataType = 'string'): SwaggerParam => ({
  name,
  paramType: 'path',
  dataType,
  required: true,
  allowMultiple: false,
});

export const query = (
  name: string,
  dataType = 'string',
  opts: { required?: boolean; multiple?: boolean } = {},
): SwaggerParam => ({
  name,
  paramType: 'query',
  dataType,
  required: opts.required ?? false,
  allowMultiple: opts.multiple ?? false,
});

export const body = (name: string, required = false, dataType = 'containers'): SwaggerParam => ({
  name,
  paramType: 'body',
  dataType,
  required,
  allowMultiple: false,
});

export const op = (
  httpMethod: SwaggerOperation['httpMethod'],
  nickname: string,
  responseClass: string,
  parameters: SwaggerParam[] = [],
): SwaggerOperation => ({ httpMethod, nickname, responseClass, parameters });

/** `props('id:string*', 'name:string')`: a trailing `*` marks a required property. */
export function model(id: string, ...props: string[]): SwaggerModel {
  const properties: Record<string, SwaggerProperty> = {};
  for (const spec of props) {
    const required = spec.endsWith('*');
    const [name, type] = (required ? spec.slice(0, -1) : spec).split(/:(.*)/s) as [string, string];
    properties[name] = required ? { type, required: true } : { type };
  }
  return { id, properties };
}

export function declaration(resource: string, apis: SwaggerApi[], models: SwaggerModel[]): ApiDeclaration {
  return {
    apiVersion: '2.0.0',
    swaggerVersion: '1.2',
    basePath: 'http://localhost:8088/ari',
    resourcePath: `/api-docs/${resource}.{format}`,
    apis,
    models: Object.fromEntries(models.map((m) => [m.id, m])),
  };
}
