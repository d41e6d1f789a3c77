import { declaration, model, op, query } from './builders.ts';

export const asteriskDeclaration = declaration(
  'asterisk',
  [
    {
      path: '/asterisk/info',
      operations: [op('GET', 'getInfo', 'AsteriskInfo', [query('only', 'string', { multiple: true })])],
    },
    { path: '/asterisk/ping', operations: [op('GET', 'ping', 'AsteriskPing')] },
    {
      path: '/asterisk/variable',
      operations: [
        op('GET', 'getGlobalVar', 'Variable', [query('variable', 'string', { required: true })]),
        op('POST', 'setGlobalVar', 'void', [query('variable', 'string', { required: true }), query('value')]),
      ],
    },
  ],
  [
    model(
      'BuildInfo',
      'os:string*',
      'kernel:string*',
      'options:string*',
      'machine:string*',
      'date:string*',
      'user:string*',
    ),
    model('SystemInfo', 'version:string*', 'entity_id:string*'),
    model('SetId', 'user:string*', 'group:string*'),
    model('ConfigInfo', 'name:string*', 'default_language:string*', 'max_channels:int', 'setid:SetId*'),
    model('StatusInfo', 'startup_time:Date*', 'last_reload_time:Date*'),
    model('AsteriskInfo', 'build:BuildInfo', 'system:SystemInfo', 'config:ConfigInfo', 'status:StatusInfo'),
    model('AsteriskPing', 'asterisk_id:string*', 'ping:string*', 'timestamp:string*'),
    model('Variable', 'value:string*'),
  ],
);
