// The channel operations an IVR uses (a subset of Asterisk 22's channels declaration).
import { body, declaration, model, op, pathParam, query } from './builders.ts';

const channelId = pathParam('channelId');

const originateParams = [
  query('endpoint', 'string', { required: true }),
  query('extension'),
  query('context'),
  query('priority', 'long'),
  query('label'),
  query('app'),
  query('appArgs'),
  query('callerId'),
  query('timeout', 'int'),
  body('variables'),
];
const idParams = [query('otherChannelId'), query('originator'), query('formats')];
const playParams = [
  query('media', 'string', { required: true, multiple: true }),
  query('lang'),
  query('offsetms', 'int'),
  query('skipms', 'int'),
];

export const channelsDeclaration = declaration(
  'channels',
  [
    {
      path: '/channels',
      operations: [
        op('GET', 'list', 'List[Channel]'),
        op('POST', 'originate', 'Channel', [...originateParams, query('channelId'), ...idParams]),
      ],
    },
    {
      path: '/channels/create',
      operations: [
        op('POST', 'create', 'Channel', [
          query('endpoint', 'string', { required: true }),
          query('app', 'string', { required: true }),
          query('appArgs'),
          query('channelId'),
          ...idParams,
          body('variables'),
        ]),
      ],
    },
    {
      path: '/channels/{channelId}',
      operations: [
        op('GET', 'get', 'Channel', [channelId]),
        op('POST', 'originateWithId', 'Channel', [channelId, ...originateParams, ...idParams]),
        op('DELETE', 'hangup', 'void', [channelId, query('reason_code'), query('reason')]),
      ],
    },
    { path: '/channels/{channelId}/answer', operations: [op('POST', 'answer', 'void', [channelId])] },
    {
      path: '/channels/{channelId}/ring',
      operations: [op('POST', 'ring', 'void', [channelId]), op('DELETE', 'ringStop', 'void', [channelId])],
    },
    {
      path: '/channels/{channelId}/dtmf',
      operations: [
        op('POST', 'sendDTMF', 'void', [
          channelId,
          query('dtmf'),
          query('before', 'int'),
          query('between', 'int'),
          query('duration', 'int'),
          query('after', 'int'),
        ]),
      ],
    },
    {
      path: '/channels/{channelId}/moh',
      operations: [
        op('POST', 'startMoh', 'void', [channelId, query('mohClass')]),
        op('DELETE', 'stopMoh', 'void', [channelId]),
      ],
    },
    {
      path: '/channels/{channelId}/play',
      operations: [op('POST', 'play', 'Playback', [channelId, ...playParams, query('playbackId')])],
    },
    {
      path: '/channels/{channelId}/play/{playbackId}',
      operations: [op('POST', 'playWithId', 'Playback', [channelId, pathParam('playbackId'), ...playParams])],
    },
    {
      path: '/channels/{channelId}/variable',
      operations: [
        op('GET', 'getChannelVar', 'Variable', [channelId, query('variable', 'string', { required: true })]),
        op('POST', 'setChannelVar', 'void', [
          channelId,
          query('variable', 'string', { required: true }),
          query('value'),
        ]),
      ],
    },
    {
      path: '/channels/{channelId}/dial',
      operations: [op('POST', 'dial', 'void', [channelId, query('caller'), query('timeout', 'int')])],
    },
  ],
  [
    model('CallerID', 'name:string*', 'number:string*'),
    model(
      'DialplanCEP',
      'context:string*',
      'exten:string*',
      'priority:long*',
      'app_name:string*',
      'app_data:string*',
    ),
    model(
      'Channel',
      'id:string*',
      'protocol_id:string*',
      'name:string*',
      'state:string*',
      'caller:CallerID*',
      'connected:CallerID*',
      'accountcode:string*',
      'dialplan:DialplanCEP*',
      'creationtime:Date*',
      'language:string*',
    ),
  ],
);
