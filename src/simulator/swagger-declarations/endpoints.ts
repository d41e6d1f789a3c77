// ari-client builds Endpoint objects for events that carry one, so this declaration must exist.
import { declaration, model, op } from './builders.ts';

const tech = {
  name: 'tech',
  paramType: 'path',
  dataType: 'string',
  required: false,
  allowMultiple: false,
} as const;
const resource = { ...tech, name: 'resource' } as const;

export const endpointsDeclaration = declaration(
  'endpoints',
  [
    { path: '/endpoints', operations: [op('GET', 'list', 'List[Endpoint]')] },
    { path: '/endpoints/{tech}', operations: [op('GET', 'listByTech', 'List[Endpoint]', [tech])] },
    { path: '/endpoints/{tech}/{resource}', operations: [op('GET', 'get', 'Endpoint', [tech, resource])] },
  ],
  [model('Endpoint', 'technology:string*', 'resource:string*', 'state:string', 'channel_ids:List[string]*')],
);
