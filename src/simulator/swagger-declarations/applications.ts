import { body, declaration, model, op, pathParam, query } from './builders.ts';

const applicationName = pathParam('applicationName');
const eventSource = query('eventSource', 'string', { required: true, multiple: true });

export const applicationsDeclaration = declaration(
  'applications',
  [
    { path: '/applications', operations: [op('GET', 'list', 'List[Application]')] },
    {
      path: '/applications/{applicationName}',
      operations: [op('GET', 'get', 'Application', [applicationName])],
    },
    {
      path: '/applications/{applicationName}/subscription',
      operations: [
        op('POST', 'subscribe', 'Application', [applicationName, eventSource]),
        op('DELETE', 'unsubscribe', 'Application', [applicationName, eventSource]),
      ],
    },
    {
      path: '/applications/{applicationName}/eventFilter',
      operations: [op('PUT', 'filter', 'Application', [applicationName, body('filter', false, 'object')])],
    },
  ],
  [
    model(
      'Application',
      'name:string*',
      'channel_ids:List[string]*',
      'bridge_ids:List[string]*',
      'endpoint_ids:List[string]*',
      'device_names:List[string]*',
      'events_allowed:List[object]*',
      'events_disallowed:List[object]*',
    ),
  ],
);
